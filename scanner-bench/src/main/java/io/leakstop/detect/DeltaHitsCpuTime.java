package io.leakstop.detect;

import io.leakstop.bench.HistoryBlobsCpuTime;
import io.leakstop.bench.HistoryLineageCpuTime;
import io.leakstop.rules.RuleSet;
import io.leakstop.source.Fragment;
import io.leakstop.source.Lineage;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * The keyword pass alone over a real repository's text blobs as a history scan hands them over, in
 * its order and with their {@link Lineage}s ({@link DeltaHits}), in the thread's CPU time; then the
 * same blobs each read whole ({@link KeywordMatcher#scan}) for comparison. Both print a checksum of
 * every hit in order, which must be the same. It lives in the detector's package because both
 * classes are package-private, and takes the detector's own matcher.
 *
 * <p>Usage: {@code java -XX:TieredStopAtLevel=1 -cp scanner-bench/target/benchmarks.jar
 * io.leakstop.detect.DeltaHitsCpuTime GIT_DIR [MAX_MIB [ROUNDS]]}.
 */
public final class DeltaHitsCpuTime {
  private DeltaHitsCpuTime() {}

  public static void main(String[] args) throws IOException, ReflectiveOperationException {
    String gitDir = args[0];
    long maxBytes = (args.length > 1 ? Long.parseLong(args[1]) : 256) << 20;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    List<Fragment> fragments = HistoryLineageCpuTime.fragments(gitDir, maxBytes);
    List<byte[]> blobs = new ArrayList<>();
    for (Fragment fragment : fragments) {
      blobs.add(fragment.bytes());
    }
    Field field = Detector.class.getDeclaredField("keywords");
    field.setAccessible(true);
    KeywordMatcher matcher = (KeywordMatcher) field.get(new Detector(RuleSet.builtin()));
    long[] checksum = new long[1];
    long[] lineage =
        HistoryBlobsCpuTime.sortedCpuNanos(
            rounds,
            () -> {
              checksum[0] = 0;
              Lineage.Memo memo = new Lineage.Memo(Runtime.getRuntime().maxMemory() / 20 / 4);
              for (Fragment fragment : fragments) {
                Lineage l = fragment.lineage();
                int[] hits =
                    DeltaHits.find(
                        matcher,
                        fragment.bytes(),
                        fragment.length(),
                        l == null
                            ? Lineage.root(memo, Long.MIN_VALUE)
                            : new Lineage(memo, l.key(), l.baseKey(), l.copies()));
                for (int i = 0; i < hits.length; i += 2) {
                  checksum[0] = checksum[0] * 1_000_003 + (hits[i] * 65_599L + hits[i + 1]);
                }
              }
            });
    System.out.printf(
        "%s: %s; checksum %016x%n",
        gitDir, HistoryBlobsCpuTime.summary(blobs, "with lineage ", lineage), checksum[0]);
    long[] whole =
        HistoryBlobsCpuTime.sortedCpuNanos(
            rounds,
            () -> {
              checksum[0] = 0;
              for (Fragment fragment : fragments) {
                matcher.scan(
                    fragment.bytes(),
                    0,
                    fragment.length(),
                    (keyword, end) ->
                        checksum[0] = checksum[0] * 1_000_003 + (keyword * 65_599L + end));
              }
            });
    System.out.printf(
        "%s: %s; checksum %016x%n",
        gitDir, HistoryBlobsCpuTime.summary(blobs, "read whole ", whole), checksum[0]);
  }
}
