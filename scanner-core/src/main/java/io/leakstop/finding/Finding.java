package io.leakstop.finding;

import io.leakstop.rules.Severity;
import java.util.Objects;

/**
 * One secret at one location. The raw secret stays in memory; it leaves the process only to its
 * issuer, or in a report when the user asks with {@code --show-secrets}.
 *
 * @param verification null until verified
 * @param revocation null unless revocation was attempted or considered
 */
public record Finding(
    String ruleId,
    String description,
    String issuer,
    Severity severity,
    String secret,
    String redacted,
    String fingerprint,
    Location location,
    Verification verification,
    Revocation revocation) {

  public Finding {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(location, "location");
  }

  public Finding withVerification(Verification verification) {
    return new Finding(ruleId, description, issuer, severity, secret, redacted, fingerprint, location, verification, revocation);
  }

  public Finding withRevocation(Revocation revocation) {
    return new Finding(ruleId, description, issuer, severity, secret, redacted, fingerprint, location, verification, revocation);
  }

  public Finding withLocation(Location location) {
    return new Finding(ruleId, description, issuer, severity, secret, redacted, fingerprint, location, verification, revocation);
  }

  /** Never the raw secret: findings end up in logs and exception messages. */
  @Override
  public String toString() {
    return "Finding[" + ruleId + " " + redacted + " at " + location.display() + "]";
  }
}
