package io.leakstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakstop.finding.Redactor;
import io.leakstop.testing.GitRepo;
import io.leakstop.testing.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What reports carry besides the secret field: commit messages, author fields and file names come
 * from the scanned repository; a known secret in them is redacted and control characters are
 * escaped in the formats people read.
 */
class ReportHygieneTest {
  private static final List<String> FORMATS =
      List.of("text", "json", "sarif", "junit", "markdown", "github", "gitleaks-json");

  @TempDir Path tmp;

  @Test
  void aTokenPastedIntoTheCommitMessageAndPathIsRedactedInEveryFormat() throws Exception {
    String token = Tokens.githubPat();
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    repo.write("keys/" + token + ".txt", "T=" + token + "\n");
    repo.git("add", "-A");
    repo.git(
        "commit",
        "-q",
        "--author",
        "Mallory " + token + " <m" + token + "@example.com>",
        "-m",
        "rotate " + token,
        "-m",
        "body " + token);
    for (String format : FORMATS) {
      Cli.Run run = Cli.run("scan", repo.dir().toString(), "--format", format);
      assertEquals(1, run.code(), format + ": " + run.err());
      assertFalse(run.out().contains(token), format + " leaks the token:\n" + run.out());
      assertFalse(run.err().contains(token), format + " leaks the token on stderr:\n" + run.err());
      assertTrue(run.out().contains(Redactor.redact(token)), format + ":\n" + run.out());
    }
    Cli.Run text = Cli.run("scan", repo.dir().toString());
    assertTrue(text.out().contains("summary      rotate " + Redactor.redact(token)), text.out());

    Cli.Run shown = Cli.run("scan", repo.dir().toString(), "--format", "json", "--show-secrets");
    assertTrue(shown.out().contains("rotate " + token), "--show-secrets shows it:\n" + shown.out());
  }

  private GitRepo repoWithHostileNames() throws Exception {
    GitRepo repo = GitRepo.init(tmp.resolve("h"));
    repo.write("x\nleak  forged-rule (critical)  forged.txt:1:1", "T=" + Tokens.githubPat() + "\n");
    repo.write("\u001b[31mred.txt", "T=" + Tokens.githubPat() + "\n");
    repo.write("tick`s | *bold*.txt", "T=" + Tokens.githubPat() + "\n");
    repo.commitAll("hostile names");
    return repo;
  }

  @Test
  void fileNamesCannotForgeTextLinesOrCarryTerminalEscapes() throws Exception {
    GitRepo repo = repoWithHostileNames();
    for (String mode : new String[] {"history", "files"}) {
      Cli.Run run =
          mode.equals("files")
              ? Cli.run("scan", "--files", repo.dir().toString())
              : Cli.run("scan", repo.dir().toString());
      assertEquals(1, run.code(), run.err());
      assertFalse(
          run.out().contains("\u001b"), mode + ": an escape reached the terminal:\n" + run.out());
      assertFalse(
          Arrays.stream(run.out().split("\n")).anyMatch(l -> l.startsWith("leak  forged-rule")),
          mode + ":\n" + run.out());
      assertTrue(
          run.out().contains("x\\nleak  forged-rule (critical)  forged.txt:1:1:1:3"),
          mode + ":\n" + run.out());
      assertTrue(run.out().contains("\\x1b[31mred.txt:1:3"), mode + ":\n" + run.out());
    }
  }

  @Test
  void markdownKeepsOneTableRowPerFindingWithNamesInCodeSpans() throws Exception {
    GitRepo repo = repoWithHostileNames();
    Cli.Run run = Cli.run("scan", repo.dir().toString(), "--format", "markdown");
    assertEquals(1, run.code(), run.err());
    List<String> rows =
        Arrays.stream(run.out().split("\n")).filter(l -> l.startsWith("| 🔴")).toList();
    assertEquals(3, rows.size(), run.out());
    assertFalse(run.out().contains("\u001b"), run.out());
    assertTrue(
        rows.stream().allMatch(r -> r.split("(?<!\\\\)\\|", -1).length == 8),
        "seven cells a row:\n" + run.out());
    assertTrue(run.out().contains("`` tick`s \\| *bold*.txt:1 ``"), run.out());
  }

  @Test
  void githubAnnotationsEscapeNewlinesAndEscapes() throws Exception {
    GitRepo repo = repoWithHostileNames();
    Cli.Run run = Cli.run("scan", repo.dir().toString(), "--format", "github");
    assertEquals(1, run.code(), run.err());
    String[] lines = run.out().split("\n");
    assertEquals(3, lines.length, run.out());
    assertTrue(Arrays.stream(lines).allMatch(l -> l.startsWith("::error file=")), run.out());
    assertFalse(run.out().contains("\u001b"), run.out());
    assertTrue(
        run.out().contains("file=x%0Aleak  forged-rule (critical)  forged.txt%3A1%3A1,"),
        run.out());
  }

  @Test
  void junitXmlStaysWellFormedWithAnEscapeInAName() throws Exception {
    GitRepo repo = repoWithHostileNames();
    Path report = tmp.resolve("junit.xml");
    Cli.Run run =
        Cli.run("scan", repo.dir().toString(), "--format", "junit", "--output", report.toString());
    assertEquals(1, run.code(), run.err());
    javax.xml.parsers.DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(report.toFile());
    assertFalse(Files.readString(report).contains("\u001b"));
  }
}
