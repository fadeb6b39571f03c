package io.leakstop.finding;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the issuer said about a secret.
 *
 * @param owner the account the token belongs to (login, user name, workspace), when told
 * @param scopes scopes or permissions the token carries, when told
 * @param expiresAt when the token expires, null if never or not told
 * @param reason why the status is what it is (for unknown: the error; for inactive:
 *     revoked/expired)
 * @param details other facts the issuer told, by name
 */
public record Verification(
    Status status,
    String owner,
    List<String> scopes,
    Instant expiresAt,
    String reason,
    Map<String, String> details) {

  public enum Status {
    ACTIVE,
    INACTIVE,
    UNKNOWN,
    UNVERIFIABLE;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Status parse(String label) {
      return valueOf(label.trim().toUpperCase(Locale.ROOT));
    }
  }

  public Verification {
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
    details = details == null ? Map.of() : Map.copyOf(details);
  }

  public static Verification unverifiable(String reason) {
    return new Verification(Status.UNVERIFIABLE, null, List.of(), null, reason, Map.of());
  }
}
