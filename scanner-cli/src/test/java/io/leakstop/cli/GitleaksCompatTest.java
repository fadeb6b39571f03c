package io.leakstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakstop.testing.GitRepo;
import io.leakstop.testing.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A gitleaks user's CI invocations, unchanged but for the binary's name. */
class GitleaksCompatTest {
  static final String CONFIG =
      """
      title = "acme"

      [[rules]]
      id = "acme-api-key"
      description = "ACME API key"
      regex = '''\\b(acme_live_[a-z0-9]{24})\\b'''
      keywords = ["acme_live"]

      [allowlist]
      paths = ['''(^|/)fixtures/''']
      """;

  @TempDir Path dir;
  String key;

  @BeforeEach
  void repository() throws Exception {
    key = "acme_live_" + Tokens.random(24, "abcdefghijklmnopqrstuvwxyz0123456789");
    Files.writeString(dir.resolve(".gitleaks.toml"), CONFIG);
    Files.createDirectories(dir.resolve("src"));
    Files.createDirectories(dir.resolve("fixtures"));
    Files.writeString(dir.resolve("src/client.py"), "import os\nKEY = '" + key + "'\n");
    Files.writeString(dir.resolve("fixtures/client.py"), "KEY = '" + key + "'\n");
  }

  @Test
  void dirWithReportPathWritesGitleaksJsonFromTheRepositorysGitleaksToml() throws Exception {
    Path report = dir.resolve("gitleaks-report.json");
    Cli.Run run =
        Cli.run(
            "dir",
            dir.toString(),
            "--redact",
            "-v",
            "--no-banner",
            "--report-path",
            report.toString());
    assertEquals(1, run.code(), run.err());
    JsonNode findings = new ObjectMapper().readTree(report.toFile());
    assertEquals(1, findings.size(), findings.toString());
    JsonNode f = findings.get(0);
    assertEquals("acme-api-key", f.get("RuleID").asText());
    assertEquals("src/client.py", f.get("File").asText());
    assertEquals(2, f.get("StartLine").asInt());
    assertEquals("REDACTED", f.get("Secret").asText());
    assertEquals("src/client.py:acme-api-key:2", f.get("Fingerprint").asText());
    assertFalse(Files.readString(report).contains(key));
    assertFalse(run.err().contains(key) || run.out().contains(key));
  }

  @Test
  void fingerprintsFromTheReportSilenceFindingsInGitleaksignore() throws Exception {
    Files.writeString(
        dir.resolve(".gitleaksignore"), "# accepted risk\nsrc/client.py:acme-api-key:2\n");
    Cli.Run run = Cli.run("dir", dir.toString());
    assertEquals(0, run.code(), run.out() + run.err());
    Path elsewhere = dir.resolve("ci/ignores");
    Files.createDirectories(elsewhere);
    Files.move(dir.resolve(".gitleaksignore"), elsewhere.resolve(".gitleaksignore"));
    assertEquals(1, Cli.run("dir", dir.toString()).code());
    assertEquals(
        0, Cli.run("dir", dir.toString(), "--gitleaks-ignore-path", elsewhere.toString()).code());
  }

  @Test
  void aGitleaksReportFromLastRunIsTheBaseline() throws Exception {
    Path report = dir.resolve("gitleaks-baseline.json");
    assertEquals(1, Cli.run("dir", dir.toString(), "-r", report.toString()).code());
    Cli.Run known = Cli.run("dir", dir.toString(), "--baseline-path", report.toString());
    assertEquals(0, known.code(), known.out() + known.err());
    Files.writeString(
        dir.resolve("src/new.py"),
        "K = '" + "acme_live_" + Tokens.random(24, "abcdefghij0123456789") + "'\n");
    Cli.Run fresh = Cli.run("dir", dir.toString(), "-b", report.toString(), "-f", "json");
    assertEquals(1, fresh.code(), fresh.err());
    Files.delete(dir.resolve("src/new.py"));
    Cli.Run scan = Cli.run("scan", "--files", dir.toString(), "--baseline", report.toString());
    assertEquals(0, scan.code(), "scan takes a gitleaks report as its baseline too: " + scan.err());
  }

  @Test
  void exitCodeFormatsAndTheScanAliases() throws Exception {
    assertEquals(7, Cli.run("dir", dir.toString(), "--exit-code", "7").code());
    Path sarif = dir.resolve("leaks.sarif");
    Cli.Run unknown = Cli.run("dir", dir.toString(), "-f", "csv", "-r", sarif.toString());
    assertEquals(2, unknown.code());
    assertTrue(
        unknown.err().contains("--report-format csv: not supported by leakstop"), unknown.err());
    Path json = dir.resolve("out.json");
    Cli.Run scan =
        Cli.run(
            "scan",
            "--files",
            dir.toString(),
            "--report-format",
            "json",
            "--report-path",
            json.toString());
    assertEquals(1, scan.code(), scan.err());
    assertEquals(
        "leakstop-report", new ObjectMapper().readTree(json.toFile()).get("schema").asText());
  }

