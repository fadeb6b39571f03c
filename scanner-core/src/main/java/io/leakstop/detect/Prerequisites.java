package io.leakstop.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.leakstop.cache.BoundedCache;
import io.leakstop.rules.RegexDfa;
import io.leakstop.rules.Rule;
import java.util.ArrayList;
import java.util.Arrays;
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
 * <p>Items need not touch, so {@code ://}, {@code :} and {@code @} anywhere in order let through
 * nearly every line with a URL and a port. Hence a second condition, checked only where the items
 * are met: chains of runs that must be adjacent, read off the same top-level sequence where it is a
 * plain concatenation of one-byte atoms, each with its count bounds ({@code ://}, then 1 to 64
 * bytes of the user class, then {@code :}, 6 to 128 bytes of the secret class, {@code @}, …). A
 * group without quantifier or alternatives continues the chain; anything else ends it.
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
  private static final int MAX_CHAINS = 8;
  static final int UNBOUNDED = Integer.MAX_VALUE;

  /** How far from its start a chain is followed; a window with a longer one is let through. */
  private static final int CHAIN_REACH = 4096;

  /** Steps a window's chain search may take per byte before it lets the window through. */
  private static final int CHAIN_STEPS_PER_BYTE = 64;

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
  static final Prerequisites NONE = new Prerequisites(List.of(), List.of(), null, null);

  private final boolean[][] sets;
  private final int[] counts;
  private final Run[][] chains;

  /** Null for a rule not written with the assignment grammar (or none it can read). */
  private final AssignmentCheck assignment;

  /** Null for a rule whose regex has no {@link Anchor}. */
  private final Anchor anchor;

  private Prerequisites(
      List<Item> items, List<List<Run>> chains, AssignmentCheck assignment, Anchor anchor) {
    this.assignment = assignment;
    this.anchor = anchor;
    this.chains =
        chains.stream()
            .limit(MAX_CHAINS)
            .map(chain -> chain.toArray(Run[]::new))
            .toArray(Run[][]::new);
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

    /** The bytes in brackets, or their number if there are many. */
    String toStringOfBytes() {
      StringBuilder sb = new StringBuilder("[");
      if (size() <= MAX_USEFUL_CLASS) {
        for (int b = 0; b < 256; b++) {
          if (bytes[b]) {
            sb.append(b > ' ' && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b));
          }
        }
      } else {
        sb.append(size()).append(" bytes");
      }
      return sb.append(']').toString();
    }
  }

  /** Between {@code min} and {@code max} bytes, each in {@code bytes}. */
  record Run(boolean[] bytes, int min, int max) {
    boolean small() {
      return Prerequisites.count(bytes) <= MAX_USEFUL_CLASS;
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
    Reader reader = new Reader(regex);
    List<Item> items = reader.sequence(0, regex.length());
    List<List<Run>> chains = new ChainReader(reader).chains();
    AssignmentCheck assignment = AssignmentCheck.of(regex);
    Anchor anchor = Anchor.of(rule);
    return items.isEmpty() && chains.isEmpty() && assignment == null && anchor == null
        ? NONE
        : new Prerequisites(items, chains, assignment, anchor);
  }

  /**
   * What every match holds from where one of the rule's keywords starts, checked at the keyword
   * hits; null if the regex has none.
   */
  Anchor anchor() {
    return anchor;
  }

  /**
   * Whether {@code data[from, to)} holds every item, in order, what an assignment needs ({@link
   * AssignmentCheck}) and every chain.
   */
  boolean metIn(byte[] data, int from, int to) {
    if (!itemsMetIn(data, from, to)) {
      return false;
    }
    if (assignment != null && !assignment.metIn(data, from, to)) {
      return false;
    }
    for (Run[] chain : chains) {
      if (!chainMetIn(chain, data, from, to)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the runs of {@code chain} follow one another somewhere in {@code data[from, to)}. A
   * chain starts with a run of a small set, so it is tried only from the bytes of that set, each
   * time over the few positions the runs so far may end at; past {@value #CHAIN_REACH} bytes from
   * its start, or past a budget of steps per window, it gives up and lets the window through.
   */
  private static boolean chainMetIn(Run[] chain, byte[] data, int from, int to) {
    boolean[] first = chain[0].bytes;
    ChainSearch search = null;
    for (int s = from; s < to; s++) {
      if (first[data[s] & 0xff]) {
        if (search == null) {
          search =
              new ChainSearch(
                  chain,
                  data,
                  to,
                  Math.min(to - from, CHAIN_REACH),
                  CHAIN_STEPS_PER_BYTE * (long) (to - from));
        }
        if (search.matchesFrom(s)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Where the runs of a chain may end, from one start after another in one window. */
  static final class ChainSearch {
    /**
     * How many positions {@link #ends} and {@link #next} hold at first: a search mostly ends a few
     * bytes from its start, and tables as long as the reach, made for every window, were a large
     * share of what a history scan allocated. They grow when a search gets further.
     */
    private static final int FIRST_ENDS = 64;

    private final Run[] chain;
    private final byte[] data;
    private final int to;
    private final int reach;
    private boolean[] ends;
    private boolean[] next;
    private long budget;

    ChainSearch(Run[] chain, byte[] data, int to, int reach, long budget) {
      this.chain = chain;
      this.data = data;
      this.to = to;
      this.reach = reach;
      this.ends = new boolean[Math.min(reach, FIRST_ENDS) + 1];
      this.next = new boolean[ends.length];
      this.budget = budget + CHAIN_REACH;
    }

    /**
     * Whether the chain can match from {@code s}, or the search gave up. Positions are relative to
     * {@code s}; the ends of the runs so far lie in [lo, hi]. A run may end at q if some end p has
     * q - p within its bounds and every byte of [p, q) in its set; the latest such p at or before q
     * - min is the one to test, both other conditions being lower bounds on p.
     */
    boolean matchesFrom(int s) {
      int reach = Math.min(to - s, this.reach);
      // Positions the tables hold: [0, held]; only the ends of the runs so far, [lo, hi], are read.
      int held = next.length - 1;
      ends[0] = true;
      int lo = 0;
      int hi = 0;
      for (Run run : chain) {
        int latest = -1;
        int runStart = lo;
        int nextLo = -1;
        int nextHi = -1;
        int q = lo;
        for (; q <= reach; q++) {
          if (--budget < 0) {
            return true;
          }
          if (q > held) {
            held = Math.min(this.reach, 2 * held + 1);
            ends = Arrays.copyOf(ends, held + 1);
            next = Arrays.copyOf(next, held + 1);
          }
          if (q > lo && !run.bytes[data[s + q - 1] & 0xff]) {
            runStart = q;
          }
          int p = q - run.min;
          if (p >= lo && p <= hi && ends[p]) {
            latest = p;
          }
          if (p >= lo) {
            boolean end =
                latest >= 0
                    && latest >= runStart
                    && (run.max == UNBOUNDED || latest >= q - run.max);
            next[q] = end;
            if (end) {
              nextLo = nextLo < 0 ? q : nextLo;
              nextHi = q;
            }
          }
          if (p >= hi
              && (latest < 0
                  || runStart > latest
                  || (run.max != UNBOUNDED && q + 1 - run.max > latest))) {
            break; // latest can no longer change, and no later q can use it
          }
        }
        if (q > reach && reach < to - s) {
          return true; // the run may go on past the reach
        }
        if (nextLo < 0) {
          return false;
        }
        boolean[] swap = ends;
        ends = next;
        next = swap;
        lo = nextLo;
        hi = nextHi;
      }
      return true;
    }
  }

  private boolean itemsMetIn(byte[] data, int from, int to) {
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
      sb.append(new Item(sets[i], counts[i]).toStringOfBytes());
      if (counts[i] > 1) {
        sb.append('{').append(counts[i]).append('}');
      }
    }
    return sb.toString();
  }

  /** The chains, for tests and diagnostics: each run as its bytes (or their number) and bounds. */
  String chainsToString() {
    StringBuilder sb = new StringBuilder();
    for (Run[] chain : chains) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      for (Run run : chain) {
        sb.append(new Item(run.bytes, 1).toStringOfBytes());
        if (run.min != 1 || run.max != 1) {
          sb.append('{')
              .append(run.min)
              .append(',')
              .append(run.max == UNBOUNDED ? "" : String.valueOf(run.max))
              .append('}');
        }
      }
    }
    return sb.toString();
  }

  /**
   * Reads the chains of a regex's top-level sequence: maximal concatenations of one-byte atoms,
   * through groups that have neither a quantifier nor alternatives. Empty-width assertions and flag
   * groups consume nothing and leave a chain whole; anything else ends it, and anything unexpected
   * ends the reading, keeping what it has (a part of a chain is still necessary).
   */
  private static final class ChainReader {
    private final Reader reader;
    private final String regex;
    private final List<List<Run>> chains = new ArrayList<>();
    private List<Run> current = new ArrayList<>();
    private boolean stopped;

    ChainReader(Reader reader) {
      this.reader = reader;
      this.regex = reader.regex;
    }

    List<List<Run>> chains() {
      if (!reader.hasTopLevelBar(0, regex.length())) {
        read(0, regex.length());
      }
      endChain();
      return chains;
    }

    private void endChain() {
      List<Run> chain = new ArrayList<>(current);
      current = new ArrayList<>();
      // Started at a small set's bytes, which are rare; any suffix of a chain is one too.
      while (!chain.isEmpty() && (chain.get(0).min == 0 || !chain.get(0).small())) {
        chain.remove(0);
      }
      while (!chain.isEmpty() && chain.get(chain.size() - 1).min == 0) {
        chain.remove(chain.size() - 1);
      }
      if (chain.size() >= 2) {
        chains.add(chain);
      }
    }

    private void read(int from, int to) {
      int i = from;
      while (i < to && !stopped) {
        char c = regex.charAt(i);
        if (c == '\\' && i + 1 < to && "bBAz".indexOf(regex.charAt(i + 1)) >= 0) {
          i += 2;
          continue;
        }
        if (c == '^' || c == '$') {
          i++;
          continue;
        }
        if (c == '(') {
          int end = groupEnd(regex, i);
          int next = end < 0 || end > to ? -1 : quantifierEnd(regex, end);
          if (next < 0) {
            stopped = true;
            return;
          }
          int bodyStart = groupBodyStart(regex, i);
          if (next != end) {
            endChain();
          } else if (bodyStart > 0) {
            if (reader.hasTopLevelBar(bodyStart, end - 1)) {
              endChain();
            } else {
              read(bodyStart, end - 1);
            }
          }
          i = next;
          continue;
        }
        boolean[] bytes;
        int end;
        if (c == '[' || c == '\\' || c == '.') {
          end = atomEnd(regex, i);
          bytes = end < 0 ? null : bytesOf(regex.substring(i, end));
        } else if (c == '*' || c == '+' || c == '?' || c == '{' || c == ')' || c == '|'
            || c >= 0x80) {
          end = -1;
          bytes = null;
        } else {
          end = i + 1;
          bytes = reader.literal(c);
        }
        int next = bytes == null ? -1 : quantifierEnd(regex, end);
        if (next < 0) {
          stopped = true;
          return;
        }
        String quantifier = regex.substring(end, next);
        current.add(
            next == end
                ? new Run(bytes, 1, 1)
                : new Run(bytes, minimum(quantifier), maximum(quantifier)));
        i = next;
      }
    }
  }

  /** Reads the items of a regex's source. */
  static final class Reader {
    final String regex;
    final boolean anyCaseInsensitive;

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
          atom.add(new Item(literal(c), 1));
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

    /** The bytes the literal character {@code c} (below 0x80) matches: both cases under (?i). */
    boolean[] literal(char c) {
      boolean[] bytes = new boolean[256];
      bytes[c] = true;
      if (anyCaseInsensitive && Character.isLetter(c)) {
        bytes[Character.toLowerCase(c)] = true;
        bytes[Character.toUpperCase(c)] = true;
      }
      return bytes;
    }

    boolean hasTopLevelBar(int from, int to) {
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
   * The most repetitions a quantifier allows, {@link #UNBOUNDED} for {@code *}, {@code +}, {@code
   * {n,}}.
   */
  static int maximum(String quantifier) {
    char c = quantifier.charAt(0);
    if (c == '?') {
      return 1;
    }
    if (c == '*' || c == '+') {
      return UNBOUNDED;
    }
    int close = quantifier.indexOf('}');
    int comma = quantifier.indexOf(',');
    if (comma < 0 || comma > close) {
      return Integer.parseInt(quantifier.substring(1, close));
    }
    return comma + 1 == close
        ? UNBOUNDED
        : Integer.parseInt(quantifier.substring(comma + 1, close));
  }

  /**
   * The least number of repetitions a quantifier ({@code ?}, {@code *}, {@code +}, {@code {n,m}})
   * allows.
   */
  static int minimum(String quantifier) {
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
  static int quantifierEnd(String regex, int i) {
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
  static boolean[] bytesOf(String atom) {
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
  static int groupBodyStart(String regex, int open) {
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
  static int groupEnd(String regex, int open) {
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
  static int tokenEnd(String regex, int i) {
    return switch (regex.charAt(i)) {
      case '\\' -> Math.min(i + 2, regex.length());
      case '[' -> RegexDfa.classEnd(regex, i);
      case '(' -> groupEnd(regex, i);
      default -> i + 1;
    };
  }

  /** Where the single atom at {@code i} ends (a class, an escape or '.'), or -1 if unreadable. */
  static int atomEnd(String regex, int i) {
    if (i >= regex.length()) {
      return -1;
    }
    char c = regex.charAt(i);
    if (c == '[') {
      return RegexDfa.classEnd(regex, i);
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
}
