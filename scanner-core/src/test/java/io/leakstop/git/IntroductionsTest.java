package io.leakstop.git;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IntroductionsTest {
  /** The search that decides whether a parent's version of a file already held a secret. */
  @Test
  void indexOfFindsTheFirstOccurrenceLikeANaiveSearch() {
    Random random = new Random(7);
    for (int round = 0; round < 20_000; round++) {
      // A small alphabet makes partial matches, repeats and overlaps common.
      byte[] data = randomBytes(random, random.nextInt(200), 1 + random.nextInt(4));
      byte[] needle = randomBytes(random, 1 + random.nextInt(6), 1 + random.nextInt(4));
      if (random.nextBoolean() && data.length >= needle.length) {
        System.arraycopy(
            needle, 0, data, random.nextInt(data.length - needle.length + 1), needle.length);
      }
      assertEquals(
          naiveIndexOf(data, needle), Introductions.indexOf(data, needle), "round " + round);
    }
  }

  @Test
  void indexOfHandlesEdges() {
    byte[] text = "token ghp_abc and ghp_abc".getBytes(StandardCharsets.UTF_8);
    assertEquals(6, Introductions.indexOf(text, "ghp_abc".getBytes(StandardCharsets.UTF_8)));
    assertEquals(0, Introductions.indexOf(text, text));
    assertEquals(
        -1,
        Introductions.indexOf(
            "ghp_ab".getBytes(StandardCharsets.UTF_8), "ghp_abc".getBytes(StandardCharsets.UTF_8)));
    assertEquals(-1, Introductions.indexOf(new byte[0], "x".getBytes(StandardCharsets.UTF_8)));
    byte[] high = {(byte) 0xe2, (byte) 0x82, (byte) 0xac, 'x', (byte) 0xff};
    assertEquals(3, Introductions.indexOf(high, new byte[] {'x', (byte) 0xff}));
  }

  private static byte[] randomBytes(Random random, int length, int alphabet) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] =
          (byte)
              (random.nextBoolean()
                  ? 'a' + random.nextInt(alphabet)
                  : 0xf0 + random.nextInt(alphabet));
    }
    return bytes;
  }

  private static int naiveIndexOf(byte[] data, byte[] needle) {
    outer:
    for (int i = 0; i <= data.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (data[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
