package io.leakstop.detect;

import io.leakstop.source.Lineage;
import java.util.Arrays;

/**
 * Where a fragment with a {@link Lineage} holds base64 runs that decode to text: the same runs as
 * {@link EncodedRuns}' walk over all of it finds, with most bytes not read. Whether an unbroken
 * stretch of base64 bytes ('=' included) is such a run depends on its bytes and on the byte either
 * side of it alone; so a run that lies, with a byte either side, wholly inside a range copied from
 * the base is a run the base had at the copied place, and those are the base's, moved. The walk
 * reads only what is left (inserted bytes, and the first and last byte of each copy), each place
 * widened to the whole stretch of base64 bytes that crosses its ends. Every fragment's runs are
 * left in the lineage's memo for its own descendants, under their own keys ({@link #memoKey})
 * beside {@link DeltaHits}' keyword hits. Without the base's runs in the memo the walk reads
 * everything.
 */
final class Base64Spans {
  private Base64Spans() {}

  /**
   * Copies no longer than this are taken as inserted (which is always safe: the walk reads them),
   * since no run with a byte either side fits in them.
   */
  static final int SHORTEST_COPY = EncodedRuns.MIN_BASE64 + 1;

  private static final int[] NONE = {};

  /**
   * The runs in {@code data[0, length)} that decode to text, as pairs of where their stretch of
   * base64 bytes starts and ends, in order, whatever the decode budget.
   */
  static int[] find(byte[] data, int length, Lineage lineage) {
    boolean keyed = lineage.key() >= 0;
    int[] base =
        keyed && lineage.baseKey() >= 0 ? lineage.memo().get(memoKey(lineage.baseKey())) : null;
    int[] spans = base == null ? null : derived(data, length, lineage.copies(), base);
    if (spans == null) {
      spans = all(data, length);
    }
    if (keyed) {
      lineage.memo().put(memoKey(lineage.key()), spans);
    }
    return spans;
  }

  /**
   * Where a fragment's runs are kept in the memo: apart from the keys of fragments (which are not
   * negative), where {@link DeltaHits} keeps their keyword hits.
   */
  static long memoKey(long fragmentKey) {
    return ~fragmentKey;
  }

  /** The walk over all of {@code data[0, length)}. */
  static int[] all(byte[] data, int length) {
    Ints spans = new Ints();
    EncodedRuns.base64(data, 0, length, 0, length, new EncodedRuns.Found(null, 0, spans));
    return spans.toArray();
  }

  /**
   * The base's runs moved where whole copies of them (with a byte either side) went, and the walk
   * over the rest; null when the copies are not in order, apart, and inside the fragment.
   */
  private static int[] derived(byte[] data, int length, int[] copies, int[] base) {
    Ints spans = new Ints();
    Walk walk = new Walk(data, length, spans);
    // The walk reads data[at, ...) up to the next copy taken as such.
    int at = 0;
    int copiedTo = 0;
    for (int c = 0; c < copies.length; c += 3) {
      int to = copies[c];
      int from = copies[c + 1];
      int size = copies[c + 2];
      if (to < copiedTo || from < 0 || size <= 0 || (long) to + size > length) {
        return null;
      }
      copiedTo = to + size;
      if (size <= SHORTEST_COPY) {
        continue; // read with the bytes around it
      }
      walk.over(at, to + 1);
      // The base's runs with a byte either side inside the copy.
      int last = from + size - 1;
      for (int s = firstStartingAtOrAfter(base, from + 1); s < base.length; s += 2) {
        if (base[s + 1] > last) {
          break;
        }
        spans.add(base[s] - from + to, base[s + 1] - from + to);
      }
      at = to + size - 1;
    }
    walk.over(at, length);
    return spans.toArray();
  }

  /** The index of the first pair in {@code spans} (sorted) starting at or after {@code at}. */
  private static int firstStartingAtOrAfter(int[] spans, int at) {
    int lo = 0;
    int hi = spans.length / 2;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (spans[2 * mid] < at) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return 2 * lo;
  }

  /**
   * Walks places of the fragment met in order, each widened to the whole stretch of base64 bytes
   * that crosses its ends; what an earlier place's widening already walked is not walked again, so
   * no run is noted twice.
   */
  private static final class Walk {
    private final byte[] data;
    private final int length;
    private final EncodedRuns.Found found;
    private int walked;

    Walk(byte[] data, int length, Ints spans) {
      this.data = data;
      this.length = length;
      this.found = new EncodedRuns.Found(null, 0, spans);
    }

    /** Walks {@code data[start, end)} and the stretches of base64 bytes crossing its ends. */
    void over(int start, int end) {
      if (start >= end) {
        return;
      }
      int lo = start;
      if (EncodedRuns.isBase64Byte(data[start])) {
        lo = EncodedRuns.base64RunStart(data, start, 0);
      }
      int hi = end;
      if (EncodedRuns.isBase64Byte(data[end - 1])) {
        hi = EncodedRuns.base64RunEnd(data, end, length);
      }
      lo = Math.max(lo, walked);
      if (lo < hi) {
        EncodedRuns.base64(data, 0, length, lo, hi, found);
        walked = hi;
      }
    }
  }

  /** Pairs of ints as they are added. */
  static final class Ints {
    private int[] values = NONE;
    private int count;

    void add(int first, int second) {
      if (count + 2 > values.length) {
        values = Arrays.copyOf(values, Math.max(8, values.length * 2));
      }
      values[count++] = first;
      values[count++] = second;
    }

    int[] toArray() {
      return count == 0 ? NONE : Arrays.copyOf(values, count);
    }
  }
}
