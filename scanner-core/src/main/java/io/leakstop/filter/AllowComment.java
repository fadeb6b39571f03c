package io.leakstop.filter;

import java.nio.charset.StandardCharsets;

/**
 * {@code leakstop:allow} anywhere on a line silences findings on that line; {@code gitleaks:allow}
 * too, so migrating users keep their annotations.
 */
final class AllowComment {
  private static final byte[][] MARKERS = {
    "leakstop:allow".getBytes(StandardCharsets.US_ASCII),
    "gitleaks:allow".getBytes(StandardCharsets.US_ASCII)
  };

  private AllowComment() {}

  static boolean onLine(byte[] data, int lineStart, int lineEnd) {
    for (byte[] marker : MARKERS) {
      if (indexOf(data, lineStart, lineEnd, marker) >= 0) {
        return true;
      }
    }
    return false;
  }

  private static int indexOf(byte[] data, int from, int to, byte[] needle) {
    outer:
    for (int i = from; i <= to - needle.length; i++) {
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
