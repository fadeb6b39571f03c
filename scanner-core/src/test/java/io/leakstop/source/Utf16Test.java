package io.leakstop.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf16Test {
  private static final String TEXT = "line one\nkey = \"value\"\nthird line, café\n";

  @Test
  void utf16TextOfEitherByteOrderWithOrWithoutMarkIsTextAndBecomesUtf8() {
    for (Charset charset :
        new Charset[] {
          StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE, StandardCharsets.UTF_16
        }) {
      // UTF_16 writes a big-endian byte order mark.
      byte[] bytes = TEXT.getBytes(charset);
      assertFalse(Binary.isBinary(bytes, bytes.length), charset.name());
      assertEquals(TEXT, new String(Utf16.asUtf8(bytes), StandardCharsets.UTF_8), charset.name());
    }
    byte[] marked = ("\uFEFF" + TEXT).getBytes(StandardCharsets.UTF_16LE);
    assertEquals(TEXT, new String(Utf16.asUtf8(marked), StandardCharsets.UTF_8));
  }

  @Test
  void binaryContentStaysBinaryAndOrdinaryTextIsLeftAsItIs() {
    Random random = new Random(7);
    byte[] noise = new byte[20_000];
    random.nextBytes(noise);
    noise[0] = 0;
    noise[1] = 0;
    assertTrue(Binary.isBinary(noise, noise.length));
    byte[] classFile = {
      (byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 0, 42, 10, 0, 2, 0, 3, 7
    };
    assertTrue(Binary.isBinary(classFile, classFile.length));
    byte[] utf32 = TEXT.getBytes(Charset.forName("UTF-32LE"));
    assertNull(Utf16.charsetOf(utf32, utf32.length), "UTF-32: not UTF-16");
    byte[] plain = TEXT.getBytes(StandardCharsets.UTF_8);
    assertSame(plain, Utf16.asUtf8(plain));
    assertArrayEquals(new byte[] {'a'}, Utf16.asUtf8(new byte[] {'a'}));
  }
}
