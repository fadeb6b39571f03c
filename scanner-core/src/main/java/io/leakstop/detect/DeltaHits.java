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
 * in the memo (not scanned, binary, forgotten, or being scanned now on another thread) the pass
 * reads everything.
 */
final class DeltaHits {
  private DeltaHits() {}

  /** Keyword ids and ends, in pairs, in the order {@link KeywordMatcher#scan} reports them. */
  static int[] find(KeywordMatcher keywords, byte[] data, int length, Lineage lineage) {
    int[] base = lineage.baseKey() < 0 ? null : lineage.memo().get(lineage.baseKey());
    int[] hits =
        base == null || !fits(lineage.copies(), length)
            ? all(keywords, data, length)
            : derived(keywords, data, length, longCopies(lineage.copies(), keywords), base);
    lineage.memo().put(lineage.key(), hits);
    return hits;
  }

  /**
   * The copies worth moving hits from: one no longer than twice the longest keyword is read whole
   * anyway (the places where it meets its neighbours cover it), so it is taken as inserted, which
   * is always safe; git's deltas are mostly such short copies of lines found elsewhere in the base.
   */
  private static int[] longCopies(int[] copies, KeywordMatcher keywords) {
    int shortest = 2 * keywords.longestKeyword();
    int kept = 0;
    for (int c = 0; c < copies.length; c += 3) {
      if (copies[c + 2] > shortest) {
        kept += 3;
      }
    }
    if (kept == copies.length) {
      return copies;
    }
    int[] out = new int[kept];
    int o = 0;
    for (int c = 0; c < copies.length; c += 3) {
      if (copies[c + 2] > shortest) {
        out[o++] = copies[c];
        out[o++] = copies[c + 1];
        out[o++] = copies[c + 2];
      }
    }
    return out;
  }

  private static int[] all(KeywordMatcher keywords, byte[] data, int length) {
    Pairs out = new Pairs();
    keywords.scan(data, 0, length, out::add);
    return out.toArray();
  }

  /** Whether the copies are in order, apart, and inside the fragment. */
  private static boolean fits(int[] copies, int length) {
    int end = 0;
    for (int c = 0; c < copies.length; c += 3) {
      if (copies[c] < end || copies[c + 1] < 0 || copies[c + 2] <= 0) {
        return false;
      }
      end = copies[c] + copies[c + 2];
    }
    return end <= length;
  }

  private static int[] derived(
      KeywordMatcher keywords, byte[] data, int length, int[] copies, int[] base) {
    // Sorted by end, then longest first (the order one pass reports hits ending together in),
    // then by keyword id: end << 32 | (4095 - length) << 20 | keyword.
    long[] found = new long[16];
    int count = 0;
    for (int c = 0; c < copies.length; c += 3) {
      int to = copies[c];
      int from = copies[c + 1];
      int size = copies[c + 2];
      for (int h = firstEndingAfter(base, from); h < base.length; h += 2) {
        int end = base[h + 1];
        if (end > from + size) {
          break;
        }
        int keyword = base[h];
        int keywordLength = keywords.keywordLength(keyword);
        if (end - keywordLength >= from) {
          if (count == found.length) {
            found = Arrays.copyOf(found, count * 2);
          }
          found[count++] = order(end - from + to, keywordLength, keyword);
        }
      }
    }
    Pairs read = new Pairs();
    Segments segments = new Segments(data, length, keywords.longestKeyword() - 1);
    int at = 0;
    for (int c = 0; c < copies.length; c += 3) {
      int copyAt = copies[c];
      if (at < copyAt) {
        segments.around(at, copyAt);
      }
      if (copyAt > 0) {
        segments.around(copyAt, copyAt);
      }
      at = copyAt + copies[c + 2];
      if (at < length) {
        segments.around(at, at);
      }
    }
    if (at < length) {
      segments.around(at, length);
    }
    segments.read(keywords, copies, read);
    for (int i = 0; i < read.count; i += 2) {
      if (count == found.length) {
        found = Arrays.copyOf(found, count * 2);
      }
      int keyword = read.pairs[i];
      found[count++] = order(read.pairs[i + 1], keywords.keywordLength(keyword), keyword);
    }
    Arrays.sort(found, 0, count);
    int[] hits = new int[count * 2];
    for (int i = 0; i < count; i++) {
      hits[2 * i] = (int) (found[i] & 0xfffff);
      hits[2 * i + 1] = (int) (found[i] >>> 32);
    }
    return hits;
  }

