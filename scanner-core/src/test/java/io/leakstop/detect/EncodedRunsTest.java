package io.leakstop.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link EncodedRuns#find}'s shortcuts (eight bytes at a time, base64 windows ruled out from their
 * end by the alignments of groups their characters fit, escape starts taken from the keyword pass)
 * find exactly the runs a byte-by-byte walk finds.
 */
class EncodedRunsTest {
  private static final String[] PIECES = {
    " ",
    "\n",
    "\"",
    "'",
    ".",
    "=",
    ":",
    "%",
    "\\",
    "-",
    "_",
    "/",
    "+",
    "a",
    "Z",
    "7",
    "%3D",
    "%22",
    "%zz",
    "\\u0041",
    "\\x41",
    "\\u00",
    "\\X41",
    "password",
    "ConcurrentHashMap",
    "java.util.concurrent",
    "getConnectionPoolManager",
    "abc123XYZ",
  };

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String randomText(Random random, int pieces) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < pieces; i++) {
      switch (random.nextInt(12)) {
        case 0 ->
            text.append(base64("user:" + random.nextInt(1_000_000) + "pw" + random.nextLong()));
        case 1 ->
            text.append(base64("{\"token\": \"t" + random.nextLong() + "\"}").replace('+', '-'));
        case 3 -> {
          // The shortest runs decoded: 15 to 17 bytes of text, 20 to 24 characters.
          StringBuilder plain = new StringBuilder();
          for (int j = 15 + random.nextInt(3); j > 0; j--) {
            plain.append((char) (' ' + 1 + random.nextInt(94)));
          }
          text.append(base64(plain.toString()));
        }
        case 2 -> {
          for (int j = random.nextInt(40); j > 0; j--) {
            text.append((char) ('+' + random.nextInt('z' - '+' + 1)));
          }
        }
        default -> text.append(PIECES[random.nextInt(PIECES.length)]);
      }
    }
    return text.toString();
  }

  /** Runs as text to compare: where each lies, its encoding and what it decodes to. */
  static List<String> described(List<EncodedRuns.Run> runs) {
    List<String> out = new ArrayList<>();
    for (EncodedRuns.Run run : runs) {
      out.add(
          run.start()
              + "-"
              + run.end()
              + " "
              + run.encoding()
              + " "
              + new String(run.decoded(), StandardCharsets.UTF_8));
    }
    return out;
  }

  /**
   * The escape starts the detector's keyword pass gives: hits of {@link
   * EncodedRuns#escapeKeywords()}.
   */
  private static EncodedRuns.EscapeStarts escapeStarts(byte[] data) {
    List<String> keywords = EncodedRuns.escapeKeywords();
    KeywordMatcher matcher = new KeywordMatcher(keywords);
    List<Integer> starts = new ArrayList<>();
    matcher.scan(data, 0, data.length, (k, end) -> starts.add(end - keywords.get(k).length()));
    return new EncodedRuns.EscapeStarts(
        starts.stream().mapToInt(Integer::intValue).toArray(), starts.size());
  }

  @Test
  void findsWhatAByteByByteWalkFinds() {
    Random random = new Random(16);
    int nonEmpty = 0;
    for (int n = 0; n < 3_000; n++) {
      byte[] data = randomText(random, random.nextInt(60)).getBytes(StandardCharsets.UTF_8);
      int from = data.length == 0 ? 0 : random.nextInt(Math.min(data.length, 8));
      List<String> expected =
          described(EncodedRuns.findByteByByte(data, from, data.length, 1 << 20));
      assertEquals(
          expected,
          described(EncodedRuns.find(data, from, data.length, 1 << 20)),
          new String(data, StandardCharsets.UTF_8));
      List<String> whole = described(EncodedRuns.findByteByByte(data, 0, data.length, 1 << 20));
      assertEquals(
          whole,
          described(EncodedRuns.find(data, 0, data.length, 1 << 20, escapeStarts(data))),
          new String(data, StandardCharsets.UTF_8));
      nonEmpty += whole.isEmpty() ? 0 : 1;
    }
    assertFalse(nonEmpty < 1_000, "the random texts hold encoded runs: " + nonEmpty);
  }

  /** What ends or interrupts a base64 run, or sits beside one without ending it. */
  private static final String[] SEPARATORS = {
    " ", "\n", "\r\n", "\t", "\"", "'", "`", "<", ">", ".", ",", ":", ";", "(", ")", "=", "==", "-",
    "_", "/", "+", "\u00e9", "\\", "%",
  };

  /** Text of the kinds base64 runs hide: printable ASCII, tabs and line ends. */
  private static String randomPlainText(Random random, int length) {
    StringBuilder plain = new StringBuilder();
    for (int i = 0; i < length; i++) {
      int kind = random.nextInt(20);
      plain.append(kind == 0 ? '\n' : kind == 1 ? '\t' : (char) (' ' + random.nextInt(95)));
    }
    return plain.toString();
  }

  /**
   * A base64 run around the shortest decoded, 20 characters: the encoding of 13 to 19 bytes of
   * text, in either alphabet, with or without padding, sometimes spoilt (a character changed, one
   * cut off, letters glued in front, which shift its groups) or behind an assignment's '='.
   */
  private static String base64NearMinimum(Random random) {
    byte[] plain = randomPlainText(random, 13 + random.nextInt(7)).getBytes(StandardCharsets.UTF_8);
    String run =
        random.nextBoolean()
            ? Base64.getEncoder().encodeToString(plain)
            : Base64.getUrlEncoder().encodeToString(plain);
    if (random.nextInt(3) == 0) {
      run = run.replace("=", "");
    }
    switch (random.nextInt(8)) {
      case 0 -> {
        char[] chars = run.toCharArray();
        chars[random.nextInt(chars.length)] = "Aa0+/-_z9Q".charAt(random.nextInt(10));
        run = new String(chars);
      }
      case 1 -> run = run.substring(0, run.length() - 1);
      case 2 -> run = run.substring(1);
      case 3 -> run = "xyz".substring(random.nextInt(3)) + run;
      case 4 -> run = "KEY=" + run;
      default -> {}
    }
    return run;
  }

  @Test
  void findsTheBase64RunsAByteByByteWalkFindsAroundTheShortestLength() {
    Random random = new Random(20);
    int found = 0;
    int shortest = 0;
    for (int n = 0; n < 20_000; n++) {
      StringBuilder text = new StringBuilder();
      for (int pieces = random.nextInt(8); pieces >= 0; pieces--) {
        int kind = random.nextInt(10);
        if (kind < 5) {
          text.append(base64NearMinimum(random));
        } else if (kind < 8) {
          text.append(SEPARATORS[random.nextInt(SEPARATORS.length)]);
        } else if (kind == 8) {
          text.append(PIECES[random.nextInt(PIECES.length)]);
        } else {
          text.append(randomPlainText(random, random.nextInt(30)));
        }
      }
      byte[] data = text.toString().getBytes(StandardCharsets.UTF_8);
      // Runs at the very start and end of the input, and of a range inside it.
      int from = data.length == 0 || random.nextBoolean() ? 0 : random.nextInt(data.length);
      int to = random.nextBoolean() ? data.length : from + random.nextInt(data.length - from + 1);
      List<EncodedRuns.Run> expected = EncodedRuns.findByteByByte(data, from, to, 1 << 20);
      assertEquals(
          described(expected),
          described(EncodedRuns.find(data, from, to, 1 << 20)),
          text + " [" + from + ", " + to + ")");
      for (EncodedRuns.Run run : expected) {
        found += run.encoding().equals("base64") ? 1 : 0;
        shortest += run.end() - run.start() == EncodedRuns.MIN_BASE64 ? 1 : 0;
      }
    }
    assertFalse(found < 2_000, "the random texts hold decodable base64 runs: " + found);
    assertFalse(shortest < 300, "some of them of the shortest length decoded: " + shortest);
  }
}
