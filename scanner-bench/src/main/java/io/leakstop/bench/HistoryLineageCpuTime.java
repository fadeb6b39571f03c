package io.leakstop.bench;

import io.leakstop.detect.Detector;
import io.leakstop.git.GitHistorySource;
import io.leakstop.git.HistoryOptions;
import io.leakstop.rules.Config;
import io.leakstop.rules.RuleSet;
import io.leakstop.source.Fragment;
import io.leakstop.source.FragmentSink;
import io.leakstop.source.Lineage;
import io.leakstop.source.PathFilter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The detector's CPU time over a real repository's blobs as a history scan hands them over: in the
 * scan's order and with each blob's {@link Lineage}, so that the keyword pass over a blob built
 * from its delta base reads what the delta inserted ({@code detect.DeltaHits}), as in a scan. The
 * blobs are gathered by one history scan on one thread; each timed pass then detects in all of them
 * on this thread, with a memo of its own. {@link HistoryBlobsCpuTime} times the same detector with
 * every blob read whole.
 *
 * <p>Usage: {@code java -XX:TieredStopAtLevel=1 -cp scanner-bench/target/benchmarks.jar
 * io.leakstop.bench.HistoryLineageCpuTime GIT_DIR [MAX_MIB [ROUNDS]]}: the first {@code MAX_MIB} of
 * text blobs (default 256) in scan order, {@code ROUNDS} timed passes after one warm-up (default
 * 5); prints the median and best CPU milliseconds per pass, the share of blobs with a base, and the
 * candidates found.
 */
public final class HistoryLineageCpuTime {
  private HistoryLineageCpuTime() {}

  public static void main(String[] args) throws IOException {
    String gitDir = args[0];
    long maxBytes = (args.length > 1 ? Long.parseLong(args[1]) : 256) << 20;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    List<Fragment> fragments = fragments(gitDir, maxBytes);
    List<byte[]> blobs = new ArrayList<>();
    int withBase = 0;
    for (Fragment fragment : fragments) {
      blobs.add(fragment.bytes());
      withBase += fragment.lineage() != null && fragment.lineage().baseKey() >= 0 ? 1 : 0;
    }
    Detector detector = new Detector(RuleSet.builtin());
    long[] found = new long[1];
    long[] nanos =
        HistoryBlobsCpuTime.sortedCpuNanos(
            rounds,
            () -> {
              found[0] = 0;
              Lineage.Memo memo = new Lineage.Memo(Runtime.getRuntime().maxMemory() / 20 / 4);
              for (Fragment fragment : fragments) {
                Lineage lineage = fragment.lineage();
                found[0] +=
                    detector
                        .detect(
                            fragment.bytes(),
                            fragment.length(),
                            fragment.path(),
                            lineage == null
                                ? null
                                : new Lineage(
                                    memo, lineage.key(), lineage.baseKey(), lineage.copies()))
                        .size();
              }
            });
    System.out.printf(
        "%s: %s; %d with a base; %d candidates%n",
        gitDir, HistoryBlobsCpuTime.summary(blobs, "", nanos), withBase, found[0]);
  }

  /** The text fragments a one-thread history scan hands over, in order, up to {@code maxBytes}. */
  public static List<Fragment> fragments(String gitDir, long maxBytes) throws IOException {
    List<Fragment> fragments = new ArrayList<>();
    long[] kept = new long[1];
    HistoryOptions options =
        new HistoryOptions(
            List.of(),
            List.of(),
            null,
            false,
            PathFilter.NONE,
            Config.DEFAULT_MAX_FILE_SIZE,
            1,
            HistoryOptions.Progress.NONE);
    GitHistorySource.open(Path.of(gitDir), options)
        .feed(
            new FragmentSink() {
              @Override
              public void accept(Fragment fragment) {
                if (kept[0] < maxBytes) {
                  fragments.add(fragment);
                  kept[0] += fragment.length();
                }
              }

              @Override
              public void skipped(String where, SkipReason reason) {}

              @Override
              public void failed(String where, String problem) {}
            });
    return fragments;
  }
}
