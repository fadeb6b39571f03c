package io.leakstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakstop.testing.GitRepo;
import io.leakstop.testing.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files a scanned repository supplies ({@code .leakstopignore}, {@code .leakstop.yaml}, {@code
 * .gitleaks.toml} and what it extends, {@code .gitleaksignore}) are read only as regular files
 * inside it, and errors about them name file, line and problem without quoting the content.
 */
class HostileRepositoryTest {
  @TempDir Path tmp;

  /** A value of this process's environment that an echo of /proc/self/environ would show. */
  private static String environmentValue() {
    String path = System.getenv("PATH");
    assertTrue(path != null && path.length() > 4, "the test needs PATH in the environment");
    return path;
  }

  private GitRepo repoWithIgnoreLink(Path target) throws Exception {
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    repo.write("app.env", "T=" + Tokens.githubPat() + "\n");
    Files.createSymbolicLink(repo.dir().resolve(".leakstopignore"), target);
    repo.commitAll("x");
    return repo;
  }

  @Test
  void anIgnoreFileLinkedToProcSelfEnvironIsRefusedWithoutPrintingTheEnvironment()
      throws Exception {
    GitRepo repo = repoWithIgnoreLink(Path.of("/proc/self/environ"));
    Cli.Run run = Cli.run("scan", repo.dir().toString());
    assertEquals(2, run.code(), run.err());
    assertFalse(run.err().contains(environmentValue()), run.err());
    assertFalse(run.out().contains(environmentValue()), run.out());
    assertTrue(run.err().contains(repo.dir().resolve(".leakstopignore").toString()), run.err());
    assertTrue(run.err().contains("outside the repository"), run.err());
  }

  @Test
  void protectStagedRefusesTheSameLink() throws Exception {
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    repo.write("README.md", "hi\n").commitAll("base");
    Files.createSymbolicLink(repo.dir().resolve(".leakstopignore"), Path.of("/proc/self/environ"));
    repo.write("app.env", "T=" + Tokens.githubPat() + "\n");
    repo.git("add", "app.env");
    Cli.Run run = Cli.run("protect", "--staged", "--source", repo.dir().toString());
    assertEquals(2, run.code(), run.err());
    assertFalse(run.err().contains(environmentValue()), run.err());
    assertTrue(run.err().contains("outside the repository"), run.err());
  }

  @Test
  void anIgnoreFileLinkedToAFileOutsideTheRepositoryIsNotRead() throws Exception {
    Path outside = tmp.resolve("outside.txt");
    Files.writeString(outside, "not a fingerprint: private notes\n");
    GitRepo repo = repoWithIgnoreLink(outside);
    Cli.Run run = Cli.run("scan", "--files", repo.dir().toString());
    assertEquals(2, run.code(), run.err());
    assertFalse(run.err().contains("private notes"), run.err());
  }

  @Test
  void anIgnoreLineHoldingATokenIsNamedByLineNotQuoted() throws Exception {
    String token = Tokens.githubPat();
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    repo.write(".leakstopignore", "# known\n" + token + "\n");
    repo.write("a.txt", "nothing\n").commitAll("x");
    Cli.Run run = Cli.run("scan", repo.dir().toString());
    assertEquals(2, run.code(), run.err());
    assertFalse(run.err().contains(token), run.err());
    assertTrue(run.err().contains(repo.dir().resolve(".leakstopignore") + ":2: "), run.err());
    assertTrue(run.err().contains("not a fingerprint"), run.err());
  }

  @Test
  void configsAndGitleaksFilesLinkedOutsideTheRepositoryAreRefused() throws Exception {
    Path outside = tmp.resolve("outside");
    Files.createDirectories(outside);
    Files.writeString(outside.resolve("secret.yaml"), "disable: [x]\n");
    for (String name : new String[] {".leakstop.yaml", ".gitleaks.toml", ".gitleaksignore"}) {
      GitRepo repo = GitRepo.init(tmp.resolve("r" + name));
      repo.write("a.txt", "nothing\n");
      Files.createSymbolicLink(repo.dir().resolve(name), outside.resolve("secret.yaml"));
      repo.commitAll("x");
      Cli.Run run = Cli.run("scan", "--files", repo.dir().toString());
      assertEquals(2, run.code(), name + ": " + run.err());
      assertTrue(
          run.err().contains(repo.dir().resolve(name) + ": ")
              && run.err().contains("outside the repository"),
          run.err());
    }
  }

  @Test
  void aGitleaksExtendPathThroughALinkLeavingTheRepositoryIsRefused() throws Exception {
    Path outside = tmp.resolve("outside.toml");
    Files.writeString(outside, "title = 'elsewhere'\n");
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    repo.write(".gitleaks.toml", "[extend]\npath = \"base.toml\"\n");
    Files.createSymbolicLink(repo.dir().resolve("base.toml"), outside);
    repo.commitAll("x");
    Cli.Run run = Cli.run("scan", "--files", repo.dir().toString());
    assertEquals(2, run.code(), run.err());
    assertTrue(
        run.err().contains("base.toml") && run.err().contains("outside the repository"), run.err());
  }

  @Test
  void aLinkInsideTheRepositoryIsStillRead() throws Exception {
    String token = Tokens.githubPat();
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    repo.write("a.txt", "T=" + token + "\n").commitAll("x");
    Cli.Run first = Cli.run("scan", "--files", repo.dir().toString(), "--format", "json");
    String fingerprint = first.out().replaceAll("(?s).*\"fingerprint\" ?: ?\"([^\"]+)\".*", "$1");
    repo.write("config/ignore", fingerprint + "  # fixture\n");
    Files.createSymbolicLink(repo.dir().resolve(".leakstopignore"), Path.of("config/ignore"));
    Cli.Run run = Cli.run("scan", "--files", repo.dir().toString());
    assertEquals(0, run.code(), run.out() + run.err());
  }

  @Test
  void anOversizedIgnoreFileIsRefusedByName() throws Exception {
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    repo.write(".leakstopignore", "#".repeat(17 << 20) + "\n");
    repo.write("a.txt", "nothing\n");
    Cli.Run run = Cli.run("scan", "--files", repo.dir().toString());
    assertEquals(2, run.code(), run.err());
    assertTrue(
        run.err().contains(".leakstopignore: ") && run.err().contains("larger than"), run.err());
  }

  @Test
  void aBrokenBaselineIsNamedWithoutQuotingItsContent() throws Exception {
    String token = Tokens.githubPat();
    Path baseline = tmp.resolve("baseline.json");
    Files.writeString(baseline, "{\"findings\": [" + token + "]}\n");
    Files.createDirectories(tmp.resolve("empty"));
    Cli.Run run =
        Cli.run(
            "scan", "--files", tmp.resolve("empty").toString(), "--baseline", baseline.toString());
    assertEquals(2, run.code(), run.err());
    assertTrue(run.err().contains(baseline.toString()), run.err());
    assertFalse(run.err().contains(token), run.err());
  }

  @Test
  void aTokenInAYamlConfigLineIsNotQuotedInTheSyntaxError() throws Exception {
    String token = Tokens.githubPat();
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    repo.write(".leakstop.yaml", "disable: [x\nexclude: " + token + ": : :\n");
    repo.write("a.txt", "nothing\n");
    Cli.Run run = Cli.run("scan", "--files", repo.dir().toString());
    assertEquals(2, run.code(), run.err());
    assertFalse(run.err().contains(token), run.err());
    assertTrue(run.err().contains(".leakstop.yaml:"), run.err());
  }
}
