package io.leakstop.detect;

import com.google.re2j.Matcher;
import io.leakstop.rules.Companion;
import io.leakstop.rules.Rule;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Looks for a rule's companions in the lines around a secret it found. */
final class Companions {
  /** Bytes searched on either side at most, however long the lines (minified code has one). */
  static final int MAX_REACH = 16 * 1024;

  private Companions() {}

  /**
   * Per companion of {@code rule}, the value nearest to the secret at {@code secretStart} (whose
   * line is {@code lineStart..lineEnd}) within the companion's reach; the secret itself is not its
   * own companion.
   */
  static Map<String, String> near(
      Rule rule, byte[] data, int length, int secretStart, int lineStart, int lineEnd) {
    if (rule.companions().isEmpty()) {
      return Map.of();
    }
    Map<String, String> found = new HashMap<>();
    for (Companion companion : rule.companions()) {
      int from = Math.max(linesBefore(data, lineStart, companion.lines()), secretStart - MAX_REACH);
      int to =
          (int)
              Math.min(
                  linesAfter(data, length, lineEnd, companion.lines()),
                  (long) secretStart + MAX_REACH);
      Matcher m = companion.regex().matcher(new ByteChars(data, from, to - from));
      String nearest = null;
      long distance = Long.MAX_VALUE;
      while (m.find()) {
        int group = companion.valueGroup(m);
        int start = from + m.start(group);
        int end = from + m.end(group);
        if (end <= start || start == secretStart) {
          continue;
        }
        long d = Math.abs((long) start - secretStart);
        if (d < distance) {
          distance = d;
          nearest = new String(data, start, end - start, StandardCharsets.UTF_8);
        }
      }
      if (nearest != null) {
        found.put(companion.name(), nearest);
      }
    }
    return found;
  }

  private static int linesBefore(byte[] data, int lineStart, int lines) {
    int pos = lineStart;
    for (int n = 0; n < lines && pos > 0; n++) {
      pos--;
      while (pos > 0 && data[pos - 1] != '\n') {
        pos--;
      }
    }
    return pos;
  }

  private static int linesAfter(byte[] data, int length, int lineEnd, int lines) {
    int pos = lineEnd;
    for (int n = 0; n < lines && pos < length; n++) {
      pos++;
      while (pos < length && data[pos] != '\n') {
        pos++;
      }
    }
    return pos;
  }
}
