package io.leakstop.finding;

import java.time.Instant;
import java.util.Locale;

/** The outcome of asking an issuer to revoke a secret. */
public record Revocation(Status status, String reason, String requestId, Instant at) {
  public enum Status {
    REVOKED,
    FAILED,
    NOT_SUPPORTED,
    SKIPPED;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Status parse(String label) {
      return valueOf(label.trim().toUpperCase(Locale.ROOT));
    }
  }
}
