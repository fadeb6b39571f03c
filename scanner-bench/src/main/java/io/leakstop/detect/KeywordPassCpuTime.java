package io.leakstop.detect;

import io.leakstop.bench.HistoryBlobsCpuTime;
import io.leakstop.rules.RuleSet;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.List;

/**
 * The keyword pass alone ({@link KeywordMatcher}, the automaton the default detector builds) over a
 * real repository's text blobs, one scan per blob as a history scan makes them, in the thread's CPU
 * time. It lives in the detector's package because the matcher is package-private; it takes the
 * detector's own matcher so that it times exactly the keyword set a scan uses.
 *
 * <p>Usage: {@code java -XX:TieredStopAtLevel=1 -cp scanner-bench/target/benchmarks.jar
 * io.leakstop.detect.KeywordPassCpuTime GIT_DIR [MAX_MIB [ROUNDS]]}; prints the median and best CPU
 * milliseconds per pass, and the hits with a checksum of their order, which must not change when
 * the matcher does.
 */
public final class KeywordPassCpuTime {
  private KeywordPassCpuTime() {}

  /** Counts hits and folds each (keyword, end) into an order-sensitive checksum. */
  private static final class Tally implements KeywordMatcher.Hits {
    long count;
    long checksum;

    @Override
    public void hit(int keyword, int end) {
      count++;
      checksum = checksum * 1_000_003 + (keyword * 65_599L + end);
    }
  }

  public static void main(String[] args)
      throws IOException, InterruptedException, ReflectiveOperationException {
    String gitDir = args[0];
    long maxBytes = (args.length > 1 ? Long.parseLong(args[1]) : 256) << 20;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    List<byte[]> blobs = HistoryBlobsCpuTime.blobs(gitDir, maxBytes);
    Field field = Detector.class.getDeclaredField("keywords");
    field.setAccessible(true);
    KeywordMatcher matcher = (KeywordMatcher) field.get(new Detector(RuleSet.builtin()));
    Tally[] tally = new Tally[1];
    long[] nanos =
        HistoryBlobsCpuTime.sortedCpuNanos(
            rounds,
            () -> {
              tally[0] = new Tally();
              for (byte[] blob : blobs) {
                matcher.scan(blob, 0, blob.length, tally[0]);
              }
            });
    System.out.printf(
        "%s: %s; %d hits, checksum %016x%n",
        gitDir,
        HistoryBlobsCpuTime.summary(blobs, "keyword pass ", nanos),
        tally[0].count,
        tally[0].checksum);
  }
}
