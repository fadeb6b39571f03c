package io.leakstop.finding;

import io.leakstop.source.Location;
import io.leakstop.rules.Severity;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One secret at one location. The raw secret stays in memory; it leaves the process only to its
 * issuer, or in a report when the user asks with {@code --show-secrets}.
 *
 * @param verification null until verified
 * @param revocation null unless revocation was attempted or considered
 * @param decoding null when the secret is in the file as written; else how the encoded text at
 *     {@code location} was decoded to find it ("base64", "base64+percent"); reports show it
 * @param companions the other parts of the credential found near it (the AWS key id beside its
 *     secret, …) by companion name, for issuers to verify with; raw like the secret, so never in
 *     a report
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
    Revocation revocation,
    String decoding,
    Map<String, String> companions) {

  public Finding {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(location, "location");
    companions = companions == null ? Map.of() : Map.copyOf(companions);
  }

  /** A finding as written in the file, without companions. */
  public Finding(String ruleId, String description, String issuer, Severity severity, String secret, String redacted,
      String fingerprint, Location location, Verification verification, Revocation revocation) {
    this(ruleId, description, issuer, severity, secret, redacted, fingerprint, location, verification, revocation,
        null, Map.of());
  }

  /** The value of the companion {@code name} the rule declares, when one was found near the secret. */
  public Optional<String> companion(String name) {
    return Optional.ofNullable(companions.get(name));
  }

  public Finding withVerification(Verification verification) {
    return new Finding(ruleId, description, issuer, severity, secret, redacted, fingerprint, location, verification, revocation,
        decoding, companions);
  }

  public Finding withRevocation(Revocation revocation) {
    return new Finding(ruleId, description, issuer, severity, secret, redacted, fingerprint, location, verification, revocation,
        decoding, companions);
  }

  public Finding withLocation(Location location) {
    return new Finding(ruleId, description, issuer, severity, secret, redacted, fingerprint, location, verification, revocation,
        decoding, companions);
  }

  /** Never the raw secret: findings end up in logs and exception messages. */
  @Override
  public String toString() {
    return "Finding[" + ruleId + " " + redacted + " at " + location.display() + "]";
  }
}
