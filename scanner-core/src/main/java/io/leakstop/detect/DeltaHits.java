package io.leakstop.detect;

import io.leakstop.source.Lineage;
import java.util.Arrays;

/**
 * The keyword pass over a fragment with a {@link Lineage}: the same hits, in the same order, as
 * {@link KeywordMatcher#scan} over all of it, with most bytes not read. A keyword is a few bytes;
 * one that lies wholly inside a range copied from the base is a hit the base had at the copied
 * place, so those hits are the base's, moved; the pass reads only the inserted bytes and the places
 * where one copied or inserted range meets the next, each widened by the longest keyword less one
 * byte, and keeps from what it reads the hits that do not lie wholly inside one copy. Every
 * fragment's hits are left in the lineage's memo for its own descendants. Without the base's hits
 * in the memo (not scanned, binary, forgotten, or being scanned now on another thread), or when
 * what it would read is most of the fragment, the pass reads everything.
 */
final class DeltaHits {
  private DeltaHits() {}

  /** Keyword ids and ends, in pairs, in the order {@link KeywordMatcher#scan} reports them. */
  static int[] find(KeywordMatcher keywords, byte[] data, int length, Lineage lineage) {
    int[] base = lineage.baseKey() < 0 ? null : lineage.memo().get(lineage.baseKey());
    int[] hits =
        base == null ? null : SCRATCH.get().derived(keywords, data, length, lineage.copies(), base);
    if (hits == null) {
      hits = all(keywords, data, length);
    }
    lineage.memo().put(lineage.key(), hits);
    return hits;
  }

  private static int[] all(KeywordMatcher keywords, byte[] data, int length) {
    Pairs out = new Pairs();
    keywords.scan(data, 0, length, out::add);
    return out.toArray();
  }

  /** Whether {@link #order} has room for {@code count} keywords of the matcher's lengths. */
  static boolean canOrder(int count, KeywordMatcher keywords) {
    return count <= 1 << 20 && keywords.longestKeyword() <= 4095;
  }

  /** Sorts hits as one pass reports them: by end, then longest first, then by keyword id. */
  private static long order(int end, int keywordLength, int keyword) {
    return (long) end << 32 | (long) (4095 - keywordLength) << 20 | keyword;
  }

  /** The index of the first pair in {@code hits} (sorted by end) ending after {@code at}. */
  private static int firstEndingAfter(int[] hits, int at) {
    int lo = 0;
    int hi = hits.length / 2;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (hits[2 * mid + 1] <= at) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return 2 * lo;
  }

  /** Each thread's buffers, kept from one fragment to the next. */
  private static final ThreadLocal<Derivation> SCRATCH = ThreadLocal.withInitial(Derivation::new);

  /**
   * The pass over a fragment whose base's hits are known. The copies worth moving hits from are the
   * long ones, longer than twice the longest keyword: the bytes of a shorter one are read as if
   * inserted, which is always safe (git's deltas are mostly such short copies of lines found
   * elsewhere in the base). What lies between two long copies, before the first or after the last
   * is a gap, possibly empty, and each gap is read as a place: widened on the left by the longest
   * keyword less one byte, so that the pass is in the state a pass over everything would be in when
   * it reaches the gap, and on the right by as much, for the hits that start in the gap and end in
   * the next copy. A long copy is longer than both widenings, so places never overlap, and a hit
   * read in a place is the gap's unless it ends before the gap or starts after it, inside the copy
   * on either side, which gives its hits by moving the base's. Copies come in the fragment's order
   * and the base's hits in a pass's, so the moved hits are in a pass's order, and so are the read
   * ones: the two are merged, not sorted.
   *
   * <p>The places are read in one pass over their bytes laid end to end with a zero byte between
   * them, which is in no keyword and so ends any match: most are a few dozen bytes, and the matcher
   * reads a long input several times faster than many short ones (see {@link
   * KeywordMatcher#LANES}). When the places hold most of the fragment, it is read whole instead:
   * laying bytes out costs more than the fewer bytes read save. The buffers are kept for the
   * thread's next fragment, which spares the allocation of most of them.
   */
  private static final class Derivation implements KeywordMatcher.Hits {
    /** Buffers larger than this are not kept for the next fragment. */
    private static final int KEPT_BYTES = 1 << 20;

    /** Per place: the gap's start and end, where its reading starts in the fragment and in laid. */
    private int[] places = new int[64];

    private int placeCount;
    private byte[] laid = new byte[4096];
    private int[] moved = new int[64];
    private int movedCount;
    private int[] read = new int[64];
    private int readCount;

    /** The place the last hit read lay in. */
    private int place;

    private KeywordMatcher keywords;

