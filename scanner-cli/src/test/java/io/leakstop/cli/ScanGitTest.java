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

/** {@code leakstop scan} on git repositories: history by default, staged, ranges, hooks. */
class ScanGitTest {
  @TempDir Path tmp;

  @Test
  void aRepositoryIsScannedWithItsHistoryByDefaultAndFilesOnlyWithDashDashFiles() throws Exception {
    String token = Tokens.githubPat();
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    String added = repo.write("app.env", "X=1\nT=" + token + "\n").commitAll("add env");
    repo.write("app.env", "X=1\n").commitAll("drop it");
    Cli.Run history = Cli.run("scan", repo.dir().toString());
    assertEquals(1, history.code(), history.err());
    assertTrue(history.out().contains("app.env:2:3"), history.out());
    assertTrue(
        history.out().contains("commit       " + added + "  Alice Example <alice@example.com>"),
        history.out());
    assertTrue(history.out().contains("summary      add env"), history.out());
    assertFalse(history.out().contains(token), "redacted by default");

    Cli.Run files = Cli.run("scan", "--files", repo.dir().toString());
    assertEquals(0, files.code(), files.out() + files.err());
  }

  @Test
  void rangeAndSinceSelectCommitsAndNeedARepository() throws Exception {
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    repo.date("2020-05-01T00:00:00Z");
    String base = repo.write("a.txt", "T=" + Tokens.githubPat() + "\n").commitAll("base");
    repo.date("2024-05-01T00:00:00Z");
    String pushed = repo.write("b.txt", "T=" + Tokens.githubPat() + "\n").commitAll("pushed");
    Cli.Run range =
        Cli.run("scan", repo.dir().toString(), "--range", base + "..HEAD", "--format", "json");
    assertEquals(1, range.code(), range.err());
    assertTrue(range.out().contains(pushed) && !range.out().contains(base), range.out());
    Cli.Run since =
        Cli.run("scan", repo.dir().toString(), "--since", "2023-01-01", "--format", "json");
    assertEquals(1, since.code(), since.err());
    assertTrue(since.out().contains("b.txt") && !since.out().contains("a.txt"), since.out());

    Cli.Run bad = Cli.run("scan", repo.dir().toString(), "--range", "nope..HEAD");
    assertEquals(2, bad.code());
    assertEquals(
        "leakstop: 'nope': no such revision in " + repo.dir().resolve(".git") + "\n", bad.err());
    Files.createDirectories(tmp.resolve("plain"));
    Cli.Run notRepo = Cli.run("scan", tmp.resolve("plain").toString(), "--since", "2024-01-01");
    assertEquals(2, notRepo.code());
    assertTrue(notRepo.err().contains("not a git repository"), notRepo.err());
  }

  @Test
  void stagedSecretsBlockWithFileLineRedactedSecretAndHowToAllow() throws Exception {
    String token = Tokens.githubPat();
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    repo.write("README.md", "hi\n").commitAll("base");
    repo.write("src/settings.py", "DEBUG = True\nGITHUB_TOKEN = '" + token + "'\n");
    repo.git("add", "src/settings.py");
    Cli.Run run = Cli.run("scan", "--staged", repo.dir().toString());
    assertEquals(1, run.code(), run.err());
    assertTrue(run.out().contains("src/settings.py:2:17"), run.out());
    assertTrue(run.out().contains(token.substring(0, 8) + "…"), run.out());
    assertFalse((run.out() + run.err()).contains(token));
    assertTrue(run.err().contains("commit blocked: 1 secret in staged changes"), run.err());
    assertTrue(
        run.err().contains("'leakstop:allow'") && run.err().contains(".leakstop.yaml"), run.err());

    repo.write(
        "src/settings.py", "DEBUG = True\nGITHUB_TOKEN = '" + token + "'  # leakstop:allow\n");
    repo.git("add", "src/settings.py");
    assertEquals(0, Cli.run("scan", "--staged", repo.dir().toString()).code());
  }

  @Test
  void hookInstallChainsAnExistingHookAndUninstallRestoresIt() throws Exception {
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    Path hooks = repo.dir().resolve(".git/hooks");
    Files.createDirectories(hooks);
    String original = "#!/bin/sh\necho original >> \"$(git rev-parse --git-dir)/ran\"\n";
    Files.writeString(hooks.resolve("pre-commit"), original);
    hooks.resolve("pre-commit").toFile().setExecutable(true);

    Cli.Run install =
        Cli.run("hook", "install", "--repo", repo.dir().toString(), "--command", "/opt/leakstop");
    assertEquals(0, install.code(), install.err());
    assertTrue(install.out().contains("previous hook runs first"), install.out());
    assertEquals(original, Files.readString(hooks.resolve("pre-commit.leakstop-chained")));
    String hook = Files.readString(hooks.resolve("pre-commit"));
    assertTrue(hook.contains("exec '/opt/leakstop' scan --staged"), hook);
    assertTrue(Files.isExecutable(hooks.resolve("pre-commit")));
    assertEquals(
        0,
        Cli.run("hook", "install", "--repo", repo.dir().toString(), "--command", "/opt/leakstop")
            .code(),
        "installing twice keeps the chained hook");
    assertEquals(original, Files.readString(hooks.resolve("pre-commit.leakstop-chained")));

    Cli.Run uninstall = Cli.run("hook", "uninstall", "--repo", repo.dir().toString());
    assertEquals(0, uninstall.code(), uninstall.err());
    assertEquals(original, Files.readString(hooks.resolve("pre-commit")));
    assertFalse(Files.exists(hooks.resolve("pre-commit.leakstop-chained")));
    assertEquals(2, Cli.run("hook", "sideways", "--repo", repo.dir().toString()).code());
  }

  @Test
  void aRepositoryWhoseOnlyPackIsCutShortIsNamedTheRestScannedAndExits3() throws Exception {
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    repo.write(
            "old.txt",
            "T=" + Tokens.githubPat() + "\n" + "filler line so the pack is not tiny\n".repeat(20))
        .commitAll("old");
    repo.write("b.txt", "nothing\n").commitAll("tip");
    repo.git("gc", "-q");
    repo.write("draft.txt", "T=" + Tokens.githubPat() + "\n");
    Path pack;
    try (var files = Files.list(repo.dir().resolve(".git/objects/pack"))) {
      pack = files.filter(f -> f.toString().endsWith(".pack")).findFirst().orElseThrow();
    }
    pack.toFile().setWritable(true);
    try (var channel =
        java.nio.channels.FileChannel.open(pack, java.nio.file.StandardOpenOption.WRITE)) {
      channel.truncate(channel.size() / 2);
    }
    Cli.Run run = Cli.run("scan", repo.dir().toString());
    assertEquals(3, run.code(), run.out() + run.err());
    assertTrue(
        run.err()
            .contains("leakstop: pack " + pack.getFileName() + ": does not end with the checksum"),
        run.err());
    assertTrue(
        run.out().contains("draft.txt:1:3"), "the working tree is still scanned: " + run.out());
    assertFalse(run.err().contains("Missing unknown"), run.err());
  }
}
