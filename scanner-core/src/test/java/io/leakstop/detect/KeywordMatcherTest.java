package io.leakstop.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeywordMatcherTest {
  private static final List<String> KEYWORDS =
      List.of("secret", "client_secret", "sec", "ghp_", "xoxb-", "cret");

  /**
   * Every occurrence, case-insensitively, as "keyword@end", in the order a left-to-right pass meets
   * them.
   */
  private static List<String> naive(String text) {
    List<String> found = new ArrayList<>();
    String lower = text.toLowerCase(Locale.ROOT);
    for (int end = 1; end <= lower.length(); end++) {
      for (int k = 0; k < KEYWORDS.size(); k++) {
        if (lower.startsWith(KEYWORDS.get(k), end - KEYWORDS.get(k).length())
            && end >= KEYWORDS.get(k).length()) {
          found.add(k + "@" + end);
        }
      }
    }
    return found;
  }

  private static List<String> scan(KeywordMatcher matcher, String text, int from, int to) {
    List<String> found = new ArrayList<>();
    matcher.scan(
        text.getBytes(StandardCharsets.ISO_8859_1), from, to, (k, end) -> found.add(k + "@" + end));
    found.sort(
        java.util.Comparator.comparingInt(
                (String s) -> Integer.parseInt(s.substring(s.indexOf('@') + 1)))
            .thenComparingInt(s -> Integer.parseInt(s.substring(0, s.indexOf('@')))));
    return found;
  }

  @Test
  void findsEveryOccurrenceAtEveryOffsetAndLength() {
    KeywordMatcher matcher = new KeywordMatcher(KEYWORDS);
    Random random = new Random(11);
    String alphabet = "secrtCLIENT_lghp_xob-SECRET ";
    for (int n = 0; n < 2_000; n++) {
      StringBuilder text = new StringBuilder();
      for (int i = random.nextInt(60); i > 0; i--) {
        text.append(
            random.nextInt(4) == 0
                ? KEYWORDS.get(random.nextInt(KEYWORDS.size()))
                : String.valueOf(alphabet.charAt(random.nextInt(alphabet.length()))));
      }
      String s = text.toString();
      assertEquals(naive(s), scan(matcher, s, 0, s.length()), s);
      int from = s.isEmpty() ? 0 : random.nextInt(s.length());
      List<String> expected = new ArrayList<>();
      for (String hit : naive(s.substring(from))) {
        int at = hit.indexOf('@');
        expected.add(hit.substring(0, at + 1) + (Integer.parseInt(hit.substring(at + 1)) + from));
      }
      assertEquals(expected, scan(matcher, s, from, s.length()), "from " + from + " in " + s);
    }
  }

  /**
   * Long inputs go through the four lanes: every end must be reported once, in order, at every cut.
   */
  @Test
  void findsEveryOccurrenceInLongInputsAcrossLaneBoundaries() {
    KeywordMatcher matcher = new KeywordMatcher(KEYWORDS);
    Random random = new Random(12);
    String alphabet = "secrtCLIENT_lghp_xob-SECRET \n";
    int lanesFrom =
        KeywordMatcher.LANES * (KeywordMatcher.MIN_LANE_LENGTH + "client_secret".length() - 1);
    for (int n = 0; n < 300; n++) {
      int length = lanesFrom - 50 + random.nextInt(3_000);
      StringBuilder text = new StringBuilder();
      while (text.length() < length) {
        text.append(
            random.nextInt(3) == 0
                ? KEYWORDS.get(random.nextInt(KEYWORDS.size()))
                : String.valueOf(alphabet.charAt(random.nextInt(alphabet.length()))));
      }
      String s = text.toString();
      int from = random.nextInt(40);
      List<String> expected = new ArrayList<>();
      for (String hit : naive(s.substring(from))) {
        int at = hit.indexOf('@');
        expected.add(hit.substring(0, at + 1) + (Integer.parseInt(hit.substring(at + 1)) + from));
      }
      assertEquals(expected, scan(matcher, s, from, s.length()), "length " + s.length());
      List<Integer> ends = new ArrayList<>();
      byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
      matcher.scan(bytes, from, bytes.length, (k, end) -> ends.add(end));
      List<Integer> ordered = new ArrayList<>(ends);
      ordered.sort(null);
      assertEquals(ordered, ends, "reported in order of end");
    }
  }
}
