package io.leakstop.detect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A stable name for one secret found by one rule: the same wherever the secret moves (other file,
 * other line, other commit), different for a different secret on the same line.
 */
public final class Fingerprint {
  private Fingerprint() {}

  /** {@code ruleId:} followed by 20 hex digits of SHA-256 over rule id and secret. */
  public static String of(String ruleId, String secret) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(ruleId.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(secret.getBytes(StandardCharsets.UTF_8));
      return ruleId + ":" + HexFormat.of().formatHex(sha.digest(), 0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