  /** Whether {@link #order} has room for {@code count} keywords of the matcher's lengths. */
  static boolean canOrder(int count, KeywordMatcher keywords) {
    return count <= 1 << 20 && keywords.longestKeyword() <= 4095;
  }

  private static long order(int end, int keywordLength, int keyword) {
    return (long) end << 32 | (long) (4095 - keywordLength) << 20 | keyword;
  }

  private static boolean insideOneCopy(int[] copies, int start, int end) {
    int lo = 0;
    int hi = copies.length / 3 - 1;
    // The last copy starting at or before start.
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (copies[3 * mid] <= start) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found >= 0 && end <= copies[3 * found] + copies[3 * found + 2];
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

  /**
   * The places to read, met in order of their starts: each inserted range and each place where two
   * ranges meet, widened by {@code reach} either side (a hit that is not wholly inside one copy
   * overlaps an inserted byte or spans such a place, and so lies inside one of them); overlapping
   * ones are read as one, so that no hit is reported twice. They are read in one pass over their
   * bytes laid end to end with a zero byte between them, which is in no keyword and so ends any
   * match: most are a few dozen bytes, and the matcher reads a long input several times faster than
   * many short ones (see {@link KeywordMatcher#LANES}).
   */
  private static final class Segments {
    private final byte[] data;
    private final int length;
    private final int reach;
    private int[] spans = new int[32];
    private int count;
    private int from;
    private int to = -1;
    private int bytes;

    Segments(byte[] data, int length, int reach) {
      this.data = data;
      this.length = length;
      this.reach = reach;
    }

    void around(int start, int end) {
      int widenedFrom = Math.max(0, start - reach);
      int widenedTo = (int) Math.min(length, (long) end + reach);
      if (widenedFrom <= to) {
        to = Math.max(to, widenedTo);
        return;
      }
      close();
      from = widenedFrom;
      to = widenedTo;
    }

    private void close() {
      if (to > from) {
        if (count + 2 > spans.length) {
          spans = Arrays.copyOf(spans, spans.length * 2);
        }
        spans[count++] = from;
        spans[count++] = to;
        bytes += to - from + 1;
      }
      to = -1;
    }

    /** The hits in these places that do not lie wholly inside one copy. */
    void read(KeywordMatcher keywords, int[] copies, Pairs out) {
      close();
      if (count == 0) {
        return;
      }
      byte[] laid = new byte[bytes];
      // Where each place starts in laid, for mapping ends back.
      int[] laidAt = new int[count / 2];
      int at = 0;
      for (int i = 0; i < count; i += 2) {
        laidAt[i / 2] = at;
        System.arraycopy(data, spans[i], laid, at, spans[i + 1] - spans[i]);
        at += spans[i + 1] - spans[i] + 1;
      }
      keywords.scan(
          laid,
          0,
          laid.length,
          (keyword, laidEnd) -> {
            int place = lastAtOrBefore(laidAt, laidEnd - 1);
            int end = spans[2 * place] + laidEnd - laidAt[place];
            if (!insideOneCopy(copies, end - keywords.keywordLength(keyword), end)) {
              out.add(keyword, end);
            }
          });
    }
  }

  /** The index of the last value in sorted {@code values} at or before {@code at}. */
  private static int lastAtOrBefore(int[] values, int at) {
    int lo = 0;
    int hi = values.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (values[mid] <= at) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
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