    /**
     * The fragment's hits, or null when it is cheaper to read it whole or the copies do not fit it
     * (out of order, overlapping, or past its end).
     */
    int[] derived(KeywordMatcher keywords, byte[] data, int length, int[] copies, int[] base) {
      this.keywords = keywords;
      int reach = keywords.longestKeyword() - 1;
      int longCopy = 2 * keywords.longestKeyword();
      placeCount = 0;
      int laidBytes = 0;
      // The end of the last long copy, and of the last copy.
      int at = 0;
      int copied = 0;
      for (int c = 0; c < copies.length; c += 3) {
        if (copies[c] < copied || copies[c + 1] < 0 || copies[c + 2] <= 0) {
          // Not in order, not apart or not copies: nothing is taken from them.
          return null;
        }
        copied = copies[c] + copies[c + 2];
        if (copies[c + 2] > longCopy) {
          laidBytes += gap(length, at, copies[c], reach, laidBytes);
          at = copied;
        }
      }
      if (copied > length) {
        return null;
      }
      laidBytes += gap(length, at, length, reach, laidBytes);
      if (laidBytes > length - length / 4) {
        return null;
      }
      movedCount = 0;
      for (int c = 0; c < copies.length; c += 3) {
        if (copies[c + 2] > longCopy) {
          move(copies[c], copies[c + 1], copies[c + 2], base);
        }
      }
      readCount = 0;
      if (placeCount > 0) {
        byte[] bytes = laid.length >= laidBytes ? laid : new byte[laidBytes];
        for (int p = 0; p < placeCount; p += 4) {
          int separator = p + 4 < placeCount ? places[p + 7] - 1 : laidBytes - 1;
          System.arraycopy(data, places[p + 2], bytes, places[p + 3], separator - places[p + 3]);
          bytes[separator] = 0;
        }
        if (bytes != laid && laidBytes <= KEPT_BYTES) {
          laid = bytes;
        }
        place = 0;
        keywords.scan(bytes, 0, laidBytes, this);
      }
      return merged(keywords);
    }

    /**
     * Adds the place that reads the gap {@code [start, end)} unless it cannot hold a hit that is
     * not wholly inside one copy; returns how many bytes it lays, its separator included.
     */
    private int gap(int length, int start, int end, int reach, int laidAt) {
      if (start == end && (start == 0 || end == length)) {
        // No piece before the first copy or after the last.
        return 0;
      }
      int from = start == 0 ? 0 : start - reach;
      int to = end == length ? length : end + reach;
      if (placeCount + 4 > places.length) {
        places = Arrays.copyOf(places, places.length * 2);
      }
      places[placeCount++] = start;
      places[placeCount++] = end;
      places[placeCount++] = from;
      places[placeCount++] = laidAt;
      return to - from + 1;
    }

    /** Adds the base's hits inside {@code [from, from + size)}, moved to {@code to}. */
    private void move(int to, int from, int size, int[] base) {
      for (int h = firstEndingAfter(base, from); h < base.length; h += 2) {
        int end = base[h + 1];
        if (end > from + size) {
          break;
        }
        int keyword = base[h];
        if (end - keywords.keywordLength(keyword) >= from) {
          if (movedCount + 2 > moved.length) {
            moved = Arrays.copyOf(moved, moved.length * 2);
          }
          moved[movedCount++] = keyword;
          moved[movedCount++] = end - from + to;
        }
      }
    }

    /** A hit in the laid places: kept when it is the gap's, at its end in the fragment. */
    @Override
    public void hit(int keyword, int laidEnd) {
      while (place + 4 < placeCount && places[place + 7] < laidEnd) {
        place += 4;
      }
      int end = places[place + 2] + laidEnd - places[place + 3];
      if (end > places[place] && end - keywords.keywordLength(keyword) < places[place + 1]) {
        if (readCount + 2 > read.length) {
          read = Arrays.copyOf(read, read.length * 2);
        }
        read[readCount++] = keyword;
        read[readCount++] = end;
      }
    }

    /** The moved and the read hits, merged in a pass's order. */
    private int[] merged(KeywordMatcher keywords) {
      int[] hits = new int[movedCount + readCount];
      int m = 0;
      int r = 0;
      int o = 0;
      while (m < movedCount && r < readCount) {
        long movedOrder = order(moved[m + 1], keywords.keywordLength(moved[m]), moved[m]);
        long readOrder = order(read[r + 1], keywords.keywordLength(read[r]), read[r]);
        if (movedOrder < readOrder) {
          hits[o++] = moved[m++];
          hits[o++] = moved[m++];
        } else {
          hits[o++] = read[r++];
          hits[o++] = read[r++];
        }
      }
      System.arraycopy(moved, m, hits, o, movedCount - m);
      o += movedCount - m;
      System.arraycopy(read, r, hits, o, readCount - r);
      if (moved.length > KEPT_BYTES / 4) {
        moved = new int[64];
      }
      if (read.length > KEPT_BYTES / 4) {
        read = new int[64];
      }
      return hits;
    }
  }

  /** Keyword and end pairs as a pass reports them. */
  private static final class Pairs {
    int[] pairs = new int[32];
    int count;

    void add(int keyword, int end) {
      if (count == pairs.length) {
        pairs = Arrays.copyOf(pairs, count * 2);
      }
      pairs[count++] = keyword;
      pairs[count++] = end;
    }

    int[] toArray() {
      return Arrays.copyOf(pairs, count);
    }
  }
}
