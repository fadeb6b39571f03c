package io.leakstop.detect;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Finds every occurrence of many keywords in one pass over bytes, ignoring ASCII case: an
 * Aho-Corasick automaton compiled into a dense DFA, one row of 256 entries per state. It is built
 * over byte classes (bytes that occur in no keyword share one), which keeps building cheap, then
 * spread to whole bytes: the inner loop is then one table load per byte, not two, which is faster
 * with the quick JIT compiler (bench/RESULTS.md, Figures from comments); a row takes 512 bytes (two
 * per entry, see {@link #delta}).
 *
 * <p>Each step's table load needs the state the previous load returned, so one pass runs at the
 * latency of a load, not at the processor's throughput. Longer inputs are therefore cut into {@link
 * #LANES} overlapping lanes that the same loop advances together: four independent chains of loads
 * that the processor overlaps, which roughly doubles keyword matching's speed with the quick JIT
 * compiler the launcher uses (bench/RESULTS.md, Figures from comments).
 */
final class KeywordMatcher {
  /** Receives keyword hits as they are found. */
  interface Hits {
    /** {@code keyword} ends just before {@code end} (exclusive). */
    void hit(int keyword, int end);
  }

  /**
   * Transition table indexed by {@code state << 8 | byte}. Entries hold the next state, with {@link
   * #EMITS} set when that state emits keywords. Two bytes an entry, not four: what a pass over text
   * keeps in cache is a few lines of each state it often visits, and a catalogue of 577 keywords
   * has 3,052 states, twice the 1,632 of 302 keywords.
   */
  private final char[] delta;

  /** The entry bit saying that the next state emits keywords; states are numbered below it. */
  private static final int EMITS = 0x8000;

  private final int[][] outputs;
  private final int[] lengths;

  /**
   * A lane starts this many bytes before the first keyword end it reports, so that by then its
   * automaton has read as much as any keyword's length and is in the state one pass would be.
   */
  private final int warmUp;

  static final int LANES = 4;

  /** Shorter inputs are matched in one lane: the lanes' warm-up would be a large share of them. */
  static final int MIN_LANE_LENGTH = 256;

  KeywordMatcher(List<String> keywords) {
    lengths = new int[keywords.size()];
    byte[][] bytes = new byte[keywords.size()][];
    for (int k = 0; k < keywords.size(); k++) {
      bytes[k] = keywords.get(k).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
      lengths[k] = bytes[k].length;
    }
    warmUp = Math.max(0, Arrays.stream(lengths).max().orElse(0) - 1);
    // Byte classes first, so that the automaton is built over a few dozen classes rather than 256
    // byte values (it is built on every start, a pre-commit run included): one class per byte
    // value used by a keyword, upper and lower case sharing it; class 0 for all the others.
    boolean[] used = new boolean[256];
    for (byte[] keyword : bytes) {
      for (byte b : keyword) {
        used[fold(b & 0xff)] = true;
      }
    }
    int[] classOf = new int[256];
    int count = 1;
    for (int c = 0; c < 256; c++) {
      if (used[c] && fold(c) == c) {
        classOf[c] = count++;
      }
    }
    for (int c = 'A'; c <= 'Z'; c++) {
      classOf[c] = classOf[c + 32];
    }
    int classes = count;

    List<int[]> trie = new ArrayList<>();
    List<List<Integer>> out = new ArrayList<>();
    trie.add(newRow(classes));
    out.add(new ArrayList<>());
    for (int k = 0; k < bytes.length; k++) {
      int state = 0;
      for (byte b : bytes[k]) {
        int c = classOf[b & 0xff];
        if (trie.get(state)[c] < 0) {
          trie.get(state)[c] = trie.size();
          trie.add(newRow(classes));
          out.add(new ArrayList<>());
        }
        state = trie.get(state)[c];
      }
      out.get(state).add(k);
    }
    int states = trie.size();
    if (states >= EMITS) {
      throw new IllegalArgumentException(
          keywords.size()
              + " keywords make "
              + states
              + " automaton states; at most "
              + (EMITS - 1)
              + " fit a table entry");
    }
    int[] fail = new int[states];
    int[][] go = new int[states][];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    go[0] = new int[classes];
    for (int c = 0; c < classes; c++) {
      int next = trie.get(0)[c];
      go[0][c] = next < 0 ? 0 : next;
      if (next > 0) {
        queue.add(next);
      }
    }
    while (!queue.isEmpty()) {
      int state = queue.poll();
      out.get(state).addAll(out.get(fail[state]));
      go[state] = new int[classes];
      for (int c = 0; c < classes; c++) {
        int next = trie.get(state)[c];
        if (next >= 0) {
          fail[next] = go[fail[state]][c];
          go[state][c] = next;
          queue.add(next);
        } else {
          go[state][c] = go[fail[state]][c];
        }
      }
    }
    outputs = new int[states][];
    for (int s = 0; s < states; s++) {
      outputs[s] = distinct(out.get(s));
    }
    int[] keywordBytes = new int[256];
    int keywordByteCount = 0;
    for (int b = 0; b < 256; b++) {
      if (classOf[b] != 0) {
        keywordBytes[keywordByteCount++] = b;
      }
    }
    int[] entryOf = new int[states];
    for (int s = 0; s < states; s++) {
      entryOf[s] = outputs[s].length > 0 ? EMITS | s : s;
    }
    // A byte in no keyword leads every state back to the root, which emits nothing: entry 0, as
    // the new table already holds. Only keyword bytes need setting.
    delta = new char[states * 256];
    for (int s = 0; s < states; s++) {
      int[] row = go[s];
      for (int i = 0; i < keywordByteCount; i++) {
        int b = keywordBytes[i];
        delta[s * 256 + b] = (char) entryOf[row[classOf[b]]];
      }
    }
  }

  /**
   * Without streams: this runs once per state on every start, before the JIT has compiled anything.
   */
  private static int[] distinct(List<Integer> keywords) {
    int[] out = new int[keywords.size()];
    int n = 0;
    for (int k : keywords) {
      boolean seen = false;
      for (int i = 0; i < n && !seen; i++) {
        seen = out[i] == k;
      }
      if (!seen) {
        out[n++] = k;
      }
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  private static int fold(int c) {
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
  }

  private static int[] newRow(int width) {
    int[] row = new int[width];
    Arrays.fill(row, -1);
    return row;
  }

  int keywordLength(int keyword) {
    return lengths[keyword];
  }

  /** The length of the longest keyword: no hit spans more bytes. */
  int longestKeyword() {
    return warmUp + 1;
  }

  /** Reports every keyword that ends within {@code [from, to)}, in order of end position. */
  void scan(byte[] data, int from, int to, Hits hits) {
    LaneHits found = new LaneHits();
    int length = to - from;
    if (length < LANES * (MIN_LANE_LENGTH + warmUp)) {
      lane(data, from, to, 0, from, found);
    } else {
      scanLanes(data, from, to, found);
    }
    found.report(hits, this);
  }

  /**
   * Lane k reads {@code steps} bytes from {@code from + k * (steps - warmUp)} and reports the
   * keywords that end after its warm-up; the last lane stops at {@code to}, at most three steps
   * short, which the other lanes then finish alone. The lanes' reported ends tile {@code (from,
   * to]}.
   */
  private void scanLanes(byte[] data, int from, int to, LaneHits found) {
    final char[] table = delta;
    int steps = (to - from + (LANES - 1) * warmUp + LANES - 1) / LANES;
    int stride = steps - warmUp;
    int p0 = from;
    int p1 = p0 + stride;
    int p2 = p1 + stride;
    int p3 = p2 + stride;
    int s0 = 0;
    int s1 = 0;
    int s2 = 0;
    int s3 = 0;
    int together = to - p3;
    for (int i = 0; i < together; i++) {
      int e0 = table[s0 << 8 | (data[p0 + i] & 0xff)];
      int e1 = table[s1 << 8 | (data[p1 + i] & 0xff)];
      int e2 = table[s2 << 8 | (data[p2 + i] & 0xff)];
      int e3 = table[s3 << 8 | (data[p3 + i] & 0xff)];
      if (((e0 | e1 | e2 | e3) & EMITS) != 0) {
        boolean warm = i >= warmUp;
        e0 = found.emitted(e0, p0 + i + 1, true);
        e1 = found.emitted(e1, p1 + i + 1, warm);
        e2 = found.emitted(e2, p2 + i + 1, warm);
        e3 = found.emitted(e3, p3 + i + 1, warm);
      }
      s0 = e0;
      s1 = e1;
      s2 = e2;
      s3 = e3;
    }
    lane(data, p0 + together, p0 + steps, s0, p0, found);
    lane(data, p1 + together, p1 + steps, s1, p1 + warmUp, found);
    lane(data, p2 + together, p2 + steps, s2, p2 + warmUp, found);
  }

  /**
   * Runs the automaton from {@code state} over {@code [from, to)}, recording the keywords that end
   * after {@code reportAfter}.
   */
  private void lane(byte[] data, int from, int to, int state, int reportAfter, LaneHits found) {
    final char[] table = delta;
    for (int i = from; i < to; i++) {
      int entry = table[state << 8 | (data[i] & 0xff)];
      if ((entry & EMITS) != 0) {
        entry = found.emitted(entry, i + 1, i >= reportAfter);
      }
      state = entry;
    }
  }

  /**
   * Keyword ends as the lanes find them (end and state, packed in a long); sorted by end before
   * they are reported. Each end belongs to exactly one lane, so the sort is a total order.
   */
  private static final class LaneHits {
    private long[] found = new long[16];
    private int count;

    /** The entry as a plain next state; records it first if it emits and {@code report}. */
    int emitted(int entry, int end, boolean report) {
      if ((entry & EMITS) == 0) {
        return entry;
      }
      int state = entry & ~EMITS;
      if (report) {
        if (count == found.length) {
          found = Arrays.copyOf(found, count * 2);
        }
        found[count++] = (long) end << 32 | state;
      }
      return state;
    }

    void report(Hits hits, KeywordMatcher matcher) {
      if (count == 0) {
        return;
      }
      Arrays.sort(found, 0, count);
      for (int i = 0; i < count; i++) {
        int end = (int) (found[i] >>> 32);
        for (int keyword : matcher.outputs[(int) found[i]]) {
          hits.hit(keyword, end);
        }
      }
    }
  }
}
