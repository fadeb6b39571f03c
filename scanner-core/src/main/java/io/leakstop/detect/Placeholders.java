package io.leakstop.detect;

import java.util.Locale;
import java.util.Set;

/**
 * Values that look like secrets but are documentation examples or template holes. Reporting them
 * would teach users to ignore the tool.
 */
final class Placeholders {
  private static final Set<String> KNOWN =
      Set.of(
          "akiaiosfodnn7example",
          "wjalrxutnfemi/k7mdeng/bpxrficyexamplekey",
          "je7mtgbclwbf/2tk6ch/2rdbpsyy6kazdy5n4lvo",
          "sk_test_4ec39hqlyjwdarjtt1zdp7dc",
          "xoxb-not-a-real-token-this-will-not-work");

  private static final String[] MARKERS = {
    "example",
    "xxxx",
    "****",
    "<",
    ">",
    "${",
    "{{",
    "}}",
    "your_",
    "your-",
    "yourtoken",
    "yourkey",
    "placeholder",
    "dummy",
    "changeme",
    "change_me",
    "redacted",
    "insert_",
    "replace_me",
    "replaceme",
    "not-a-real",
    "notarealtoken",
    "fake_token",
    "faketoken",
    "0123456789abcdef",
    "abcdefghijklmnop",
    "1234567890123"
  };

  private Placeholders() {}

  public static boolean isPlaceholder(String secret) {
    String lower = secret.toLowerCase(Locale.ROOT);
    if (KNOWN.contains(lower)) {
      return true;
    }
    for (String marker : MARKERS) {
      if (lower.contains(marker)) {
        return true;
      }
    }
    return tooFewDistinct(lower);
  }

  /**
   * A value whose body (after any prefix like {@code ghp_}) uses three characters or fewer, such as
   * {@code ghp_000000…} or {@code aaaa…}, is a filler, not a credential.
   */
  private static boolean tooFewDistinct(String lower) {
    int bodyStart = 0;
    for (int i = 0; i < Math.min(lower.length(), 16); i++) {
      char c = lower.charAt(i);
      if (c == '_' || c == '-') {
        bodyStart = i + 1;
      }
    }
    if (lower.length() - bodyStart < 8) {
      return false;
    }
    // A loop, not chars().distinct(): this runs for every candidate, often before the JIT has
    // compiled stream code, and a stream boxes every char into a set.
    char[] seen = new char[3];
    int distinct = 0;
    for (int i = bodyStart; i < lower.length(); i++) {
      char c = lower.charAt(i);
      boolean known = false;
      for (int k = 0; k < distinct && !known; k++) {
        known = seen[k] == c;
      }
      if (!known) {
        if (distinct == 3) {
          return false;
        }
        seen[distinct++] = c;
      }
    }
    return true;
  }
}
