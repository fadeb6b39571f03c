package io.leakstop.source;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Text in UTF-16, as Windows tools write it (PowerShell's {@code Out-File}, registry exports,
 * Visual Studio resource files): every ASCII character there has a NUL byte beside it, so {@link
 * Binary} alone would leave such a file out. Told by its byte order mark, or without one by the NUL
 * in every other byte of mostly-ASCII text, and turned into UTF-8 for the detector, line for line.
 * A token is ASCII, so UTF-16 text that holds one always shows the NUL pattern.
 */
public final class Utf16 {
  /** Of the probed character pairs, at least this share must have the high byte NUL. */
  private static final double ASCII_SHARE = 0.7;

  /** ... and at most this share the low byte NUL: text has few NUL characters. */
  private static final double NUL_SHARE = 0.05;

  private Utf16() {}

  /**
   * The UTF-16 charset {@code data} is in, or null when it is not UTF-16 text. Two byte tests for
   * ordinary text (no mark, no NUL among the first two bytes); only then the probe.
   */
  public static Charset charsetOf(byte[] data, int length) {
    if (length < 2) {
      return null;
    }
    int first = data[0] & 0xff;
    int second = data[1] & 0xff;
    if (first == 0xFF && second == 0xFE) {
      // Not UTF-32LE, whose mark begins alike and goes on with two NULs.
      return length >= 4 && data[2] == 0 && data[3] == 0 ? null : StandardCharsets.UTF_16LE;
    }
    if (first == 0xFE && second == 0xFF) {
      return StandardCharsets.UTF_16BE;
    }
    if (first != 0 && second != 0) {
      return null;
    }
    int pairs = Math.min(length, Binary.PROBE) / 2;
    int evenNul = 0;
    int oddNul = 0;
    for (int i = 0; i < pairs * 2; i += 2) {
      if (data[i] == 0) {
        evenNul++;
      }
      if (data[i + 1] == 0) {
        oddNul++;
      }
    }
    if (oddNul >= pairs * ASCII_SHARE && evenNul <= pairs * NUL_SHARE) {
      return StandardCharsets.UTF_16LE;
    }
    if (evenNul >= pairs * ASCII_SHARE && oddNul <= pairs * NUL_SHARE) {
      return StandardCharsets.UTF_16BE;
    }
    return null;
  }

  /**
   * {@code data} as UTF-8 when it is UTF-16 text (without its byte order mark; unpaired surrogates
   * become U+FFFD), else {@code data} itself.
   */
  public static byte[] asUtf8(byte[] data) {
    Charset charset = charsetOf(data, data.length);
    if (charset == null) {
      return data;
    }
    boolean marked =
        (data[0] == (byte) 0xFF && data[1] == (byte) 0xFE)
            || (data[0] == (byte) 0xFE && data[1] == (byte) 0xFF);
    int mark = marked ? 2 : 0;
    return new String(data, mark, data.length - mark, charset).getBytes(StandardCharsets.UTF_8);
  }
}
