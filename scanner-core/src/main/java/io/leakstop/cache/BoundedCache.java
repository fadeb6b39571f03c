package io.leakstop.cache;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A map that remembers what was costly to work out, up to a bound, safe for any number of threads.
 * The bound is a total weight: one per entry ({@link #ofEntries}), or what a {@link Weigher} says
 * (bytes, say). A put that takes the total past the bound drops the least recently used entries
 * until an eighth of the bound is free, so that dropping is rare and its cost spread over many
 * puts.
 *
 * <p>Recency is kept coarsely, so that a hit writes nothing shared: each drop starts a new period,
 * and an entry remembers the last period it was used in. Entries used in earlier periods go first,
 * the oldest period first. A hit is a {@link ConcurrentHashMap} read and, at most once per period,
 * one field write; it allocates nothing.
 *
 * <p>Values are worked out again after being dropped, so they must be what the key alone
 * determines. Neither keys nor values may be null.
 */
public final class BoundedCache<K, V> {
  /** What an entry counts for against the bound. */
  @FunctionalInterface
  public interface Weigher<K, V> {
    long weigh(K key, V value);
  }

  private final ConcurrentHashMap<K, Entry<V>> map = new ConcurrentHashMap<>();
  private final long maxWeight;
  private final long keptAfterDrop;
  private final Weigher<? super K, ? super V> weigher;
  private final AtomicLong weight = new AtomicLong();

  /** The current period; advanced (under the drop lock) by each drop. */
  private volatile int period;

  private final Object dropLock = new Object();

  private static final class Entry<V> {
    final V value;
    final long weight;

    /**
     * The last period the entry was used in; written without ordering, read only to choose what to
     * drop.
     */
    int usedIn;

    Entry(V value, long weight, int usedIn) {
      this.value = value;
      this.weight = weight;
      this.usedIn = usedIn;
    }
  }

  private BoundedCache(long maxWeight, Weigher<? super K, ? super V> weigher) {
    if (maxWeight < 1) {
      throw new IllegalArgumentException("a cache needs room for something: " + maxWeight);
    }
    this.maxWeight = maxWeight;
    this.keptAfterDrop = maxWeight - Math.max(1, maxWeight / 8);
    this.weigher = Objects.requireNonNull(weigher, "weigher");
  }

  /** A cache of at most {@code maxEntries} entries. */
  public static <K, V> BoundedCache<K, V> ofEntries(long maxEntries) {
    return new BoundedCache<>(maxEntries, (k, v) -> 1);
  }

  /**
   * A cache whose entries, weighed by {@code weigher}, weigh at most {@code maxWeight} together.
   */
  public static <K, V> BoundedCache<K, V> weighed(
      long maxWeight, Weigher<? super K, ? super V> weigher) {
    return new BoundedCache<>(maxWeight, weigher);
  }

  /** The value kept for {@code key}, or null. */
  public V get(K key) {
    Entry<V> entry = map.get(key);
    if (entry == null) {
      return null;
    }
    int now = period;
    if (entry.usedIn != now) {
      entry.usedIn = now;
    }
    return entry.value;
  }

  /**
   * The value kept for {@code key}, else {@code compute}'s, which is kept. Two threads missing the
   * same key at once may both compute it; one value is kept and both get it.
   */
  public V computeIfAbsent(K key, Function<? super K, ? extends V> compute) {
    V known = get(key);
    if (known != null) {
      return known;
    }
    V value = Objects.requireNonNull(compute.apply(key), "computed value");
    Entry<V> entry = new Entry<>(value, weigh(key, value), period);
    Entry<V> raced = map.putIfAbsent(key, entry);
    if (raced != null) {
      return raced.value;
    }
    added(entry, entry.weight);
    return value;
  }

  /** Keeps {@code value} for {@code key}, in place of what was kept. */
  public void put(K key, V value) {
    Entry<V> entry = new Entry<>(Objects.requireNonNull(value, "value"), weigh(key, value), period);
    Entry<V> replaced = map.put(key, entry);
    added(entry, entry.weight - (replaced == null ? 0 : replaced.weight));
  }

  /** The total weight kept now. */
  public long weight() {
    return weight.get();
  }

  public int size() {
    return map.size();
  }

  public void clear() {
    synchronized (dropLock) {
      for (K key : List.copyOf(map.keySet())) {
        Entry<V> entry = map.remove(key);
        if (entry != null) {
          weight.addAndGet(-entry.weight);
        }
      }
    }
  }

  private long weigh(K key, V value) {
    long w = weigher.weigh(key, value);
    if (w < 0) {
      throw new IllegalArgumentException("negative weight " + w + " for " + key);
    }
    return w;
  }

  private void added(Entry<V> entry, long delta) {
    if (weight.addAndGet(delta) > maxWeight) {
      drop(entry);
    }
  }

  /**
   * Drops the least recently used entries, {@code added} last of all, until an eighth of the bound
   * is free; starts a new period.
   */
  private void drop(Entry<V> added) {
    synchronized (dropLock) {
      if (weight.get() <= maxWeight) {
        return;
      }
      // Periods are read once, into the sort keys: other threads go on marking entries used.
      List<Map.Entry<K, Entry<V>>> entries = new ArrayList<>(map.entrySet());
      long[] byUse = new long[entries.size()];
      for (int i = 0; i < byUse.length; i++) {
        Entry<V> entry = entries.get(i).getValue();
        long usedIn = entry == added ? Integer.MAX_VALUE : entry.usedIn;
        byUse[i] = usedIn << 32 | i;
      }
      Arrays.sort(byUse);
      for (long order : byUse) {
        if (weight.get() <= keptAfterDrop) {
          break;
        }
        Map.Entry<K, Entry<V>> e = entries.get((int) order);
        if (map.remove(e.getKey(), e.getValue())) {
          weight.addAndGet(-e.getValue().weight);
        }
      }
      period++;
    }
  }
}
