package io.leakstop.bench;

import io.leakstop.detect.Detector;
import io.leakstop.rules.RuleSet;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The work of {@link DetectorBenchmark} timed in the thread's CPU time, not wall time: on a shared
 * machine a run waiting for a core inflates wall time, never CPU time, so builds compared this way
 * on a busy machine still compare. Prints the median, lower quartile and best milliseconds per 16
 * MiB after the warm-up.
 *
 * <p>Usage: {@code java -XX:ActiveProcessorCount=1 -cp scanner-bench/target/benchmarks.jar
 * io.leakstop.bench.DetectorCpuTime [LABEL]}
 */
public final class DetectorCpuTime {
  private static final int WARM_UP = 20;
  private static final int RUNS = 40;

  private DetectorCpuTime() {}

  public static void main(String[] args) {
    byte[] corpus = Corpus.generate(16 << 20, 42, 256 << 10);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long[] nanos = new long[RUNS];
    long found = 0;
    for (int i = 0; i < WARM_UP + RUNS; i++) {
      Detector detector = new Detector(RuleSet.builtin());
      long start = threads.getCurrentThreadCpuTime();
      found += detector.detect(corpus, null).size();
      long spent = threads.getCurrentThreadCpuTime() - start;
      if (i >= WARM_UP) {
        nanos[i - WARM_UP] = spent;
      }
    }
    Arrays.sort(nanos);
    System.out.printf(
        "%s: CPU per 16 MiB median %.2f ms, lower quartile %.2f, best %.2f (%d candidates per pass)%n",
        args.length > 0 ? args[0] : "detector",
        nanos[RUNS / 2] / 1e6,
        nanos[RUNS / 4] / 1e6,
        nanos[0] / 1e6,
        found / (WARM_UP + RUNS));
  }
}
