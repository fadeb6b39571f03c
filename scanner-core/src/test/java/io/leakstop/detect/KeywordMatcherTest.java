package io.leakstop.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakstop.rules.Rule;
import io.leakstop.rules.RuleSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
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

  /** Every keyword the default detector matches: every rule's, lower-cased, and the escapes'. */
  private static List<String> builtinKeywords() {
    Set<String> keywords = new LinkedHashSet<>();
    for (Rule rule : RuleSet.builtin().rules()) {
      rule.keywords().forEach(k -> keywords.add(k.toLowerCase(Locale.ROOT)));
    }
    keywords.addAll(EncodedRuns.escapeKeywords());
    return new ArrayList<>(keywords);
  }

  /**
   * Every keyword ending within {@code [from, to)} and starting at or after {@code from}, ASCII
   * case folded, found by trying every keyword at every position: "keyword@end", by end, and the
   * longer of two keywords ending together first.
   */
  private static List<String> naive(List<String> keywords, byte[] text, int from, int to) {
    // Only the keywords that end in the byte at hand are tried there, longest first.
    List<List<Integer>> byLastByte = new ArrayList<>();
    for (int b = 0; b < 256; b++) {
      byLastByte.add(new ArrayList<>());
    }
    for (int k = 0; k < keywords.size(); k++) {
      String keyword = keywords.get(k);
      byLastByte.get(keyword.charAt(keyword.length() - 1)).add(k);
    }
    for (List<Integer> ending : byLastByte) {
      ending.sort(Comparator.comparingInt((Integer k) -> keywords.get(k).length()).reversed());
    }
    List<String> found = new ArrayList<>();
    for (int end = from + 1; end <= to; end++) {
      for (int k : byLastByte.get(fold(text[end - 1]))) {
        String keyword = keywords.get(k);
        int start = end - keyword.length();
        boolean match = start >= from;
        for (int i = 0; match && i < keyword.length(); i++) {
          match = fold(text[start + i]) == keyword.charAt(i);
        }
        if (match) {
          found.add(k + "@" + end);
        }
      }
    }
    return found;
  }

  private static int fold(byte b) {
    int c = b & 0xff;
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
  }

  /** The hits exactly as reported, in their order. */
  private static List<String> reported(KeywordMatcher matcher, byte[] text, int from, int to) {
    List<String> found = new ArrayList<>();
    matcher.scan(text, from, to, (k, end) -> found.add(k + "@" + end));
    return found;
  }

  /**
   * Text built from pieces of keywords (whole, cut, case flipped) and bytes in no keyword,
   * non-ASCII ones included, so that hits are dense, overlap and share ends.
   */
  private static byte[] keywordFragments(List<String> keywords, Random random, int length) {
    StringBuilder text = new StringBuilder();
    while (text.length() < length) {
      String keyword = keywords.get(random.nextInt(keywords.size()));
      switch (random.nextInt(5)) {
        case 0:
          text.append(keyword);
          break;
        case 1:
          text.append(keyword.toUpperCase(Locale.ROOT));
          break;
        case 2:
          int cut = random.nextInt(keyword.length() + 1);
          text.append(random.nextBoolean() ? keyword.substring(0, cut) : keyword.substring(cut));
          break;
        case 3:
          text.append((char) (0x80 + random.nextInt(0x80)));
          break;
        default:
          text.append("\n\t =:\"'".charAt(random.nextInt(7)));
      }
    }
    return text.substring(0, length).getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * The default rules' keywords, on inputs shorter and longer than the lanes' threshold, scanned
   * whole and as a window inside a larger array: the same hits as trying every keyword at every
   * position, in the same order.
   */
  @Test
  void matchesEveryKeywordAtEveryPositionWithTheBuiltinKeywords() {
    List<String> keywords = builtinKeywords();
    KeywordMatcher matcher = new KeywordMatcher(keywords);
    int longest = keywords.stream().mapToInt(String::length).max().orElseThrow();
    int lanesFrom = KeywordMatcher.LANES * (KeywordMatcher.MIN_LANE_LENGTH + longest - 1);
    Random random = new Random(18);
    for (int n = 0; n < 60; n++) {
      int length =
          n % 3 == 0
              ? random.nextInt(lanesFrom)
              : lanesFrom - 2 * longest + random.nextInt(n % 3 == 1 ? 4 * longest : 6_000);
      byte[] text = keywordFragments(keywords, random, length);
      assertEquals(naive(keywords, text, 0, length), reported(matcher, text, 0, length), "whole");
      int from = random.nextInt(Math.max(1, length / 8));
      int to = length - random.nextInt(Math.max(1, length / 8));
      if (from <= to) {
        assertEquals(
            naive(keywords, text, from, to),
            reported(matcher, text, from, to),
            "window [" + from + ", " + to + ") of " + length);
      }
    }
  }

  /**
   * A long keyword planted at every phase of a period, so that across the phases it crosses every
   * lane's start and warm-up end at every offset: each occurrence is reported once, by one lane.
   */
  @Test
  void reportsKeywordsStraddlingLaneBoundariesOnce() {
    List<String> keywords = builtinKeywords();
    KeywordMatcher matcher = new KeywordMatcher(keywords);
    String planted = keywords.stream().max(Comparator.comparingInt(String::length)).orElseThrow();
    int period = planted.length() + 3;
    int longest = planted.length();
    for (int length :
        new int[] {
          KeywordMatcher.LANES * (KeywordMatcher.MIN_LANE_LENGTH + longest - 1),
          KeywordMatcher.LANES * (KeywordMatcher.MIN_LANE_LENGTH + longest - 1) + 1,
          5_003
        }) {
      for (int phase = 0; phase < period; phase++) {
        byte[] text = new byte[length];
        Arrays.fill(text, (byte) '\n');
        for (int at = phase; at + planted.length() <= length; at += period) {
          byte[] keyword = planted.getBytes(StandardCharsets.ISO_8859_1);
          System.arraycopy(keyword, 0, text, at, keyword.length);
        }
        assertEquals(
            naive(keywords, text, 0, length),
            reported(matcher, text, 0, length),
            "length " + length + ", phase " + phase);
      }
    }
  }

  /** A catalogue too large for the table is refused with the reason, not built half way. */
  @Test
  void refusesCataloguesWithTooManyStates() {
    Random random = new Random(19);
    List<String> keywords = new ArrayList<>();
    for (int k = 0; k < 4_000; k++) {
      StringBuilder keyword = new StringBuilder();
      for (int i = 0; i < 12; i++) {
        keyword.append((char) ('a' + random.nextInt(26)));
      }
      keywords.add(keyword.toString());
    }
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> new KeywordMatcher(keywords));
    assertTrue(refused.getMessage().startsWith("4000 keywords make "), refused.getMessage());
    assertTrue(refused.getMessage().endsWith("automaton states; at most 32767 are supported"));
  }
}
