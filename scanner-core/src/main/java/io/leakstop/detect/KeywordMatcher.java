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
 * with the quick JIT compiler (bench/RESULTS.md, Figures from comments).
 *
 * <p>An entry holds the next state already as the index of its row plus the offset of byte 0, so a
 * step is {@code entry = delta[entry + data[i]]}: the byte is added as Java reads it, signed, and
 * no shift or mask lies between one load and the next. The quick JIT compiler emits every
 * instruction the source asks for, so the fewer a step has the faster the pass; wider entries (four
 * bytes, not two) cost less than the shift and mask they save. States are numbered breadth first,
 * so that the shallow states a pass spends most of its steps in have neighbouring rows.
 *
 * <p>Each step's table load needs the state the previous load returned, so one pass runs at the
 * latency of a load, not at the processor's throughput. Longer inputs are therefore cut into {@link
 * #LANES} overlapping lanes that the same loop advances together: independent chains of loads that
 * the processor overlaps. The loop that advances them calls nothing: a step that reaches an
 * emitting state leaves it, and the hits are recorded outside, so that the quick JIT compiler need
 * not save and reload the lanes' registers around a call on every step.
 */
final class KeywordMatcher {
  /** Receives keyword hits as they are found. */
  interface Hits {
    /** {@code keyword} ends just before {@code end} (exclusive). */
    void hit(int keyword, int end);
  }

  /**
   * Transition table: the entry for state {@code s} and byte {@code b} (signed, as Java reads it)
   * is at {@code s * 256 + 128 + b}, and holds the next state {@code n} as {@code n * 256 + 128},
   * its row's index plus the offset of byte 0, with {@link #EMITS} set when {@code n} emits
   * keywords.
   */
  private final int[] delta;

  /**
   * The entry bit saying that the next state emits keywords: the sign bit, tested by {@code < 0}.
   */
  private static final int EMITS = Integer.MIN_VALUE;

  /** Where byte 0 lies in a row; the entry of the root state, row 0. */
  private static final int ROOT = 128;

  /** How many bits an entry shifts its state number by: a row's 256 entries. */
  private static final int ROW_BITS = 8;

  /**
   * The most states a catalogue may make, as when entries were two bytes: it bounds the table (a
   * kibibyte a state) far below what would overflow an entry.
   */
  private static final int MAX_STATES = (1 << 15) - 1;

  /** Keywords emitted by each state, by state number: longest first. */
  private final int[][] outputs;

  private final int[] lengths;

  /**
   * A lane starts this many bytes before the first keyword end it reports, so that by then its
   * automaton has read as much as any keyword's length and is in the state one pass would be.
   */
  private final int warmUp;

  static final int LANES = 6;

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
    if (states > MAX_STATES) {
      throw new IllegalArgumentException(
          keywords.size()
              + " keywords make "
              + states
              + " automaton states; at most "
              + MAX_STATES
              + " are supported");
    }
    int[] fail = new int[states];
    int[][] go = new int[states][];
    // The breadth-first order the failure links are computed in is also the states' numbering.
    int[] numbered = new int[states];
    int numberedCount = 1;
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
      numbered[numberedCount++] = state;
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
    int[] number = new int[states];
    for (int n = 0; n < states; n++) {
      number[numbered[n]] = n;
    }
    outputs = new int[states][];
    int[] entryOf = new int[states];
    for (int s = 0; s < states; s++) {
      int[] emitted = distinct(out.get(s));
      outputs[number[s]] = emitted;
      entryOf[s] = (emitted.length > 0 ? EMITS : 0) | number[s] << ROW_BITS | ROOT;
    }
    int[] keywordBytes = new int[256];
    int keywordByteCount = 0;
    for (int b = 0; b < 256; b++) {
      if (classOf[b] != 0) {
        keywordBytes[keywordByteCount++] = b;
      }
    }
    // A byte in no keyword leads every state back to the root, which emits nothing: ROOT, as the
    // fill leaves it. Only keyword bytes need setting.
    delta = new int[states << ROW_BITS];
    Arrays.fill(delta, ROOT);
    for (int s = 0; s < states; s++) {
      int[] row = go[s];
      int rowStart = (number[s] << ROW_BITS) + ROOT;
      for (int i = 0; i < keywordByteCount; i++) {
        int b = keywordBytes[i];
        delta[rowStart + (byte) b] = entryOf[row[classOf[b]]];
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
      lane(data, from, to, ROOT, from, found);
    } else {
      scanLanes(data, from, to, found);
    }
    found.report(hits, this);
  }

