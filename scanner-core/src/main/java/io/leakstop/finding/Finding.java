package io.leakstop.finding;

import io.leakstop.rules.Severity;
import io.leakstop.source.Location;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One secret at one location. The raw secret stays in memory; it leaves the process only to its
 * issuer, or in a report when the user asks with {@code --show-secrets}. Built with {@link
 * #builder}.
 *
 * @param verification null until verified
 * @param revocation null unless revocation was attempted or considered
 * @param decoding null when the secret is in the file as written; else how the encoded text at
 *     {@code location} was decoded to find it ("base64", "base64+percent"); reports show it
 * @param companions the other parts of the credential found near it (the AWS key id beside its
 *     secret, …) by companion name, for issuers to verify with; raw like the secret, so never in a
 *     report
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

  /**
   * A finding of rule {@code ruleId}'s secret at {@code location}; the rest is named on the
   * builder.
   */
  public static Builder builder(String ruleId, String secret, Location location) {
    return new Builder(ruleId, secret, location);
  }

  /**
   * The value of the companion {@code name} the rule declares, when one was found near the secret.
   */
  public Optional<String> companion(String name) {
    return Optional.ofNullable(companions.get(name));
  }

  public Finding withVerification(Verification verification) {
    return toBuilder().verification(verification).build();
  }

  public Finding withRevocation(Revocation revocation) {
    return toBuilder().revocation(revocation).build();
  }

  public Finding withLocation(Location location) {
    return toBuilder().location(location).build();
  }

  /** A builder holding this finding's values. */
  public Builder toBuilder() {
    return new Builder(ruleId, secret, location)
        .rule(description, issuer, severity)
        .redacted(redacted)
        .fingerprint(fingerprint)
        .verification(verification)
        .revocation(revocation)
        .decoding(decoding)
        .companions(companions);
  }

  /** Never the raw secret: findings end up in logs and exception messages. */
  @Override
  public String toString() {
    return "Finding[" + ruleId + " " + redacted + " at " + location.display() + "]";
  }

  /** Names what a {@link Finding} holds; what is not set is null (the companions: none). */
  public static final class Builder {
    private String ruleId;
    private String secret;
    private Location location;
    private String description;
    private String issuer;
    private Severity severity;
    private String redacted;
    private String fingerprint;
    private Verification verification;
    private Revocation revocation;
    private String decoding;
    private Map<String, String> companions = Map.of();

    private Builder(String ruleId, String secret, Location location) {
      this.ruleId = ruleId;
      this.secret = secret;
      this.location = location;
    }

    /** What the rule says of the secret it found. */
    public Builder rule(String description, String issuer, Severity severity) {
      this.description = description;
      this.issuer = issuer;
      this.severity = severity;
      return this;
    }

    public Builder location(Location location) {
      this.location = location;
      return this;
    }

    public Builder redacted(String redacted) {
      this.redacted = redacted;
      return this;
    }

    public Builder fingerprint(String fingerprint) {
      this.fingerprint = fingerprint;
      return this;
    }

    public Builder verification(Verification verification) {
      this.verification = verification;
      return this;
    }

    public Builder revocation(Revocation revocation) {
      this.revocation = revocation;
      return this;
    }

    public Builder decoding(String decoding) {
      this.decoding = decoding;
      return this;
    }

    public Builder companions(Map<String, String> companions) {
      this.companions = companions;
      return this;
    }

    public Finding build() {
      return new Finding(
          ruleId,
          description,
          issuer,
          severity,
          secret,
          redacted,
          fingerprint,
          location,
          verification,
          revocation,
          decoding,
          companions);
    }
  }
}
