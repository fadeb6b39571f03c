package io.leakstop.source;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Tells binary content from text the way git does, a NUL byte in the first 8000 bytes, except that
 * UTF-16 text ({@link Utf16}) is text: a reader turns it into UTF-8 before detection.
 */
public final class Binary {
  /** How many leading bytes decide. */
  public static final int PROBE = 8000;

  /**
   * Eight bytes at a time: every text blob of a history is probed, and a byte at a time this showed
   * in a history scan's profile with the quick JIT compiler (bench/RESULTS.md, Figures from
   * comments).
   */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  private Binary() {}

  /** Only where a NUL was found: ordinary text never pays for the UTF-16 test. */
  private static boolean notUtf16(byte[] data, int length) {
    return Utf16.charsetOf(data, length) == null;
  }

  public static boolean isBinary(byte[] data, int length) {
    int n = Math.min(length, PROBE);
    int i = 0;
    for (; i + Long.BYTES <= n; i += Long.BYTES) {
      long word = (long) LONGS.get(data, i);
      if (((word - ONES) & ~word & HIGHS) != 0) {
        return notUtf16(data, length);
      }
    }
    for (; i < n; i++) {
      if (data[i] == 0) {
        return notUtf16(data, length);
      }
    }
    return false;
  }
}