  /**
   * Lane k reads {@code steps} bytes from {@code from + k * stride}, {@code stride = steps -
   * warmUp}, and reports the keywords that end after its warm-up; the last lane stops at {@code
   * to}, a few steps short, which the other lanes then finish alone. The lanes' reported ends tile
   * {@code (from, to]}.
   */
  private void scanLanes(byte[] data, int from, int to, LaneHits found) {
    final int[] table = delta;
    int steps = (to - from + (LANES - 1) * warmUp + LANES - 1) / LANES;
    int stride = steps - warmUp;
    int s0 = ROOT;
    int s1 = ROOT;
    int s2 = ROOT;
    int s3 = ROOT;
    int s4 = ROOT;
    int s5 = ROOT;
    // p is lane 0's position; lane k's is p + k * stride. The last lane ends at to.
    int end = to - (LANES - 1) * stride;
    int p = from;
    while (p < end) {
      do {
        s0 = table[s0 + data[p]];
        int p1 = p + stride;
        s1 = table[s1 + data[p1]];
        int p2 = p1 + stride;
        s2 = table[s2 + data[p2]];
        int p3 = p2 + stride;
        s3 = table[s3 + data[p3]];
        int p4 = p3 + stride;
        s4 = table[s4 + data[p4]];
        int p5 = p4 + stride;
        s5 = table[s5 + data[p5]];
        if ((s0 | s1 | s2 | s3 | s4 | s5) < 0) {
          break;
        }
      } while (++p < end);
      if (p == end) {
        break;
      }
      // Most steps that leave the loop have one emitting lane; the others' calls are skipped.
      boolean warm = p - from >= warmUp;
      if (s0 < 0) {
        s0 = found.emitted(s0, p + 1, true);
      }
      if (s1 < 0) {
        s1 = found.emitted(s1, p + stride + 1, warm);
      }
      if (s2 < 0) {
        s2 = found.emitted(s2, p + 2 * stride + 1, warm);
      }
      if (s3 < 0) {
        s3 = found.emitted(s3, p + 3 * stride + 1, warm);
      }
      if (s4 < 0) {
        s4 = found.emitted(s4, p + 4 * stride + 1, warm);
      }
      if (s5 < 0) {
        s5 = found.emitted(s5, p + 5 * stride + 1, warm);
      }
      p++;
    }
    int together = end - from;
    lane(data, from + together, from + steps, s0, from, found);
    int p1 = from + stride;
    lane(data, p1 + together, p1 + steps, s1, p1 + warmUp, found);
    int p2 = p1 + stride;
    lane(data, p2 + together, p2 + steps, s2, p2 + warmUp, found);
    int p3 = p2 + stride;
    lane(data, p3 + together, p3 + steps, s3, p3 + warmUp, found);
    int p4 = p3 + stride;
    lane(data, p4 + together, p4 + steps, s4, p4 + warmUp, found);
  }

  /**
   * Runs the automaton from {@code entry} over {@code [from, to)}, recording the keywords that end
   * after {@code reportAfter}.
   */
  private void lane(byte[] data, int from, int to, int entry, int reportAfter, LaneHits found) {
    final int[] table = delta;
    for (int i = from; i < to; i++) {
      entry = table[entry + data[i]];
      if (entry < 0) {
        entry = found.emitted(entry, i + 1, i >= reportAfter);
      }
    }
  }

  /**
   * Keyword ends as the lanes find them (end and state, packed in a long); sorted by end before
   * they are reported. Each end belongs to exactly one lane, so the sort is a total order.
   */
  private static final class LaneHits {
    private long[] found = new long[16];
    private int count;

    /** The entry without {@link #EMITS}; records its state first if it emits and {@code report}. */
    int emitted(int entry, int end, boolean report) {
      if (entry >= 0) {
        return entry;
      }
      int plain = entry & ~EMITS;
      if (report) {
        if (count == found.length) {
          found = Arrays.copyOf(found, count * 2);
        }
        found[count++] = (long) end << 32 | plain >>> ROW_BITS;
      }
      return plain;
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
