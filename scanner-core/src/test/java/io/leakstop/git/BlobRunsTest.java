package io.leakstop.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class BlobRunsTest {
  @Test
  void handsOutEveryBlobOnceAcrossRacingThreads() throws Exception {
    for (int total : new int[] {0, 1, 15, 17, 1000, 20_000}) {
      BlobRuns runs = new BlobRuns(total, 4, 97);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<List<Integer>>> taken = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
          int worker = w;
          taken.add(
              pool.submit(
                  () -> {
                    List<Integer> mine = new ArrayList<>();
                    for (int i; (i = runs.next(worker)) >= 0; ) {
                      mine.add(i);
                    }
                    return mine;
                  }));
        }
        BitSet seen = new BitSet();
        int count = 0;
        for (Future<List<Integer>> f : taken) {
          for (int i : f.get()) {
            assertTrue(!seen.get(i), "blob " + i + " handed out twice");
            seen.set(i);
            count++;
          }
        }
        assertEquals(total, count);
        assertEquals(total, seen.cardinality());
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /**
   * A worker that runs out takes the back half of what another has left, and runs stay in order.
   */
  @Test
  void aWorkerWithNothingLeftTakesTheBackHalfOfTheLongestRun() {
    BlobRuns runs = new BlobRuns(1000, 2, 500);
    assertEquals(0, runs.next(0));
    assertEquals(500, runs.next(1));
    for (int i = 501; i < 510; i++) {
      assertEquals(i, runs.next(1));
    }
    for (int i = 1; i < 500; i++) {
      assertEquals(i, runs.next(0));
    }
    // Worker 1 has 510..999 left: worker 0 takes 755..999, worker 1 keeps 510..754.
    assertEquals(755, runs.next(0));
    assertEquals(510, runs.next(1));
    int[] count = new int[2];
    boolean[] done = new boolean[2];
    while (!done[0] || !done[1]) {
      for (int w = 0; w < 2; w++) {
        if (!done[w] && runs.next(w) < 0) {
          done[w] = true;
        } else if (!done[w]) {
          count[w]++;
        }
      }
    }
    assertEquals(1000 - 500 - 10 - 2, count[0] + count[1]);
    assertTrue(
        Math.abs(count[0] - count[1]) <= BlobRuns.MIN_STEAL,
        "shared out to the end: " + count[0] + " / " + count[1]);
  }
}
