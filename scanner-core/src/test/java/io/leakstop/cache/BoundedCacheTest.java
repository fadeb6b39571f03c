package io.leakstop.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedCacheTest {
  @Test
  void neverHoldsMoreEntriesThanItsBound() {
    BoundedCache<Integer, String> cache = BoundedCache.ofEntries(100);
    for (int i = 0; i < 10_000; i++) {
      cache.put(i, "v" + i);
      assertTrue(cache.size() <= 100, "size " + cache.size() + " after " + i);
    }
    assertEquals(cache.size(), cache.weight());
    assertEquals("v9999", cache.get(9999), "the last one put is kept");
  }

  @Test
  void aDropFreesAnEighthAndKeepsWhatWasUsedSinceTheLastDrop() {
    BoundedCache<Integer, String> cache = BoundedCache.ofEntries(80);
    for (int i = 0; i < 80; i++) {
      cache.put(i, "v" + i);
    }
    assertEquals(80, cache.size(), "full, nothing dropped yet");
    cache.put(80, "v80");
    assertEquals(70, cache.size(), "one put past the bound frees an eighth of it");
    assertEquals("v80", cache.get(80), "the entry that made room is kept");

    // 80 was used since that drop, and the new keys are put after it: the next drop takes only keys
    // left from before it.
    for (int i = 100; i < 111; i++) {
      cache.put(i, "v" + i);
    }
    assertEquals(70, cache.size());
    assertEquals("v80", cache.get(80));
    for (int i = 100; i < 111; i++) {
      assertEquals("v" + i, cache.get(i));
    }
  }

  @Test
  void boundsTheTotalWeight() {
    BoundedCache<String, byte[]> cache = BoundedCache.weighed(1000, (k, v) -> v.length + 10);
    for (int i = 0; i < 500; i++) {
      cache.put("k" + i, new byte[i % 90]);
      assertTrue(cache.weight() <= 1000, "weight " + cache.weight());
    }
    long sum = 0;
    for (int i = 0; i < 500; i++) {
      byte[] v = cache.get("k" + i);
      sum += v == null ? 0 : v.length + 10;
    }
    assertEquals(sum, cache.weight(), "the weight counts exactly what is kept");
  }

  @Test
  void replacingAValueReweighsIt() {
    BoundedCache<String, byte[]> cache = BoundedCache.weighed(1000, (k, v) -> v.length);
    cache.put("a", new byte[100]);
    cache.put("a", new byte[30]);
    assertEquals(30, cache.weight());
    cache.clear();
    assertEquals(0, cache.weight());
    assertNull(cache.get("a"));
  }

  @Test
  void computesAMissingValueOnceAndKeepsIt() {
    BoundedCache<String, Object> cache = BoundedCache.ofEntries(10);
    AtomicInteger computed = new AtomicInteger();
    Object first =
        cache.computeIfAbsent(
            "k",
            k -> {
              computed.incrementAndGet();
              return new Object();
            });
    Object second =
        cache.computeIfAbsent(
            "k",
            k -> {
              computed.incrementAndGet();
              return new Object();
            });
    assertSame(first, second);
    assertEquals(1, computed.get());
  }

  @Test
  void manyThreadsKeepItConsistentAndBounded() throws Exception {
    BoundedCache<Integer, Integer> cache = BoundedCache.weighed(5000, (k, v) -> 1 + k % 7);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int seed = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 200_000; i++) {
                    int key = (i * 31 + seed * 7919) % 20_000;
                    Integer v = cache.computeIfAbsent(key, k -> k * 2);
                    if (v != key * 2) {
                      throw new AssertionError("key " + key + " gave " + v);
                    }
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    long sum = 0;
    for (int k = 0; k < 20_000; k++) {
      sum += cache.get(k) == null ? 0 : 1 + k % 7;
    }
    assertEquals(sum, cache.weight(), "weight matches what is kept once the threads are done");
    assertTrue(cache.weight() <= 5000, "weight " + cache.weight());
  }
}
