package io.leakstop.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakstop.finding.Baseline;
import io.leakstop.finding.Finding;
import io.leakstop.gitleaks.BaselineFiles;
import io.leakstop.report.JsonReporter;
import io.leakstop.report.ReportOptions;
import io.leakstop.rules.ConfigException;
import io.leakstop.testing.Findings;
import io.leakstop.testing.Tokens;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IgnoreAndBaselineTest {
  @TempDir Path dir;

  private final String secret = Tokens.githubPat();
  private final Finding here = Findings.inFile("github-pat", "github", secret, "a.txt", 3, 1);

  @Test
  void anIgnoredFingerprintSurvivesMovesButAnotherSecretOnTheSameLineIsKept() {
    Path file = dir.resolve(IgnoreFile.FILE_NAME);
    assertEquals(
        List.of(here.fingerprint()),
        IgnoreFile.append(file, List.of(here.fingerprint()), "test fixture"));
    IgnoreFile ignore = IgnoreFile.load(file);
    assertFalse(
        ignore.keep(Findings.inFile("github-pat", "github", secret, "moved/b.txt", 90, 7)),
        "same secret elsewhere");
    assertTrue(
        ignore.keep(Findings.inFile("github-pat", "github", Tokens.githubPat(), "a.txt", 3, 1)),
        "other secret, same line");
  }

  @Test
  void leakstopsOwnFingerprintsAreNeverFindings() {
    assertFalse(
        IgnoreFile.EMPTY.keep(
            Findings.inFile(
                "generic-token",
                "generic",
                Tokens.random(32),
                "sub/" + IgnoreFile.FILE_NAME,
                1,
                1)));
    assertFalse(
        IgnoreFile.EMPTY.keep(
            Findings.inFile(
                "generic-token", "generic", "3f1c9a0e5b7d2c4a6e81", "baseline.json", 9, 30)),
        "a fingerprint's digits in a committed baseline");
    assertTrue(
        IgnoreFile.EMPTY.keep(
            Findings.inFile("generic-token", "generic", Tokens.random(32), "app.env", 1, 1)));
    assertTrue(
        IgnoreFile.EMPTY.keep(
            Findings.inFile("pusher-key", "pusher", "3f1c9a0e5b7d2c4a6e81", "app.env", 1, 1)),
        "a specific rule's 20-hex secret is still reported");
  }

  @Test
  void appendKeepsTheReasonSkipsDuplicatesAndCommentsAreAllowed() throws Exception {
    Path file = dir.resolve(IgnoreFile.FILE_NAME);
    Files.writeString(file, "# team ignores\nnpm-token:0123456789abcdef0123");
    IgnoreFile.append(
        file, List.of(here.fingerprint(), "npm-token:0123456789abcdef0123"), "rotated\nlong ago");
    assertEquals(
        "# team ignores\nnpm-token:0123456789abcdef0123\n"
            + here.fingerprint()
            + "  # rotated long ago\n",
        Files.readString(file));
    assertEquals(2, IgnoreFile.load(file).fingerprints().size());
    assertThrows(
        IllegalArgumentException.class,
        () -> IgnoreFile.append(file, List.of("not-a-fingerprint"), "x"));
    assertThrows(
        IllegalArgumentException.class,
        () -> IgnoreFile.append(file, List.of(here.fingerprint()), "  "));
  }

  @Test
  void aMalformedIgnoreLineNamesFileAndLine() throws Exception {
    Path file = dir.resolve(IgnoreFile.FILE_NAME);
    Files.writeString(file, "# ok\n\ngithub-pat:zz\n");
    ConfigException e = assertThrows(ConfigException.class, () -> IgnoreFile.load(file));
    assertEquals(
        file + ":3: not a fingerprint (expected rule-id:20-hex-digits, as reports print it)",
        e.getMessage());
  }

  @Test
  void theIgnoreFileLivesAtTheRepositoryRoot() throws Exception {
    Files.createDirectories(dir.resolve(".git"));
    Files.createDirectories(dir.resolve("src/deep"));
    assertEquals(dir.resolve(IgnoreFile.FILE_NAME), IgnoreFile.locate(dir.resolve("src/deep")));
    assertTrue(IgnoreFile.discover(dir.resolve("src/deep")).fingerprints().isEmpty());
  }

  @Test
  void aBaselineIsAPreviousJsonReport() throws Exception {
    Path report = dir.resolve("baseline.json");
    try (OutputStream out = Files.newOutputStream(report)) {
      new JsonReporter().write(Findings.result(List.of(here)), ReportOptions.DEFAULT, out);
    }
    Baseline baseline = BaselineFiles.load(report);
    assertTrue(baseline.present());
    assertTrue(
        baseline.isKnown(Findings.inFile("github-pat", "github", secret, "elsewhere.txt", 1, 1)));
    assertFalse(
        baseline.isKnown(
            Findings.inFile("github-pat", "github", Tokens.githubPat(), "a.txt", 3, 1)));
    assertFalse(Baseline.NONE.present());
  }

  @Test
  void aBaselineThatIsNotAReportStopsWithOneLine() throws Exception {
    Path sarif = dir.resolve("x.sarif");
    Files.writeString(sarif, "{\"version\":\"2.1.0\",\"runs\":[]}");
    assertEquals(
        sarif + ": not a leakstop or gitleaks JSON report (write one with --format json)",
        assertThrows(ConfigException.class, () -> BaselineFiles.load(sarif)).getMessage());
    Path garbage = dir.resolve("g.json");
    Files.writeString(garbage, "{oops");
    assertTrue(
        assertThrows(ConfigException.class, () -> BaselineFiles.load(garbage))
            .getMessage()
            .startsWith(garbage + ":1: not a JSON report: "));
    Path missing = dir.resolve("missing.json");
    assertEquals(
        missing + ": no such baseline file",
        assertThrows(ConfigException.class, () -> BaselineFiles.load(missing)).getMessage());
    Path future = dir.resolve("future.json");
    Files.writeString(future, "{\"schema\":\"leakstop-report\",\"version\":9,\"findings\":[]}");
    assertTrue(
        assertThrows(ConfigException.class, () -> BaselineFiles.load(future))
            .getMessage()
            .contains("version 9 is not supported"));
  }
}
