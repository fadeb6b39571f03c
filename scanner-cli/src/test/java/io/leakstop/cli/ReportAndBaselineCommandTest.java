package io.leakstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakstop.testing.CatalogueSimulator;
import io.leakstop.testing.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportAndBaselineCommandTest {
  @TempDir Path dir;
  private Path code;
  private final String old = TestRule.token();

  @BeforeEach
  void repository() throws Exception {
    code = dir.resolve("code");
    TestRule.configure(code);
    Files.writeString(code.resolve("app.env"), "TOKEN=" + old + "\n");
  }

  @Test
  void severalReportsInOneRunBesideTheTerminalOutput() throws Exception {
    Path out = dir.resolve("reports");
    Cli.Run run =
        Cli.run(
            "scan",
            "--files",
            code.toString(),
            "--report",
            "sarif=" + out.resolve("leaks.sarif"),
            "--report",
            "json=" + out.resolve("leaks.json"),
            "--report",
            "junit=" + out.resolve("leaks.xml"),
            "--report",
            "markdown=" + out.resolve("leaks.md"),
            "--report",
            "github=" + out.resolve("annotations.txt"));
    assertEquals(1, run.code(), run.err());
    assertTrue(run.out().contains("app.env:1:7"), run.out());
    JsonNode sarif = new ObjectMapper().readTree(out.resolve("leaks.sarif").toFile());
    assertEquals("test-token", sarif.at("/runs/0/results/0/ruleId").asText());
    assertEquals(
        1, new ObjectMapper().readTree(out.resolve("leaks.json").toFile()).get("findings").size());
    assertTrue(Files.readString(out.resolve("leaks.xml")).contains("<failure type=\"test-token\""));
    assertTrue(
        Files.readString(out.resolve("leaks.md"))
            .contains("| 🔴 new | `test-token` | `app.env:1` |"));
    assertTrue(
        Files.readString(out.resolve("annotations.txt"))
            .startsWith("::error file=app.env,line=1,col=7,"));
    for (String name :
        new String[] {"leaks.sarif", "leaks.json", "leaks.xml", "leaks.md", "annotations.txt"}) {
      assertFalse(Files.readString(out.resolve(name)).contains(old), name + " must be redacted");
    }
  }

  @Test
  void aBaselineMakesOldFindingsKnownAndOnlyNewOnesFail() throws Exception {
    Path baseline = dir.resolve("baseline.json");
    assertEquals(
        1,
        Cli.run("scan", "--files", code.toString(), "--format", "json", "-o", baseline.toString())
            .code());

    Files.copy(baseline, code.resolve(".leakstop-baseline.json"));
    Cli.Run same = Cli.run("scan", "--files", code.toString(), "--baseline", baseline.toString());
    assertEquals(
        0,
        same.code(),
        "only known findings: passes with --fail-on new (the default with a baseline)");
    assertTrue(same.out().contains("known  test-token"), same.out());
    assertTrue(same.out().contains("1 leak found, 0 new, 1 known"), same.out());
    assertEquals(
        1,
        Cli.run(
                "scan",
                "--files",
                code.toString(),
                "--baseline",
                baseline.toString(),
                "--fail-on",
                "any")
            .code());

    String fresh = TestRule.token();
    Files.writeString(code.resolve("moved.env"), "\n\nX=" + old + "\nY=" + fresh + "\n");
    Files.delete(code.resolve("app.env"));
    Cli.Run moved =
        Cli.run(
            "scan",
            "--files",
            code.toString(),
            "--baseline",
            baseline.toString(),
            "--format",
            "json");
    assertEquals(1, moved.code(), moved.err());
    JsonNode findings = new ObjectMapper().readTree(moved.out()).get("findings");
    assertEquals(
        "known",
        findings.get(0).get("baseline").asText(),
        "the old secret on another line of another file is still known");
    assertEquals("new", findings.get(1).get("baseline").asText());
  }

  @Test
  void failOnActiveNeedsVerifiedFindingsAndSaysSo() {
    Cli.Run run = Cli.run("scan", "--files", code.toString(), "--fail-on", "active");
    assertEquals(0, run.code(), "no finding was verified active");
    assertTrue(
        run.err().contains("--fail-on active: no finding was verified (add --verify)"), run.err());
  }

  @Test
  void failOnActiveFailsOnlyOnSecretsTheIssuerSaysAreLive() throws Exception {
    try (CatalogueSimulator github = CatalogueSimulator.start("github")) {
      String live = Tokens.githubPat();
      String dead = Tokens.githubPat();
      github.live(live, "octocat", List.of("repo"), null).revoked(dead);
      Map<String, String> env =
          Map.of(
              "HOME",
              dir.resolve("home").toString(),
              github.env().getKey(),
              github.env().getValue());
      Path leaks = Files.createDirectories(dir.resolve("leaks"));
      Files.writeString(leaks.resolve("old.env"), "T=" + dead + "\n");
      Path sarif = dir.resolve("out.sarif");
      Cli.Run deadOnly =
          Cli.runWithEnv(
              env,
              "",
              "scan",
              "--files",
              leaks.toString(),
              "--verify",
              "--fail-on",
              "active",
              "--report",
              "sarif=" + sarif);
      assertEquals(0, deadOnly.code(), deadOnly.err());
      assertEquals(
          "inactive",
          new ObjectMapper()
              .readTree(sarif.toFile())
              .at("/runs/0/results/0/properties/verification")
              .asText());
      Files.writeString(leaks.resolve("new.env"), "T=" + live + "\n");
      Cli.Run withLive =
          Cli.runWithEnv(
              env,
              "",
              "scan",
              "--files",
              leaks.toString(),
              "--verify",
              "--fail-on",
              "active",
              "--report",
              "markdown=" + dir.resolve("summary.md"));
      assertEquals(1, withLive.code(), withLive.err());
      assertTrue(
          Files.readString(dir.resolve("summary.md")).contains("| 🔴 **new, live** |"),
          Files.readString(dir.resolve("summary.md")));
    }
  }

  @Test
  void ignoredFingerprintsAreLeftOutButAnotherSecretOnTheSameLineIsNot() throws Exception {
    JsonNode report =
        new ObjectMapper()
            .readTree(Cli.run("scan", "--files", code.toString(), "--format", "json").out());
    String fingerprint = report.at("/findings/0/fingerprint").asText();
    Path ignore = code.resolve(".leakstopignore");
    Cli.Run added =
        Cli.run(
            "ignore",
            fingerprint,
            "--reason",
            "fixture, not a real token",
            "--file",
            ignore.toString());
    assertEquals(0, added.code(), added.err());
    assertEquals("added 1 fingerprint to " + ignore + "\n", added.out());
    assertEquals(fingerprint + "  # fixture, not a real token\n", Files.readString(ignore));
    assertEquals(
        "already ignored: " + fingerprint + "\nadded 0 fingerprints to " + ignore + "\n",
        Cli.run("ignore", fingerprint, "--reason", "again", "--file", ignore.toString()).out());

    Cli.Run clean = Cli.run("scan", "--files", code.toString());
    assertEquals(0, clean.code(), clean.out());
    assertTrue(
        clean.out().contains("no leaks found") && clean.out().contains(" allowed"), clean.out());

    String other = TestRule.token();
    Files.writeString(code.resolve("app.env"), "TOKEN=" + other + "\n");
    Cli.Run again = Cli.run("scan", "--files", code.toString());
    assertEquals(1, again.code(), "a different secret on the ignored line is reported");
  }

  @Test
  void mistakesInReportOptionsAreOneLineAndExitTwo() throws Exception {
    assertEquals(
        "leakstop: --report sarif: expected FORMAT=FILE, e.g. sarif=leaks.sarif\n",
        Cli.run("scan", "--files", code.toString(), "--report", "sarif").err());
    assertTrue(
        Cli.run("scan", "--files", code.toString(), "--report", "pdf=x.pdf")
            .err()
            .startsWith(
                "leakstop: unknown format 'pdf' (known: text, json, sarif, junit, markdown, github, gitleaks-json)"));
    Cli.Run failOn = Cli.run("scan", "--files", code.toString(), "--fail-on", "some");
    assertEquals(2, failOn.code());
    assertEquals(
        "leakstop: unknown --fail-on value 'some' (expected new, active or any)\n", failOn.err());
    Path missing = dir.resolve("nope.json");
    Cli.Run baseline =
        Cli.run("scan", "--files", code.toString(), "--baseline", missing.toString());
    assertEquals(2, baseline.code());
    assertEquals("leakstop: " + missing + ": no such baseline file\n", baseline.err());
    Files.writeString(code.resolve(".leakstopignore"), "oops\n");
    Cli.Run ignore = Cli.run("scan", "--files", code.toString());
    assertEquals(2, ignore.code());
    assertTrue(
        ignore
            .err()
            .startsWith("leakstop: " + code.resolve(".leakstopignore") + ":1: not a fingerprint"),
        ignore.err());
    assertEquals(
        2,
        Cli.run("ignore", "nope", "--reason", "x", "--file", dir.resolve("i").toString()).code());
    assertEquals(
        2, Cli.run("ignore", "test-token:0123456789abcdef0123").code(), "--reason is required");
  }
}
