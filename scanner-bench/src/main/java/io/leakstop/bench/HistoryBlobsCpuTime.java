package io.leakstop.bench;

import io.leakstop.detect.Detector;
import io.leakstop.rules.RuleSet;
import io.leakstop.source.Binary;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The detector's CPU time over a real repository's blobs, one {@code detect} call per blob as a
 * history scan makes them: the blobs come from {@code git cat-file --batch-all-objects --batch
 * --unordered}, binary ones dropped as the scan drops them. Generated text has none of real
 * history's mix (generated HTML, minified code, lock files, many tiny files), and that mix is what
 * the detector spends its time on. Timed in the thread's CPU time, so that runs on a busy machine
 * still compare.
 *
 * <p>Usage: {@code java -XX:TieredStopAtLevel=1 -cp scanner-bench/target/benchmarks.jar
 * io.leakstop.bench.HistoryBlobsCpuTime GIT_DIR [MAX_MIB [ROUNDS]]}: the first {@code MAX_MIB} of
 * text blobs (default 256) in pack order, {@code ROUNDS} timed passes after one warm-up (default
 * 5); prints the median and best CPU milliseconds per pass and the candidates found.
 */
public final class HistoryBlobsCpuTime {
  private HistoryBlobsCpuTime() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    String gitDir = args[0];
    long maxBytes = (args.length > 1 ? Long.parseLong(args[1]) : 256) << 20;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    List<byte[]> blobs = blobs(gitDir, maxBytes);
    Detector detector = new Detector(RuleSet.builtin());
    long[] found = new long[1];
    long[] nanos =
        sortedCpuNanos(
            rounds,
            () -> {
              found[0] = 0;
              for (byte[] blob : blobs) {
                found[0] += detector.detect(blob, blob.length, null).size();
              }
            });
    System.out.printf("%s: %s; %d candidates%n", gitDir, summary(blobs, "", nanos), found[0]);
  }

  /**
   * Runs {@code pass} once to warm up, then {@code rounds} times: the timed runs' CPU time in this
   * thread, in nanoseconds, sorted.
   */
  public static long[] sortedCpuNanos(int rounds, Runnable pass) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long[] nanos = new long[rounds];
    for (int round = -1; round < rounds; round++) {
      long start = threads.getCurrentThreadCpuTime();
      pass.run();
      if (round >= 0) {
        nanos[round] = threads.getCurrentThreadCpuTime() - start;
      }
    }
    Arrays.sort(nanos);
    return nanos;
  }

  /** The blobs' count and size, and the median and best of {@code what}'s sorted CPU times. */
  public static String summary(List<byte[]> blobs, String what, long[] sortedNanos) {
    long total = 0;
    for (byte[] blob : blobs) {
      total += blob.length;
    }
    double median = sortedNanos[sortedNanos.length / 2];
    return String.format(
        "%d text blobs, %.1f MiB: %sCPU per pass median %.0f ms (%.0f MB/s), best %.0f ms",
        blobs.size(),
        total / 1048576.0,
        what,
        median / 1e6,
        total / (median / 1e3),
        sortedNanos[0] / 1e6);
  }

  /** The text blobs a history scan would detect in, in pack order, up to {@code maxBytes}. */
  public static List<byte[]> blobs(String gitDir, long maxBytes)
      throws IOException, InterruptedException {
    Process git =
        new ProcessBuilder(
                "git",
                "--git-dir=" + gitDir,
                "cat-file",
                "--batch-all-objects",
                "--batch",
                "--unordered")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    List<byte[]> blobs = new ArrayList<>();
    long kept = 0;
    try (InputStream in = new BufferedInputStream(git.getInputStream(), 1 << 16)) {
      String header;
      while (kept < maxBytes && (header = line(in)) != null) {
        String[] fields = header.split(" ");
        int size = Integer.parseInt(fields[2]);
        byte[] content = in.readNBytes(size);
        in.read(); // the newline after each object
        if (fields[1].equals("blob") && !Binary.isBinary(content, content.length)) {
          blobs.add(content);
          kept += size;
        }
      }
    } finally {
      git.destroy();
      git.waitFor();
    }
    return blobs;
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        return out.size() == 0 ? null : out.toString(StandardCharsets.UTF_8);
      }
      out.write(b);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
