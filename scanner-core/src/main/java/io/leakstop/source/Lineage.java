package io.leakstop.source;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a fragment's bytes were built from an earlier fragment of the same source, the way git builds
 * a packed blob from its delta base: {@code copies} are (to, from, length) triples, in order of
 * {@code to}, each saying that {@code length} bytes at {@code to} are the base's bytes at {@code
 * from}; every other byte was inserted. Almost all of a real history's blob bytes are such copies
 * of another version, so work on the base whose result depends only on the bytes of a copied range
 * (the keyword pass: a keyword is a few bytes) can be carried over rather than done again. {@code
 * key} names this fragment and {@code baseKey} its base (negative for none) within {@code memo},
 * where the detector keeps what it carries over; a fragment whose bytes are not the blob's own
 * (UTF-16 text read as UTF-8) has no lineage.
 */
public record Lineage(Memo memo, long key, long baseKey, int[] copies) {

  /** A fragment with no base, whose results its descendants may take over. */
  public static Lineage root(Memo memo, long key) {
    return new Lineage(memo, key, -1, NO_COPIES);
  }

  private static final int[] NO_COPIES = {};

  /**
   * What a source's fragments leave for their descendants, one per scan of a source (keys mean
   * nothing outside it): the most recently used entries up to a number of ints, the rest forgotten
   * (a descendant whose base's entry is gone does the work itself). Each entry also weighs what
   * keeping it costs besides its ints, so that millions of empty ones (blobs without a hit) stay
   * within the room as well. Thread-safe.
   */
  public static final class Memo {
    private final long capacity;
    private long weight;

    private final LinkedHashMap<Long, int[]> entries =
        new LinkedHashMap<>(1024, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Long, int[]> eldest) {
            if (weight <= capacity) {
              return false;
            }
            weight -= weightOf(eldest.getValue());
            return true;
          }
        };

    /** Keeps at most about {@code capacity} ints. */
    public Memo(long capacity) {
      this.capacity = capacity;
    }

    public synchronized int[] get(long key) {
      return entries.get(key);
    }

    /** Keeps {@code values} for {@code key}, unless they alone would take an eighth of the room. */
    public synchronized void put(long key, int[] values) {
      if (values.length > capacity / 8) {
        return;
      }
      int[] old = entries.put(key, values);
      weight += weightOf(values) - (old == null ? 0 : weightOf(old));
    }

    /** How many entries it keeps now. */
    public synchronized int size() {
      return entries.size();
    }

    /**
     * An entry's weight in ints: its values, and about the map entry, the boxed key and the array's
     * header that keep them.
     */
    private static long weightOf(int[] values) {
      return values.length + ENTRY_INTS;
    }

    private static final int ENTRY_INTS = 20;
  }
}
