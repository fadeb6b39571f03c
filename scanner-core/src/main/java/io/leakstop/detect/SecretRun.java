package io.leakstop.detect;

import com.google.re2j.Pattern;
import io.leakstop.rules.Rule;

/**
 * A necessary condition for a rule to find a secret in a window, checked before its regex runs.
 * Most rules capture the secret as one character class repeated at least n times ({@code
 * (?P<secret>[A-Za-z0-9_-]{20,200})}), so a window without n consecutive bytes of that class cannot
 * hold one. The check is a table lookup per byte; RE2/J has no DFA and spends a few hundred
 * nanoseconds per byte on the generic rules, whose keywords ({@code token}, {@code password}) are
 * on thousands of ordinary lines.
 *
 * <p>Derived from the regex source alone; whatever this class cannot read with certainty gets no
 * prefilter, never a wrong one.
 */
final class SecretRun {
  /** Below this a run is found on nearly every line and the check costs more than it saves. */
  static final int MIN_USEFUL_RUN = 8;

  private final boolean[] inClass;
  private final int minRun;

  private SecretRun(boolean[] inClass, int minRun) {
    this.inClass = inClass;
    this.minRun = minRun;
  }

  /** The rule's prefilter, or null if its secret is not one repeated class of at least 8. */
  static SecretRun of(Rule rule) {
    if (rule.regex() == null || rule.secretGroup() <= 0) {
      return null;
    }
    String body = groupBody(rule.regex().pattern(), rule.secretGroup());
    if (body == null) {
      return null;
    }
    int atomEnd = atomEnd(body);
    if (atomEnd <= 0) {
      return null;
    }
    int min = minRepeat(body, atomEnd);
    if (min < MIN_USEFUL_RUN) {
      return null;
    }
    boolean[] table = table(body.substring(0, atomEnd));
    return table == null ? null : new SecretRun(table, min);
  }

  int minRun() {
    return minRun;
  }

  /** Whether {@code data[from, to)} has {@link #minRun} consecutive bytes of the class. */
  boolean foundIn(byte[] data, int from, int to) {
    int run = 0;
    for (int i = from; i < to; i++) {
      if (inClass[data[i] & 0xff]) {
        if (++run >= minRun) {
          return true;
        }
      } else {
        run = 0;
      }
    }
    return false;
  }

  /**
   * Which bytes (as the detector presents them: one char per byte) the atom matches under any of
   * the flags a surrounding group might set, so that the table is never narrower than the class
   * in its context.
   */
  private static boolean[] table(String atom) {
    Pattern[] variants = new Pattern[4];
    String[] flags = {"", "(?i)", "(?s)", "(?is)"};
    try {
      for (int i = 0; i < flags.length; i++) {
        variants[i] = Pattern.compile(flags[i] + atom);
      }
    } catch (RuntimeException e) {
      return null;
    }
    boolean[] table = new boolean[256];
    for (int b = 0; b < 256; b++) {
      String one = String.valueOf((char) b);
      for (Pattern p : variants) {
        table[b] |= p.matches(one);
      }
    }
    return table;
  }

  /** The source text inside capturing group {@code index}, or null if it cannot be found. */
  static String groupBody(String regex, int index) {
    if (regex.contains("\\Q")) {
      return null;
    }
    int group = 0;
    int depth = 0;
    int start = -1;
    int startDepth = -1;
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '[') {
        i = classEnd(regex, i) - 1;
        if (i < 0) {
          return null;
        }
      } else if (c == '(') {
        depth++;
        boolean capturing = !regex.startsWith("(?", i) || regex.startsWith("(?P<", i) || regex.startsWith("(?<", i);
        if (capturing && ++group == index) {
          start = regex.indexOf(capturing && regex.startsWith("(?", i) ? '>' : '(', i) + 1;
          startDepth = depth;
        }
      } else if (c == ')') {
        if (depth == startDepth) {
          return regex.substring(start, i);
        }
        depth--;
      }
    }
    return null;
  }

  /** Where the single leading atom of {@code body} ends (a class, an escape or '.'), or -1. */
  private static int atomEnd(String body) {
    if (body.startsWith("[")) {
      return classEnd(body, 0);
    }
    if (body.startsWith("\\") && body.length() > 1) {
      char c = body.charAt(1);
      return "dDsSwW".indexOf(c) >= 0 ? 2 : -1;
    }
    return body.startsWith(".") ? 1 : -1;
  }

  /** The index just past the class starting at {@code open}, or -1 if it does not close. */
  private static int classEnd(String regex, int open) {
    int i = open + 1;
    if (i < regex.length() && regex.charAt(i) == '^') {
      i++;
    }
    if (i < regex.length() && regex.charAt(i) == ']') {
      i++;
    }
    for (; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '[' && regex.startsWith("[:", i)) {
        int close = regex.indexOf(":]", i + 2);
        if (close < 0) {
          return -1;
        }
        i = close + 1;
      } else if (c == ']') {
        return i + 1;
      }
    }
    return -1;
  }

  /**
   * The least number of times the atom must repeat when it is followed by exactly one quantifier
   * and nothing else ({@code {n}}, {@code {n,}}, {@code {n,m}}, lazy or not); 0 otherwise.
   */
  private static int minRepeat(String body, int atomEnd) {
    String q = body.substring(atomEnd);
    if (q.endsWith("?")) {
      q = q.substring(0, q.length() - 1);
    }
    if (!q.matches("\\{\\d{1,4}(,\\d{0,4})?}")) {
      return 0;
    }
    int comma = q.indexOf(',');
    return Integer.parseInt(q.substring(1, comma < 0 ? q.length() - 1 : comma));
  }
}
