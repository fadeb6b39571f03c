package io.leakstop.testing;

import io.leakstop.finding.Finding;
import io.leakstop.finding.Fingerprint;
import io.leakstop.finding.Redactor;
import io.leakstop.finding.ScanResult;
import io.leakstop.finding.ScanStats;
import io.leakstop.rules.Severity;
import io.leakstop.source.CommitInfo;
import io.leakstop.source.Location;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Findings and results built by hand, for tests of what consumes them (reports, policies). */
public final class Findings {
  private Findings() {}

  public static Finding inFile(
      String ruleId, String issuer, String secret, String path, int line, int column) {
    return Finding.builder(ruleId, secret, Location.file(path, line, column))
        .rule("Test " + ruleId, issuer, Severity.HIGH)
        .redacted(Redactor.redact(secret))
        .fingerprint(Fingerprint.of(ruleId, secret))
        .build();
  }

  public static Finding inCommit(
      String ruleId,
      String issuer,
      String secret,
      String path,
      int line,
      String commit,
      String author) {
    CommitInfo info =
        new CommitInfo(
            commit,
            author,
            author.toLowerCase().replace(' ', '.') + "@example.com",
            Instant.parse("2026-11-01T10:00:00Z"),
            "add config");
    return Finding.builder(ruleId, secret, new Location(path, line, 5, "b".repeat(40), info))
        .rule("Test " + ruleId, issuer, Severity.CRITICAL)
        .redacted(Redactor.redact(secret))
        .fingerprint(Fingerprint.of(ruleId, secret))
        .build();
  }

  public static ScanResult result(List<Finding> findings) {
    return new ScanResult(
        "test",
        findings,
        new ScanStats(findings.size(), 1000, 0, List.of(), 0, Duration.ofMillis(12)),
        List.of(),
        List.of());
  }
}
