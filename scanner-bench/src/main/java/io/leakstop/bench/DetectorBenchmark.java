package io.leakstop.bench;

import io.leakstop.detect.Detector;
import io.leakstop.rules.RuleSet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The detector with the full default rule set over generated source-like text, one thread. The
 * reported time per operation over {@link #megabytes} MiB gives MB/s per core. Each operation gets
 * a new detector (built outside the timing): a detector remembers what its regexes found in lines
 * it met before, and the same corpus again would measure only that memory.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DetectorBenchmark {
  @Param({"16"})
  public int megabytes;

  private Detector detector;
  private byte[] corpus;

  @Setup
  public void setUp() {
    corpus = Corpus.generate(megabytes << 20, 42, 256 << 10);
  }

  @Setup(Level.Invocation)
  public void newDetector() {
    detector = new Detector(RuleSet.builtin());
  }

  @Benchmark
  public int detect() {
    return detector.detect(corpus, null).size();
  }
}
