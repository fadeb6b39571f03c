package io.leakstop.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.leakstop.cache.BoundedCache;
import io.leakstop.rules.Rule;
import java.util.ArrayList;
import java.util.List;

/**
 * What a window must contain for a rule's regex to find a secret in it, checked in one pass of
 * table lookups before the regex runs. RE2/J has no DFA, so it is slow per byte on rules like the
 * generic ones (bench/RESULTS.md, Figures from comments), whose keywords ({@code token}, {@code
 * password}, {@code ://}) are on thousands of ordinary lines, most of which these checks turn away.
 *
 * <p>The condition is a sequence of items, each a set of bytes and a count: the window must hold,
 * in this order and without overlap, a run of that many bytes of each item's set. The items are
 * what every match must contain, read off the regex's top-level sequence and the groups in it that
 * are neither optional nor alternatives: literals, escapes and classes that accept few bytes (an
 * {@code @}, one of {@code :=}, a white-space byte), and classes repeated at least {@value
 * #MIN_USEFUL_RUN} times whatever their size (the generic rules' {@code
 * (?P<secret>[^\s"']{20,200})}). An alternative contributes one item: the union of one small item
 * from each branch.
 *
 * <p>Derived from the regex source alone. What this class cannot read with certainty adds no
 * condition, never a wrong one; letters count in both cases if the regex turns on case-insensitive
 * matching anywhere, and classes are read under every flag a surrounding group might set.
 */
final class Prerequisites {
  /** A class repeated fewer times than this must accept few bytes to be worth checking. */
  static final int MIN_USEFUL_RUN = 8;

  /** A class accepting more bytes than this is in nearly every window. */
  private static final int MAX_USEFUL_CLASS = 16;

  private static final int MAX_ITEMS = 32;

  /** A flag group that turns on case-insensitive matching: {@code (?i)}, {@code (?si:}, … */
  private static final java.util.regex.Pattern CASE_INSENSITIVE_FLAG =
      java.util.regex.Pattern.compile("\\(\\?[a-zA-Z]*i");

  private static final java.util.regex.Pattern COUNTED_REPEAT =
      java.util.regex.Pattern.compile("\\{\\d+(,\\d*)?}");

  /**
   * Atom → the bytes it matches ({@link #bytesOf}); {@link #NOT_AN_ATOM} for what is not one.
   * Bounded for a long-lived process that loads many configurations (a test suite, a sweep).
   */
  private static final BoundedCache<String, boolean[]> BYTES_OF = BoundedCache.ofEntries(4096);

  private static final boolean[] NOT_AN_ATOM = new boolean[0];
  private static final String EVERY_BYTE;

  static {
    char[] chars = new char[256];
    for (int b = 0; b < 256; b++) {
      chars[b] = (char) b;
    }
    EVERY_BYTE = new String(chars);
  }

  /** Lets every window through. */
  static final Prerequisites NONE = new Prerequisites(List.of());

  private final boolean[][] sets;
  private final int[] counts;

  private Prerequisites(List<Item> items) {
    int n = Math.min(items.size(), MAX_ITEMS);
    this.sets = new boolean[n][];
    this.counts = new int[n];
    for (int i = 0; i < n; i++) {
      sets[i] = items.get(i).bytes;
      counts[i] = items.get(i).count;
    }
  }

  /** A run of {@code count} bytes, each in {@code bytes}. */
  private record Item(boolean[] bytes, int count) {
    int size() {
      return Prerequisites.count(bytes);
    }

    boolean useful() {
      return size() <= MAX_USEFUL_CLASS || count >= MIN_USEFUL_RUN;
    }
  }

  static Prerequisites of(Rule rule) {
    if (rule.regex() == null) {
      return NONE;
    }
    String regex = rule.regex().pattern();
    if (regex.contains("\\Q")) {
      return NONE;
    }
    List<Item> items = new Reader(regex).sequence(0, regex.length());
    return items.isEmpty() ? NONE : new Prerequisites(items);
  }

  /** Whether {@code data[from, to)} holds every item, in order. */
  boolean metIn(byte[] data, int from, int to) {
    int n = sets.length;
    if (n == 0) {
      return true;
    }
    int k = 0;
    int run = 0;
    boolean[] set = sets[0];
    for (int i = from; i < to; i++) {
      if (set[data[i] & 0xff]) {
        if (++run == counts[k]) {
          if (++k == n) {
            return true;
          }
          set = sets[k];
          run = 0;
        }
      } else {
        run = 0;
      }
    }
    return false;
  }

