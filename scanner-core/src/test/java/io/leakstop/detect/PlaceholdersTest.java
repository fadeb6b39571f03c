package io.leakstop.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {
  @Test
  void fillersWithThreeCharactersOrFewerAfterTheirPrefixArePlaceholders() {
    assertTrue(Placeholders.isPlaceholder("ghp_000000000000000000000000000000000000"));
    assertTrue(Placeholders.isPlaceholder("abababababab"));
    assertTrue(Placeholders.isPlaceholder("glpat-abcabcabcabcabcabc"));
    assertFalse(Placeholders.isPlaceholder("abcdabcdabcd"));
    assertFalse(
        Placeholders.isPlaceholder("ghp_aaaaaaa"), "a body under eight characters is not judged");
    assertFalse(Placeholders.isPlaceholder("Zq8vT2mXw9LpK4rB7nYe"));
  }

  /** The same answers as counting distinct characters with a stream, which this replaced. */
  @Test
  void countsDistinctCharactersLikeAStream() {
    Random random = new Random(3);
    for (int round = 0; round < 20_000; round++) {
      StringBuilder s = new StringBuilder();
      if (random.nextBoolean()) {
        s.append(random.nextBoolean() ? "ghp_" : "sk-live-");
      }
      int alphabet = 1 + random.nextInt(5);
      for (int i = random.nextInt(20); i > 0; i--) {
        s.append((char) ('p' + random.nextInt(alphabet)));
      }
      String secret = s.toString();
      assertEquals(streamVerdict(secret), Placeholders.isPlaceholder(secret), secret);
    }
  }

  private static boolean streamVerdict(String secret) {
    String lower = secret.toLowerCase(Locale.ROOT);
    int bodyStart = 0;
    for (int i = 0; i < Math.min(lower.length(), 16); i++) {
      if (lower.charAt(i) == '_' || lower.charAt(i) == '-') {
        bodyStart = i + 1;
      }
    }
    String body = lower.substring(bodyStart);
    return body.length() >= 8 && body.chars().distinct().count() <= 3;
  }
}