  @Test
  void gitScansCommitsWithGitleaksFingerprintsIgnoresAndCommitAllowlists() throws Exception {
    GitRepo repo = GitRepo.init(dir.resolve("repo"));
    repo.write(".gitleaks.toml", CONFIG);
    String first = repo.write("src/a.py", "A = '" + key + "'\n").commitAll("add a");
    String second =
        repo.write(
                "src/b.py",
                "\nB = '" + "acme_live_" + Tokens.random(24, "abcdefghij0123456789") + "'\n")
            .commitAll("add b");
    repo.write(
        "src/c.py", "C = '" + "acme_live_" + Tokens.random(24, "abcdefghij0123456789") + "'\n");
    Path report = dir.resolve("report.json");
    Cli.Run run =
        Cli.run(
            "git",
            repo.dir().toString(),
            "--report-format",
            "json",
            "--report-path",
            report.toString());
    assertEquals(1, run.code(), run.err());
    JsonNode findings = new ObjectMapper().readTree(report.toFile());
    assertEquals(2, findings.size(), "committed secrets only, not the working tree: " + findings);
    assertEquals(first + ":src/a.py:acme-api-key:1", findings.get(0).get("Fingerprint").asText());
    assertEquals(second, findings.get(1).get("Commit").asText());
    assertEquals("add b", findings.get(1).get("Message").asText());

    // Day one: last run's fingerprints go to .gitleaksignore, a reviewed commit to the allowlist.
    Files.writeString(dir.resolve("ignores"), findings.get(0).get("Fingerprint").asText() + "\n");
    Files.writeString(
        repo.dir().resolve(".gitleaks.toml"),
        CONFIG + "\n[[allowlists]]\ncommits = [\"" + second.substring(0, 12) + "\"]\n");
    // An [allowlist] and [[allowlists]] cannot be mixed, as in gitleaks.
    assertEquals(2, Cli.run("git", repo.dir().toString()).code());
    Files.writeString(
        repo.dir().resolve(".gitleaks.toml"),
        CONFIG.replace("[allowlist]", "[[allowlists]]")
            + "\n[[allowlists]]\ncommits = [\""
            + second.substring(0, 12)
            + "\"]\n");
    Cli.Run clean = Cli.run("git", repo.dir().toString(), "-i", dir.resolve("ignores").toString());
    assertEquals(0, clean.code(), clean.out() + clean.err());

    Cli.Run ranged =
        Cli.run("git", repo.dir().toString(), "--log-opts", first + "..HEAD", "-f", "json");
    assertEquals(0, ranged.code(), ranged.err());
    assertEquals(2, Cli.run("git", repo.dir().toString(), "--log-opts", "--no-merges").code());
  }

  @Test
  void detectAndProtectAsOlderGitleaksScriptsCallThem() throws Exception {
    GitRepo repo = GitRepo.init(dir.resolve("repo"));
    repo.write(".gitleaks.toml", CONFIG);
    repo.write("README.md", "hello\n").commitAll("init");
    repo.write("src/a.py", "A = '" + key + "'\n");
    assertEquals(0, Cli.run("detect", "--source", repo.dir().toString()).code(), "history only");
    assertEquals(1, Cli.run("detect", "--source", repo.dir().toString(), "--no-git").code());
    assertEquals(2, Cli.run("protect", "--source", repo.dir().toString()).code());
    assertEquals(0, Cli.run("protect", "--staged", "--source", repo.dir().toString()).code());
    repo.git("add", "src/a.py");
    Cli.Run staged =
        Cli.run("protect", "--staged", "--source", repo.dir().toString(), "--redact", "-v");
    assertEquals(1, staged.code(), staged.err());
    assertTrue(staged.out().contains("src/a.py"), staged.out());
  }

  @Test
  void stdinTakesATomlConfig() throws Exception {
    Path config = dir.resolve("ci.toml");
    Files.writeString(config, CONFIG);
    Cli.Run run =
        Cli.runWithInput(
            "deploying with " + key + "\n", "stdin", "--config", config.toString(), "-f", "json");
    assertEquals(1, run.code(), run.err());
    assertEquals("<stdin>", new ObjectMapper().readTree(run.out()).get(0).get("File").asText());
  }

  @Test
  void aRegexRe2jRejectsStopsWithOneLineNamingFileLineAndRule() throws Exception {
    Files.writeString(
        dir.resolve(".gitleaks.toml"),
        "[[rules]]\nid = \"lookbehind\"\nkeywords = [\"key\"]\nregex = '''(?<=key=)[a-z]{8}'''\n");
    Cli.Run run = Cli.run("dir", dir.toString());
    assertEquals(2, run.code());
    String[] lines = run.err().strip().split("\n");
    assertEquals(1, lines.length, run.err());
    assertTrue(
        lines[0].startsWith(
            "leakstop: "
                + dir.resolve(".gitleaks.toml")
                + ":4: rule 'lookbehind': regex: regex is not valid RE2"),
        lines[0]);
  }

  @Test
  void whatLeakstopCannotDoExactlyIsSaidNotHidden() throws Exception {
    Files.writeString(
        dir.resolve(".gitleaks.toml"),
        CONFIG + "\n[[rules]]\nid = \"x\"\nregex = 'x_[0-9]{9}'\nskipReport = true\n");
    Cli.Run run = Cli.run("scan", "--files", dir.toString());
    assertEquals(1, run.code(), run.err());
    assertTrue(run.err().contains("skipReport only serves composite rules"), run.err());
  }
}
