package io.leakstop.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LineageMemoTest {

  @Test
  void blobsWithoutAnyHitStillFillTheRoomAndTheOldestAreForgotten() {
    // A history of millions of blobs, most of them without a hit: each leaves an empty entry.
    Lineage.Memo memo = new Lineage.Memo(2_000);
    for (long key = 0; key < 100_000; key++) {
      memo.put(key, new int[0]);
    }
    assertTrue(memo.size() <= 2_000 / 20 + 1, "entries kept: " + memo.size());
    assertNotNull(memo.get(99_999), "the most recent entry is kept");
    assertNull(memo.get(0), "the oldest entry is forgotten");
  }

  @Test
  void entriesWithValuesAreKeptUpToTheRoomMostRecentlyUsedFirst() {
    Lineage.Memo memo = new Lineage.Memo(10_000);
    int[] first = {1, 2, 3};
    memo.put(0, first);
    for (long key = 1; key < 1_000; key++) {
      memo.put(key, new int[80]);
      memo.get(0); // used again and again: stays
    }
    assertArrayEquals(first, memo.get(0));
    assertNull(memo.get(1), "an entry not used since is forgotten");
    assertTrue(memo.size() <= 10_000 / 100 + 1, "entries kept: " + memo.size());
  }

  @Test
  void valuesTooLargeForAnEighthOfTheRoomAreNotKept() {
    Lineage.Memo memo = new Lineage.Memo(8_000);
    memo.put(1, new int[1_001]);
    assertNull(memo.get(1));
  }
}
