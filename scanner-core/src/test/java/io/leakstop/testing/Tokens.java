package io.leakstop.testing;

import io.leakstop.rules.Checksums;
import java.security.SecureRandom;

/**
 * Valid-checksum tokens made at run time. Such tokens are never committed: push protection would
 * block the repository, and every scanner, ours included, would flag it.
 */
public final class Tokens {
  private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private Tokens() {}

  public static String random(int length) {
    return random(length, ALNUM);
  }

  public static String random(int length, String alphabet) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  /** A classic GitHub PAT with a valid CRC32 checksum. */
  public static String githubPat() {
    return github("ghp_");
  }

  /** A ghp_/gho_/ghu_ token with a valid checksum; ghr_ bodies are longer. */
  public static String github(String prefix) {
    int payload = prefix.equals("ghr_") ? 70 : 30;
    return Checksums.GITHUB.complete(prefix + random(payload));
  }

  public static String npm() {
    return Checksums.NPM.complete("npm_" + random(30));
  }

  /** The same token with its last character changed: the checksum no longer holds. */
  public static String corrupt(String token) {
    char last = token.charAt(token.length() - 1);
    return token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
  }

  /** A routable GitLab PAT: base64url payload, ".01.", its length in base36, then the CRC. */
  public static String gitlabRoutable() {
    String payload = random(32, ALNUM + "-_");
    String length = Integer.toString(payload.length(), 36);
    return Checksums.GITLAB_ROUTABLE.complete("glpat-" + payload + ".01." + (length.length() < 2 ? "0" + length : length));
  }

  public static String gitlabLegacy() {
    return "glpat-" + random(20, ALNUM + "-_");
  }
}