  /** The items, for tests and diagnostics: each as its bytes (or their number) and count. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < sets.length; i++) {
      Item item = new Item(sets[i], counts[i]);
      sb.append('[');
      if (item.size() <= MAX_USEFUL_CLASS) {
        for (int b = 0; b < 256; b++) {
          if (sets[i][b]) {
            sb.append(b > ' ' && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b));
          }
        }
      } else {
        sb.append(item.size()).append(" bytes");
      }
      sb.append(']');
      if (counts[i] > 1) {
        sb.append('{').append(counts[i]).append('}');
      }
    }
    return sb.toString();
  }

  /** Reads the items of a regex's source. */
  private static final class Reader {
    private final String regex;
    private final boolean anyCaseInsensitive;

    Reader(String regex) {
      this.regex = regex;
      this.anyCaseInsensitive = CASE_INSENSITIVE_FLAG.matcher(regex).find();
    }

    /**
     * The items of {@code regex[from, to)}, in order. Stops (keeping what it has, which stays a
     * necessary condition) at anything it does not expect.
     */
    List<Item> sequence(int from, int to) {
      if (hasTopLevelBar(from, to)) {
        return alternatives(from, to);
      }
      List<Item> items = new ArrayList<>();
      int i = from;
      while (i < to) {
        char c = regex.charAt(i);
        int end;
        List<Item> atom = new ArrayList<>(1);
        boolean oneByte = true;
        if (c == '\\' && i + 1 < to && "bBAz".indexOf(regex.charAt(i + 1)) >= 0) {
          end = i + 2; // empty-width: requires no byte
        } else if (c == '(') {
          end = groupEnd(regex, i);
          if (end < 0 || end > to) {
            return items;
          }
          int bodyStart = groupBodyStart(regex, i);
          if (bodyStart > 0) {
            atom.addAll(sequence(bodyStart, end - 1));
          }
          oneByte = false;
        } else if (c == '[' || c == '\\' || c == '.') {
          end = atomEnd(regex, i);
          boolean[] bytes = end < 0 ? null : bytesOf(regex.substring(i, end));
          if (bytes == null) {
            return items;
          }
          atom.add(new Item(bytes, 1));
        } else if (c == '^' || c == '$') {
          end = i + 1;
        } else if (c == '*' || c == '+' || c == '?' || c == '{' || c == ')') {
          return items;
        } else {
          end = i + 1;
          if (c >= 0x80) {
            return items;
          }
          boolean[] one = new boolean[256];
          one[c] = true;
          if (anyCaseInsensitive && Character.isLetter(c)) {
            one[Character.toLowerCase(c)] = true;
            one[Character.toUpperCase(c)] = true;
          }
          atom.add(new Item(one, 1));
        }
        int next = quantifierEnd(regex, end);
        if (next < 0) {
          return items;
        }
        int min = next == end ? 1 : minimum(regex.substring(end, next));
        if (min == 0) {
          // Optional: it requires nothing, and later items may start anywhere after earlier ones.
        } else if (oneByte && !atom.isEmpty()) {
          Item repeated = new Item(atom.get(0).bytes, atom.get(0).count * min);
          if (repeated.useful()) {
            items.add(repeated);
          }
        } else {
          atom.stream().filter(Item::useful).forEach(items::add);
        }
        i = next;
      }
      return items;
    }

    /**
     * One item: a byte from the union of one small item of each branch, if every branch has one.
     */
    private List<Item> alternatives(int from, int to) {
      boolean[] union = new boolean[256];
      int start = from;
      for (int i = from; i <= to; ) {
        if (i < to && regex.charAt(i) != '|') {
          i = tokenEnd(regex, i);
          if (i < 0) {
            return List.of();
          }
          continue;
        }
        Item smallest = null;
        for (Item item : sequence(start, i)) {
          if (smallest == null || item.size() < smallest.size()) {
            smallest = item;
          }
        }
        if (smallest == null) {
          return List.of();
        }
        for (int b = 0; b < 256; b++) {
          union[b] |= smallest.bytes[b];
        }
        start = ++i;
      }
      Item item = new Item(union, 1);
      return item.useful() ? List.of(item) : List.of();
    }

    private boolean hasTopLevelBar(int from, int to) {
      for (int i = from; i < to && i >= 0; i = tokenEnd(regex, i)) {
        if (regex.charAt(i) == '|') {
          return true;
        }
      }
      return false;
    }
  }

  private static int count(boolean[] bytes) {
    int n = 0;
    for (boolean b : bytes) {
      n += b ? 1 : 0;
    }
    return n;
  }

