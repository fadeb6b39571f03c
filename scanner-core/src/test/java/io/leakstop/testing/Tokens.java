package io.leakstop.testing;

import io.leakstop.rules.Checksums;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;

/**
 * Valid-checksum tokens made at run time. Such tokens are never committed: push protection would
 * block the repository, and every scanner, ours included, would flag it.
 */
public final class Tokens {
  private static final String ALNUM =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private Tokens() {}

  public static String random(int length) {
    return random(length, ALNUM);
  }

  /**
   * {@code length} characters drawn from {@code alphabet}, redrawn in the rare case that they are
   * as repetitive as a filler: rules reject values below an entropy floor, so such a draw would
   * make a test that expects a finding fail by chance (CompanionsTest once drew a Twilio token
   * below its rule's floor and found nothing).
   */
  public static String random(int length, String alphabet) {
    double floor = 0.8 * log2(Math.min(length, alphabet.length()));
    while (true) {
      StringBuilder s = new StringBuilder(length);
      for (int i = 0; i < length; i++) {
        s.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
      }
      if (length < 8 || shannon(s) >= floor) {
        return s.toString();
      }
    }
  }

  private static double shannon(CharSequence s) {
    Map<Character, Integer> counts = new HashMap<>();
    for (int i = 0; i < s.length(); i++) {
      counts.merge(s.charAt(i), 1, Integer::sum);
    }
    double bits = 0;
    for (int count : counts.values()) {
      double p = (double) count / s.length();
      bits -= p * log2(p);
    }
    return bits;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
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
    return Checksums.GITLAB_ROUTABLE.complete(
        "glpat-" + payload + ".01." + (length.length() < 2 ? "0" + length : length));
  }

  public static String gitlabLegacy() {
    return "glpat-" + random(20, ALNUM + "-_");
  }

  /** A legacy 40-char GitHub App installation token (no checksum is enforced on ghs_). */
  public static String githubInstallation() {
    return "ghs_" + random(36);
  }

  public static String slackBot() {
    return "xoxb-" + random(12, "0123456789") + "-" + random(13, "0123456789") + "-" + random(24);
  }

  public static String doppler() {
    return "dp.pt." + random(43);
  }

  public static String huggingface() {
    return "hf_" + random(34);
  }

  public static String openaiProject() {
    return "sk-proj-" + random(120, ALNUM + "_-") + "T3BlbkFJ" + random(20);
  }

  public static String anthropic() {
    return "sk-ant-api03-" + random(93, ALNUM + "_-") + "AA";
  }

  public static String stripeLive() {
    return "sk_live_" + random(40);
  }

  /** A Discord bot token: base64 of a bot user id, a timestamp part and an HMAC part. */
  public static String discordBot() {
    return "M"
        + random(25, ALNUM + "_-")
        + "."
        + random(6, ALNUM + "_-")
        + "."
        + random(38, ALNUM + "_-");
  }
}
