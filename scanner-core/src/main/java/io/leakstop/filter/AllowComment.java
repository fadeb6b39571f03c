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

  /** The first bytes of the markers: where a marker may start. */
  private static final boolean[] MARKER_FIRST = new boolean[256];

  static {
    for (byte[] marker : MARKERS) {
      MARKER_FIRST[marker[0] & 0xff] = true;
    }
  }

  private AllowComment() {}

  /** Whether a marker is in {@code data[lineStart, lineEnd)}: one pass for all markers. */
  static boolean onLine(byte[] data, int lineStart, int lineEnd) {
    for (int i = lineStart; i < lineEnd; i++) {
      if (MARKER_FIRST[data[i] & 0xff]) {
        for (byte[] marker : MARKERS) {
          if (startsAt(data, i, lineEnd, marker)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static boolean startsAt(byte[] data, int at, int to, byte[] marker) {
    if (at + marker.length > to) {
      return false;
    }
    for (int j = 0; j < marker.length; j++) {
      if (data[at + j] != marker[j]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The verdicts on the lines of one fragment's bytes, each line searched once: a long line
   * (generated HTML, minified code) with many candidates would otherwise be searched again for each
   * of them. Candidates come ordered by position, so the last line's verdict is the one asked for
   * again. Not thread-safe: one per fragment being admitted.
   */
  static final class Lines {
    private final byte[] data;
    private int lineStart = -1;
    private int lineEnd = -1;
    private boolean marked;

    Lines(byte[] data) {
      this.data = data;
    }

    boolean onLine(int start, int end) {
      if (start != lineStart || end != lineEnd) {
        marked = AllowComment.onLine(data, start, end);
        lineStart = start;
        lineEnd = end;
      }
      return marked;
    }
  }
}
