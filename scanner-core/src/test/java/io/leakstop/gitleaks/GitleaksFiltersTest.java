package io.leakstop.gitleaks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakstop.filter.FindingFilter;
import io.leakstop.finding.Finding;
import io.leakstop.rules.Config;
import io.leakstop.rules.ConfigException;
import io.leakstop.scan.Scanner;
import io.leakstop.source.CommitInfo;
import io.leakstop.source.Fragment;
import io.leakstop.source.Location;
import io.leakstop.testing.Tokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * .gitleaksignore, gitleaks:allow and gitleaks reports as baselines, against findings of a real
 * scan.
 */
class GitleaksFiltersTest {
  static final String C1 = "1111111111111111111111111111111111111111";
  static final String C2 = "2222222222222222222222222222222222222222";
  static final Config CONFIG =
      GitleaksConfig.parse(
          Path.of(".gitleaks.toml"),
          """
          [[rules]]
          id = "acme-api-key"
          regex = '''acme_live_[a-z0-9]{24}'''
          keywords = ["acme_live"]

          [[rules]]
          id = "aws-access-key-id"
          regex = '''\\b((?:AKIA|ASIA)[A-Z2-7]{16})\\b'''
          keywords = ["akia", "asia"]
          """);

  static String key() {
    return "acme_live_" + Tokens.random(24, "abcdefghijklmnopqrstuvwxyz0123456789");
  }

  /** Findings of one blob introduced at src/app.py by two commits. */
  static List<Finding> scan(String text, FindingFilter... filters) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Fragment blob =
        new Fragment(
            bytes,
            bytes.length,
            "src/app.py",
            (line, column) -> List.of(at(line, column, C1), at(line, column, C2)));
    return Scanner.forConfig(CONFIG).withFilters(List.of(filters)).findings(blob);
  }

  static Location at(int line, int column, String commit) {
    return new Location(
        "src/app.py",
        line,
        column,
        "blob",
        new CommitInfo(commit, "A", "a@example.com", Instant.EPOCH, "c"));
  }

  static List<String> where(List<Finding> findings) {
    return findings.stream()
        .map(f -> f.location().commit().id().substring(0, 1) + ":" + f.location().line())
        .toList();
  }

  @Test
  void gitleaksIgnoreTakesCommitAndGlobalFingerprints() {
    String text = "a=" + key() + "\nb=" + key() + "\nc=" + key() + "\n";
    assertEquals(List.of("1:1", "2:1", "1:2", "2:2", "1:3", "2:3"), where(scan(text)));
    GitleaksIgnore ignore =
        GitleaksIgnore.parse(
            ".gitleaksignore",
            """
            # reviewed 2026-10-01
            %s:src/app.py:acme-api-key:1
            src/app.py:acme-api-key:2

            /home/runner/work/app/src\\app.py:acme-api-key:3
            src/app.py:other-rule:1
            """
                .formatted(C1));
    assertEquals(List.of("2:1"), where(scan(text, ignore)));
  }

  @Test
  void gitleaksRuleIdsMapToLeakstopRules() {
    String text = "AWS_KEY=AKIA" + Tokens.random(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") + "\n";
    GitleaksIgnore ignore =
        GitleaksIgnore.parse(".gitleaksignore", "src/app.py:aws-access-token:1\n");
    assertEquals(2, scan(text).size());
    assertTrue(scan(text, ignore).isEmpty());
  }

  @Test
  void malformedFingerprintsNameTheLine() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> GitleaksIgnore.parse(".gitleaksignore", "# ok\nsrc/app.py:acme-api-key\n"));
    assertEquals(2, e.line());
    assertTrue(
        e.getMessage().startsWith(".gitleaksignore:2: not a gitleaks fingerprint"), e.getMessage());
  }

  @Test
  void gitleaksAllowCommentsSilenceTheirLine() {
    String text =
        "a=" + key() + " # gitleaks:allow\nb=" + key() + " // leakstop:allow\nc=" + key() + "\n";
    assertEquals(List.of("1:3", "2:3"), where(scan(text)));
  }

  @Test
  void aGitleaksReportIsABaselineBySecretOrByLine() throws Exception {
    String known = key();
    String moved = key();
    String text = "a=" + known + "\nb=" + key() + "\n\nc=" + moved + "\n";
    // As `gitleaks git --report-format json` writes it: the secret in clear unless --redact.
    String report =
        """
        [
         {"Description": "ACME key", "StartLine": 1, "EndLine": 1, "StartColumn": 3, "EndColumn": 36,
          "Match": "%1$s", "Secret": "%1$s", "File": "src/app.py", "SymlinkFile": "", "Commit": "%2$s",
          "Entropy": 4.5, "Author": "A", "Email": "a@example.com", "Date": "2026-01-01T00:00:00Z",
          "Message": "add key", "Tags": [], "RuleID": "acme-api-key", "Fingerprint": "%2$s:src/app.py:acme-api-key:1"},
         {"Description": "ACME key", "StartLine": 2, "EndLine": 2, "StartColumn": 3, "EndColumn": 36,
          "Match": "REDACTED", "Secret": "REDACTED", "File": "src/app.py", "Commit": "%2$s",
          "RuleID": "acme-api-key", "Fingerprint": "%2$s:src/app.py:acme-api-key:2"},
         {"StartLine": 9, "Secret": "%3$s", "File": "src/app.py", "Commit": "%2$s", "RuleID": "acme-api-key"}
        ]
        """
            .formatted(known, C1, moved);
    GitleaksReport baseline =
        GitleaksReport.of("gitleaks-report.json", new ObjectMapper().readTree(report));
    assertEquals(3, baseline.size());
    List<String> fresh =
        scan(text).stream()
            .filter(f -> !baseline.isKnown(f))
            .map(f -> f.location().commit().id().substring(0, 1) + ":" + f.location().line())
            .toList();
    // Line 1 by secret in both commits, line 2 (redacted) in the reported commit only, line 4 by
    // secret though the line moved.
    assertEquals(List.of("2:2"), fresh);
  }

  @Test
  void somethingElseIsNotAGitleaksReport() throws Exception {
    ObjectMapper json = new ObjectMapper();
    assertFalse(
        GitleaksReport.isGitleaksReport(
            json.readTree("{\"schema\": \"leakstop-report\", \"findings\": []}")));
    assertTrue(GitleaksReport.isGitleaksReport(json.readTree("[]")));
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> GitleaksReport.of("r.json", json.readTree("[{\"RuleID\": \"x\"}]")));
    assertTrue(e.getMessage().contains("has no File or StartLine"), e.getMessage());
  }
}
