package io.leakstop.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BinaryTest {
  /**
   * A NUL anywhere in the first 8000 bytes, and only there, makes content binary; high bytes do
   * not.
   */
  @Test
  void aNulInTheFirst8000BytesMeansBinary() {
    Random random = new Random(2);
    for (int length : new int[] {0, 1, 7, 8, 9, 15, 16, 17, 100, 7999, 8000, 8001, 8007, 9000}) {
      byte[] text = new byte[length];
      for (int i = 0; i < length; i++) {
        text[i] = (byte) (1 + random.nextInt(255));
      }
      assertEquals(false, Binary.isBinary(text, length), "no NUL in " + length + " bytes");
      for (int at = 0; at < length; at++) {
        byte[] withNul = Arrays.copyOf(text, length);
        withNul[at] = 0;
        assertEquals(
            at < Binary.PROBE, Binary.isBinary(withNul, length), "NUL at " + at + " of " + length);
        assertEquals(false, Binary.isBinary(withNul, at), "the NUL lies past the length given");
      }
    }
  }
}
