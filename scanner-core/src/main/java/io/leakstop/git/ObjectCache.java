package io.leakstop.git;

import java.util.Arrays;

/**
 * Values by a long key, least recently used dropped first once their weights pass a bound: the
 * objects {@link PackObjects} keeps by pack position (git's delta base cache, a map from pack
 * offset to object), and the trees {@link TreeDiff} keeps parsed. Entries live in parallel arrays
 * (key, value, weight, hash-chain link, recency links), so that a lookup allocates nothing and
 * boxes no key, and dropping the least recently used one is an unlink rather than a search. The
 * general-purpose {@code BoundedCache} this replaced in {@link PackObjects} sorted all of its
 * entries on each drop, a tenth of a history walk's samples with tens of thousands of small trees
 * kept (bench/RESULTS.md).
 *
 * <p>Thread-safe: one lock, held for a lookup or an insertion only.
 */
final class ObjectCache<V> {
  private static final int NONE = -1;

  private final long maxWeight;
  private long weight;

  /** Per bucket, its first entry (or NONE); the chain goes on through {@link #chain}. */
  private int[] buckets;

  private long[] keys;
  private Object[] values;
  private int[] weights;
  private int[] chain;

  /** Recency links: {@link #newest} to {@link #oldest} through {@link #older}. */
  private int[] newer;

  private int[] older;
  private int newest = NONE;
  private int oldest = NONE;

  /** Entries never used yet start at {@link #used}; dropped ones are chained from here. */
  private int free = NONE;

  private int used;
  private int size;

  ObjectCache(long maxWeight) {
    this.maxWeight = maxWeight;
    allocate(64);
  }

  private void allocate(int capacity) {
    buckets = new int[capacity * 2];
    Arrays.fill(buckets, NONE);
    keys = new long[capacity];
    values = new Object[capacity];
    weights = new int[capacity];
    chain = new int[capacity];
    newer = new int[capacity];
    older = new int[capacity];
  }

  /** The value kept for {@code key}, now the most recently used one; null if none is kept. */
  @SuppressWarnings("unchecked")
  synchronized V get(long key) {
    int e = find(key);
    if (e == NONE) {
      return null;
    }
    touch(e);
    return (V) values[e];
  }

  /**
   * Keeps {@code value} for {@code key} (in place of what was kept), weighing {@code weight}, and
   * drops the least recently used entries until the total is back within the bound.
   */
  synchronized void put(long key, V value, int weight) {
    int e = find(key);
    if (e != NONE) {
      this.weight += weight - weights[e];
      values[e] = value;
      weights[e] = weight;
      touch(e);
    } else {
      e = newEntry();
      keys[e] = key;
      values[e] = value;
      weights[e] = weight;
      int b = bucket(key);
      chain[e] = buckets[b];
      buckets[b] = e;
      older[e] = newest;
      newer[e] = NONE;
      if (newest != NONE) {
        newer[newest] = e;
      }
      newest = e;
      if (oldest == NONE) {
        oldest = e;
      }
      size++;
      this.weight += weight;
    }
    while (this.weight > maxWeight && oldest != NONE) {
      remove(oldest);
    }
  }

  /** The total weight kept now. */
  synchronized long weight() {
    return weight;
  }

  synchronized void clear() {
    allocate(64);
    newest = oldest = free = NONE;
    used = size = 0;
    weight = 0;
  }

  private int find(long key) {
    for (int e = buckets[bucket(key)]; e != NONE; e = chain[e]) {
      if (keys[e] == key) {
        return e;
      }
    }
    return NONE;
  }

  private int bucket(long key) {
    // Murmur3's finaliser: pack offsets are clustered, and their low bits alone chain badly.
    long h = key;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return (int) h & (buckets.length - 1);
  }

  private void touch(int e) {
    if (e == newest) {
      return;
    }
    unlinkRecency(e);
    older[e] = newest;
    newer[e] = NONE;
    newer[newest] = e;
    newest = e;
  }

  private void unlinkRecency(int e) {
    int n = newer[e];
    int o = older[e];
    if (n != NONE) {
      older[n] = o;
    } else {
      newest = o;
    }
    if (o != NONE) {
      newer[o] = n;
    } else {
      oldest = n;
    }
  }

  private void remove(int e) {
    unlinkRecency(e);
    int b = bucket(keys[e]);
    if (buckets[b] == e) {
      buckets[b] = chain[e];
    } else {
      int p = buckets[b];
      while (chain[p] != e) {
        p = chain[p];
      }
      chain[p] = chain[e];
    }
    weight -= weights[e];
    values[e] = null;
    chain[e] = free;
    free = e;
    size--;
  }

  private int newEntry() {
    if (free != NONE) {
      int e = free;
      free = chain[e];
      return e;
    }
    if (used == keys.length) {
      grow();
    }
    return used++;
  }

  /** Doubles the arrays and rehashes: entries keep their numbers, so recency links stay valid. */
  private void grow() {
    int capacity = keys.length * 2;
    keys = Arrays.copyOf(keys, capacity);
    values = Arrays.copyOf(values, capacity);
    weights = Arrays.copyOf(weights, capacity);
    chain = Arrays.copyOf(chain, capacity);
    newer = Arrays.copyOf(newer, capacity);
    older = Arrays.copyOf(older, capacity);
    buckets = new int[capacity * 2];
    Arrays.fill(buckets, NONE);
    // Every entry below `used` is live: the free list is empty whenever the arrays grow.
    for (int e = 0; e < used; e++) {
      int b = bucket(keys[e]);
      chain[e] = buckets[b];
      buckets[b] = e;
    }
  }

  /** How many entries are kept (for tests). */
  synchronized int size() {
    return size;
  }
}
