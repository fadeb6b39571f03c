package io.leakstop.bench;

import io.leakstop.finding.Baseline;
import io.leakstop.finding.Finding;
import io.leakstop.finding.Fingerprint;
import io.leakstop.finding.Redactor;
import io.leakstop.finding.ScanResult;
import io.leakstop.finding.ScanStats;
import io.leakstop.report.ReportOptions;
import io.leakstop.report.Reporter;
import io.leakstop.report.RepositoryLinks;
import io.leakstop.rules.Severity;
import io.leakstop.scan.Reporters;
import io.leakstop.source.CommitInfo;
import io.leakstop.source.Location;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rendering {@link #findings} history findings (commit, author, a baseline holding half of them) in
 * each format into a counting sink, so the cost of a format can be compared with JSON's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReportBenchmark {
  @Param({"10000"})
  public int findings;

  @Param({"json", "sarif", "junit", "markdown", "github", "text"})
  public String format;

  private Reporter reporter;
  private ScanResult result;
  private ReportOptions options;

  @Setup
  public void setUp() {
    Random random = new Random(42);
    List<Finding> list = new ArrayList<>();
    Set<String> known = new HashSet<>();
    String[] issuers = {"github", "gitlab", "aws", "slack", "npm", "generic"};
    for (int i = 0; i < findings; i++) {
      String secret =
          "tok_" + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
      String rule = issuers[i % issuers.length] + "-token";
      String commit = String.format("%040x", random.nextLong() & Long.MAX_VALUE);
      CommitInfo info =
          new CommitInfo(commit, "Ada Lovelace", "ada@example.com", Instant.EPOCH, "change " + i);
      Location location =
          new Location("src/module" + (i % 97) + "/file" + i + ".js", 1 + i % 400, 9, commit, info);
      Finding f =
          Finding.builder(rule, secret, location)
              .rule("A " + rule, issuers[i % issuers.length], Severity.HIGH)
              .redacted(Redactor.redact(secret))
              .fingerprint(Fingerprint.of(rule, secret))
              .build();
      list.add(f);
      if (i % 2 == 0) {
        known.add(f.fingerprint());
      }
    }
    result =
        new ScanResult(
            "bench",
            list,
            new ScanStats(findings, 1L << 30, 0, List.of(), 0, Duration.ofSeconds(1)),
            List.of(),
            List.of());
    options =
        new ReportOptions(
            false,
            false,
            Baseline.of("bench.json", known),
            new RepositoryLinks("https://github.com/octo/app"));
    reporter = Reporters.forFormat(format).orElseThrow();
  }

  @Benchmark
  public long render() throws IOException {
    Counting out = new Counting();
    reporter.write(result, options, out);
    return out.bytes;
  }

  private static final class Counting extends OutputStream {
    long bytes;

    @Override
    public void write(int b) {
      bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bytes += len;
    }
  }
}
