package io.leakstop.git;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Hands out a history scan's blobs, numbered in pack order, to its worker threads. Each worker
 * takes long runs of neighbours: a blob's delta base sits just before it in the pack, so a thread
 * reading a long run rebuilds most bases once. A worker that finds no run left takes the back half
 * of the longest run another is still reading, so that no thread finishes the scan alone.
 *
 * <p>Every boundary between runs costs the thread that starts there a rebuild of each delta chain
 * it meets, from the chain's whole base: on a fast-import pack with deep chains, runs that shrank
 * as the end neared cost far more than they balanced. Stealing adds one boundary per steal, only at
 * the end. With equal runs and no stealing, one thread read the last run alone while the other
 * cores idled (bench/RESULTS.md, Figures from comments).
 */
final class BlobRuns {
  /** A run with fewer blobs left is not worth a chain rebuild: its owner finishes it. */
  static final int MIN_STEAL = 16;

  private final int total;
  private final int runLength;
  private final AtomicInteger next = new AtomicInteger();

  /**
   * Each worker's current run, {@code from << 32 | to}: the owner advances from, a thief lowers to.
   */
  private final AtomicLongArray runs;

  BlobRuns(int total, int workers, int runLength) {
    this.total = total;
    this.runLength = Math.max(1, runLength);
    this.runs = new AtomicLongArray(workers);
  }

  /** The next blob for {@code worker} (0 to workers - 1), or -1 when every blob is handed out. */
  int next(int worker) {
    while (true) {
      long run = runs.get(worker);
      int from = (int) (run >>> 32);
      int to = (int) run;
      if (from < to) {
        if (runs.compareAndSet(worker, run, range(from + 1, to))) {
          return from;
        }
      } else if (!refill(worker)) {
        return -1;
      }
    }
  }

  private boolean refill(int worker) {
    int from = next.getAndAdd(runLength);
    if (from < total) {
      runs.set(worker, range(from, Math.min(total, from + runLength)));
      return true;
    }
    while (true) {
      int victim = -1;
      long longest = 0;
      for (int w = 0; w < runs.length(); w++) {
        long run = runs.get(w);
        if (left(run) >= MIN_STEAL && (victim < 0 || left(run) > left(longest))) {
          victim = w;
          longest = run;
        }
      }
      if (victim < 0) {
        return false;
      }
      int start = (int) (longest >>> 32);
      int end = (int) longest;
      int middle = start + (end - start) / 2;
      if (runs.compareAndSet(victim, longest, range(start, middle))) {
        runs.set(worker, range(middle, end));
        return true;
      }
    }
  }

  private static int left(long run) {
    return (int) run - (int) (run >>> 32);
  }

  private static long range(int from, int to) {
    return (long) from << 32 | to;
  }
}
