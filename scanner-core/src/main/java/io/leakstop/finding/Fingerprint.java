package io.leakstop.finding;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A stable name for one secret found by one rule: the same wherever the secret moves (other file,
 * other line, other commit), different for a different secret on the same line.
 */
public final class Fingerprint {
  /** One digest a thread: looking one up among the security providers costs more than hashing. */
  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException(e);
            }
          });

  private Fingerprint() {}

  /** {@code ruleId:} followed by 20 hex digits of SHA-256 over rule id and secret. */
  public static String of(String ruleId, String secret) {
    MessageDigest sha = SHA_256.get();
    sha.update(ruleId.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
    sha.update(secret.getBytes(StandardCharsets.UTF_8));
    return ruleId + ":" + HexFormat.of().formatHex(sha.digest(), 0, 10);
  }
}
