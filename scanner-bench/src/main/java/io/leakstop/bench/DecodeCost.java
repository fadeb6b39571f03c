package io.leakstop.bench;

import io.leakstop.detect.Detector;
import io.leakstop.rules.RuleSet;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * What decoding encoded secrets costs the detector: the same corpus as {@link DetectorBenchmark}, a
 * detector at decode depth 0 and one at the default depth 2 run alternately in one JVM, timed in
 * CPU time of this thread, so that the ratio holds on a busy machine where wall-clock JMH runs do
 * not. Prints the medians and their ratio.
 *
 * <p>{@code java -XX:ActiveProcessorCount=1 -cp scanner-bench/target/benchmarks.jar
 * io.leakstop.bench.DecodeCost [MEGABYTES [ROUNDS]]}
 */
public final class DecodeCost {
  private DecodeCost() {}

  public static void main(String[] args) {
    int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 16;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    byte[] corpus = Corpus.generate(megabytes << 20, 42, 256 << 10);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    RuleSet rules = RuleSet.builtin();
    long[] plain = new long[rounds];
    long[] decoding = new long[rounds];
    int found = 0;
    for (int warm = 0; warm < 5; warm++) {
      found += new Detector(rules, 0).detect(corpus, null).size();
      found += new Detector(rules, Detector.DEFAULT_MAX_DECODE_DEPTH).detect(corpus, null).size();
    }
    for (int r = 0; r < rounds; r++) {
      // A new detector per run: a detector remembers what its regexes found in windows it met.
      Detector off = new Detector(rules, 0);
      Detector on = new Detector(rules, Detector.DEFAULT_MAX_DECODE_DEPTH);
      long start = threads.getCurrentThreadCpuTime();
      found += off.detect(corpus, null).size();
      long middle = threads.getCurrentThreadCpuTime();
      found += on.detect(corpus, null).size();
      plain[r] = middle - start;
      decoding[r] = threads.getCurrentThreadCpuTime() - middle;
    }
    Arrays.sort(plain);
    Arrays.sort(decoding);
    System.out.printf(
        "depth 0: %.1f ms, depth %d: %.1f ms CPU per %d MiB (medians of %d); ratio %.3f; %d candidates%n",
        plain[rounds / 2] / 1e6,
        Detector.DEFAULT_MAX_DECODE_DEPTH,
        decoding[rounds / 2] / 1e6,
        megabytes,
        rounds,
        (double) decoding[rounds / 2] / plain[rounds / 2],
        found);
  }
}