  /**
   * The least number of repetitions a quantifier ({@code ?}, {@code *}, {@code +}, {@code {n,m}})
   * allows.
   */
  private static int minimum(String quantifier) {
    char c = quantifier.charAt(0);
    if (c == '?' || c == '*') {
      return 0;
    }
    if (c == '+') {
      return 1;
    }
    int close = quantifier.indexOf('}');
    int comma = quantifier.indexOf(',');
    return Integer.parseInt(quantifier.substring(1, comma < 0 || comma > close ? close : comma));
  }

  /**
   * The index past the quantifier (and its lazy mark) at {@code i}, {@code i} if none, -1 if
   * unreadable.
   */
  private static int quantifierEnd(String regex, int i) {
    if (i >= regex.length()) {
      return i;
    }
    char c = regex.charAt(i);
    int end;
    if (c == '?' || c == '*' || c == '+') {
      end = i + 1;
    } else if (c == '{') {
      int close = regex.indexOf('}', i);
      if (close < 0 || !COUNTED_REPEAT.matcher(regex.substring(i, close + 1)).matches()) {
        return -1;
      }
      end = close + 1;
    } else {
      return i;
    }
    return end < regex.length() && regex.charAt(end) == '?' ? end + 1 : end;
  }

  /**
   * Which bytes (as the detector presents them: one char per byte) the atom matches under any of
   * the flags a surrounding group might set, so that the table is never narrower than the atom in
   * its context; null if RE2/J does not take the atom alone. Remembered by atom: rules share most
   * of theirs, and this runs on the scanning threads when a rule meets its first window.
   */
  private static boolean[] bytesOf(String atom) {
    boolean[] table = BYTES_OF.computeIfAbsent(atom, Prerequisites::matchAllBytes);
    return table == NOT_AN_ATOM ? null : table;
  }

  private static boolean[] matchAllBytes(String atom) {
    boolean[] table = new boolean[256];
    for (String flags : new String[] {"", "(?i)", "(?s)", "(?is)"}) {
      Matcher m;
      try {
        m = Pattern.compile(flags + atom).matcher(EVERY_BYTE);
      } catch (RuntimeException e) {
        return NOT_AN_ATOM;
      }
      while (m.find()) {
        if (m.end() != m.start() + 1) {
          return NOT_AN_ATOM; // not one character after all
        }
        table[m.start()] = true;
      }
    }
    return table;
  }

  /**
   * Where the body of the group opening at {@code open} starts, or -1 for a flags-only group like
   * {@code (?i)}, which has none.
   */
  private static int groupBodyStart(String regex, int open) {
    if (!regex.startsWith("(?", open)) {
      return open + 1;
    }
    if (regex.startsWith("(?P<", open) || regex.startsWith("(?<", open)) {
      return regex.indexOf('>', open) + 1;
    }
    for (int i = open + 2; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == ':') {
        return i + 1;
      }
      if (c == ')') {
        return -1;
      }
    }
    return -1;
  }

  /** The index just past the group opening at {@code open}, or -1 if it does not close. */
  private static int groupEnd(String regex, int open) {
    for (int i = open + 1; i < regex.length() && i >= 0; i = tokenEnd(regex, i)) {
      if (regex.charAt(i) == ')') {
        return i + 1;
      }
    }
    return -1;
  }

  /**
   * The index just past the escape, class or group at {@code i}, else past its one character; -1 if
   * a class or group there does not close.
   */
  private static int tokenEnd(String regex, int i) {
    return switch (regex.charAt(i)) {
      case '\\' -> Math.min(i + 2, regex.length());
      case '[' -> classEnd(regex, i);
      case '(' -> groupEnd(regex, i);
      default -> i + 1;
    };
  }

  /** Where the single atom at {@code i} ends (a class, an escape or '.'), or -1 if unreadable. */
  private static int atomEnd(String regex, int i) {
    if (i >= regex.length()) {
      return -1;
    }
    char c = regex.charAt(i);
    if (c == '[') {
      return classEnd(regex, i);
    }
    if (c == '.') {
      return i + 1;
    }
    if (c != '\\' || i + 1 >= regex.length()) {
      return -1;
    }
    char e = regex.charAt(i + 1);
    if (e == 'x') {
      if (regex.startsWith("{", i + 2)) {
        int close = regex.indexOf('}', i);
        return close < 0 ? -1 : close + 1;
      }
      return i + 4 <= regex.length() ? i + 4 : -1;
    }
    if (e == 'p' || e == 'P') {
      if (regex.startsWith("{", i + 2)) {
        int close = regex.indexOf('}', i);
        return close < 0 ? -1 : close + 1;
      }
      return i + 3 <= regex.length() ? i + 3 : -1;
    }
    if (Character.isDigit(e) || "bBAzCQE".indexOf(e) >= 0) {
      return -1; // back-references, empty-width assertions and quoting are not atoms of one byte
    }
    return i + 2;
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
}
