package io.leakstop.issuer;

import io.leakstop.finding.Finding;
import io.leakstop.finding.Fingerprint;
import io.leakstop.finding.Redactor;
import io.leakstop.rules.Severity;
import io.leakstop.source.Location;
import io.leakstop.testing.CatalogueSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Findings as the scanner would make them, and options pointing at simulators. */
final class Findings {
  private Findings() {}

  static Finding of(String ruleId, String issuer, String secret) {
    return Finding.builder(ruleId, secret, Location.file("config.env", 1, 1))
        .rule(ruleId, issuer, Severity.HIGH)
        .redacted(Redactor.redact(secret))
        .fingerprint(Fingerprint.of(ruleId, secret))
        .build();
  }

  static Finding of(String ruleId, String issuer, String secret, String path) {
    return of(ruleId, issuer, secret).withLocation(Location.file(path, 1, 1));
  }

  /**
   * Quick retries and a short deadline, issuers pointed at {@code simulators}, audit log in {@code
   * dir}.
   */
  static IssuerOptions options(Path dir, CatalogueSimulator... simulators) {
    Map<String, String> env = new HashMap<>();
    env.put("HOME", dir.toString());
    for (CatalogueSimulator s : simulators) {
      env.put(s.env().getKey(), s.env().getValue());
    }
    return IssuerOptions.defaults(env)
        .withRetries(3, Duration.ofMillis(20))
        .withDeadline(Duration.ofSeconds(10))
        .withAuditLog(dir.resolve("audit.jsonl"));
  }
}
