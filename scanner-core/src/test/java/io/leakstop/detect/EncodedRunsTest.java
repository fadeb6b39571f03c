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
 * {@link EncodedRuns#find}'s shortcuts (eight bytes at a time, sampled words with their neighbours,
 * escape starts taken from the keyword pass) find exactly the runs a byte-by-byte walk finds.
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

  private static List<String> described(List<EncodedRuns.Run> runs) {
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
}
