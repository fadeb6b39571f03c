package io.leakstop.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ObjectCacheTest {
  @Test
  void dropsTheLeastRecentlyUsedFirst() {
    ObjectCache<String> cache = new ObjectCache<>(30);
    cache.put(1, "a", 10);
    cache.put(2, "b", 10);
    cache.put(3, "c", 10);
    assertEquals("a", cache.get(1)); // 2 is now the oldest
    cache.put(4, "d", 10);
    assertNull(cache.get(2));
    assertEquals("a", cache.get(1));
    assertEquals("c", cache.get(3));
    assertEquals("d", cache.get(4));
    assertEquals(30, cache.weight());
  }

  @Test
  void replacingAValueReweighsIt() {
    ObjectCache<String> cache = new ObjectCache<>(100);
    cache.put(7, "x", 60);
    cache.put(8, "y", 30);
    cache.put(7, "z", 20);
    assertEquals("z", cache.get(7));
    assertEquals(50, cache.weight());
    assertEquals(2, cache.size());
  }

  @Test
  void anEntryHeavierThanTheBoundIsNotKept() {
    ObjectCache<String> cache = new ObjectCache<>(10);
    cache.put(1, "a", 5);
    cache.put(2, "huge", 11);
    assertNull(cache.get(2));
    assertNull(cache.get(1));
    assertEquals(0, cache.weight());
  }

  /** Against a LinkedHashMap in access order over many keys that share buckets and regrow. */
  @Test
  void behavesAsAnAccessOrderedMapWithABound() {
    ObjectCache<Long> cache = new ObjectCache<>(5_000);
    LinkedHashMap<Long, long[]> model = new LinkedHashMap<>(16, 0.75f, true);
    long[] modelWeight = {0};
    Random random = new Random(42);
    for (int i = 0; i < 200_000; i++) {
      // Keys as pack positions: pack number in the top bits, clustered offsets.
      long key = (long) random.nextInt(3) << 48 | random.nextInt(4_000) * 16L;
      if (random.nextBoolean()) {
        Long got = cache.get(key);
        long[] expected = model.get(key);
        assertEquals(expected == null ? null : expected[0], got, "get " + key + " at step " + i);
      } else {
        int weight = 1 + random.nextInt(40);
        cache.put(key, key + i, weight);
        long[] old = model.put(key, new long[] {key + i, weight});
        modelWeight[0] += weight - (old == null ? 0 : old[1]);
        var eldest = model.entrySet().iterator();
        while (modelWeight[0] > 5_000) {
          Map.Entry<Long, long[]> e = eldest.next();
          modelWeight[0] -= e.getValue()[1];
          eldest.remove();
        }
      }
      assertEquals(modelWeight[0], cache.weight());
    }
    assertEquals(model.size(), cache.size());
    assertTrue(cache.size() > 100, cache.size() + " entries");
    cache.clear();
    assertEquals(0, cache.weight());
    assertNull(cache.get(model.keySet().iterator().next()));
  }
}
