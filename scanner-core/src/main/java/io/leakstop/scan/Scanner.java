package io.leakstop.scan;

import io.leakstop.detect.Candidate;
import io.leakstop.detect.Detector;
import io.leakstop.filter.Filters;
import io.leakstop.filter.FindingFilter;
import io.leakstop.finding.Finding;
import io.leakstop.finding.ScanProblem;
import io.leakstop.finding.ScanResult;
import io.leakstop.finding.ScanStats;
import io.leakstop.rules.Config;
import io.leakstop.rules.RuleSet;
import io.leakstop.source.Fragment;
import io.leakstop.source.FragmentSink;
import io.leakstop.source.OutOfMemory;
import io.leakstop.source.Provenance;
import io.leakstop.source.Source;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs the pipeline from a source to filtered findings: fragments through the detector, then what
 * it found through the filters ({@link Filters}, every decision to drop). Thread-safe; one instance
 * can run many scans.
 */
public final class Scanner {
  private static final Comparator<Finding> ORDER =
      Comparator.comparing((Finding f) -> f.location().path())
          .thenComparingInt(f -> f.location().line())
          .thenComparingInt(f -> f.location().column())
          .thenComparing(Finding::ruleId)
          .thenComparing(f -> f.location().commit() == null ? "" : f.location().commit().id());

  private final Detector detector;
  private final Filters filters;

  /** Said in every scan's notices: what the config asked for that is not done exactly. */
  private final List<String> configWarnings;

  public Scanner(Detector detector, List<FindingFilter> filters) {
    this(detector, new Filters(filters), List.of());
  }

  private Scanner(Detector detector, Filters filters, List<String> configWarnings) {
    this.detector = detector;
    this.filters = filters;
    this.configWarnings = List.copyOf(configWarnings);
  }

  /**
   * A scanner for the built-in rules as tuned by {@code config}. The config's allowlists live in
   * the rules ({@link Config#apply}), so the detector drops what they allow before it is a finding.
   */
  public static Scanner forConfig(Config config) {
    RuleSet rules =
        config.apply(config.extendsBuiltin() ? RuleSet.builtin() : RuleSet.of(List.of()));
    return new Scanner(detectorFor(rules), Filters.NONE, config.warnings());
  }

  /** See {@link #prepareBuiltinInBackground}. */
  private static final AtomicReference<FutureTask<Detector>> PREPARED = new AtomicReference<>();

  /**
   * Loads the built-in catalogue and builds its detector on a daemon thread, so that a command can
   * parse its arguments meanwhile (JGit sets itself up meanwhile too). The next {@link #forConfig}
   * whose config leaves the built-in rules as they are takes that detector; any other builds its
   * own. A failure here is met again, and reported, by {@link #forConfig}.
   */
  public static void prepareBuiltinInBackground() {
    FutureTask<Detector> detector = new FutureTask<>(() -> new Detector(RuleSet.builtin()));
    PREPARED.set(detector);
    Thread preparer = new Thread(detector, "leakstop-rules");
    preparer.setDaemon(true);
    preparer.start();
  }

  private static Detector detectorFor(RuleSet rules) {
    FutureTask<Detector> prepared = PREPARED.getAndSet(null);
    if (prepared != null && rules == RuleSet.builtin()) {
      try {
        return prepared.get();
      } catch (ExecutionException e) {
        // Built again below, where the failure is reported.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return new Detector(rules);
  }

  /**
   * This scanner with its rules and filters, decoding encoded runs {@code depth} levels deep (0:
   * not at all).
   */
  public Scanner withMaxDecodeDepth(int depth) {
    return new Scanner(new Detector(RuleSet.of(detector.rules()), depth), filters, configWarnings);
  }

  public Detector detector() {
    return detector;
  }

  /** This scanner with more filters after its own (a baseline, an ignore file). */
  public Scanner withFilters(List<FindingFilter> more) {
    return new Scanner(detector, filters.with(more), configWarnings);
  }

  public ScanResult scan(Source source) {
    long started = System.nanoTime();
    Collector collector = new Collector();
    List<String> notices = new ArrayList<>(configWarnings);
    try {
      source.feed(collector);
    } catch (IOException | RuntimeException e) {
      collector.failed(source.describe(), e.getMessage() == null ? e.toString() : e.getMessage());
    } catch (OutOfMemoryError e) {
      // Sources name the file they ran out of memory on; this is for what they could not catch
      // (standard input read whole, the history walk).
      collector.failed(source.describe(), OutOfMemory.incomplete());
    }
    List<Finding> findings = new ArrayList<>(collector.findings);
    findings.sort(ORDER);
    List<String> tooLarge = new ArrayList<>(collector.tooLarge);
    tooLarge.sort(null);
    List<ScanProblem> problems = new ArrayList<>(collector.problems);
    problems.sort(Comparator.comparing(ScanProblem::where));
    collector.notices.stream().distinct().forEach(notices::add);
    ScanStats stats =
        new ScanStats(
            collector.fragments.sum(),
            collector.bytes.sum(),
            collector.binary.sum(),
            tooLarge,
            collector.filtered.sum(),
            Duration.ofNanos(System.nanoTime() - started),
            collector.symlinks.sum());
    return new ScanResult(source.describe(), findings, stats, problems, notices);
  }

  /** Findings in one fragment, after allow comments and filters. */
  public List<Finding> findings(Fragment fragment) {
    return findings(fragment, new LongAdder());
  }

  private List<Finding> findings(Fragment fragment, LongAdder filtered) {
    return admitted(
        detector.detect(fragment.bytes(), fragment.length(), fragment.path(), fragment.lineage()),
        fragment,
        filtered);
  }

  /**
   * Findings of the rules that flag files by path alone ({@code Rule.pathOnly}) for a file at
   * {@code path}, which {@code provenance} locates, after filters; its content is not needed.
   */
  public List<Finding> fileFindings(String path, Provenance provenance) {
    return fileFindings(path, provenance, new LongAdder());
  }

  private List<Finding> fileFindings(String path, Provenance provenance, LongAdder filtered) {
    if (!detector.flagsPaths()) {
      return List.of();
    }
    List<Candidate> found = detector.detectPath(path);
    if (found.isEmpty()) {
      return List.of();
    }
    return admitted(found, new Fragment(NO_BYTES, 0, path, provenance), filtered);
  }

  private static final byte[] NO_BYTES = {};

  private List<Finding> admitted(List<Candidate> found, Fragment fragment, LongAdder filtered) {
    List<Finding> out = new ArrayList<>();
    Filters.Admission admission = filters.admission(fragment);
    for (Candidate c : found) {
      admission.admit(
          c,
          location ->
              Finding.builder(c.rule().id(), c.secret(), location)
                  .rule(c.rule().description(), c.rule().issuer(), c.rule().severity())
                  .redacted(c.redacted())
                  .fingerprint(c.fingerprintAt(location))
                  .decoding(c.decoding())
                  .companions(c.companions())
                  .build(),
          out,
          filtered);
    }
    return out;
  }

  /** Receives fragments from a source on its threads and gathers what the scan found. */
  private final class Collector implements FragmentSink {
    final ConcurrentLinkedQueue<Finding> findings = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<ScanProblem> problems = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> tooLarge = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> notices = new ConcurrentLinkedQueue<>();
    final LongAdder fragments = new LongAdder();
    final LongAdder bytes = new LongAdder();
    final LongAdder binary = new LongAdder();
    final LongAdder symlinks = new LongAdder();
    final LongAdder filtered = new LongAdder();

    @Override
    public void accept(Fragment fragment) {
      fragments.increment();
      bytes.add(fragment.length());
      findings.addAll(findings(fragment, filtered));
    }

    @Override
    public void file(String path, Provenance provenance) {
      findings.addAll(fileFindings(path, provenance, filtered));
    }

    @Override
    public void skipped(String where, SkipReason reason) {
      switch (reason) {
        case BINARY -> binary.increment();
        case TOO_LARGE -> tooLarge.add(where);
        case SYMLINK -> symlinks.increment();
      }
    }

    @Override
    public void failed(String where, String problem) {
      problems.add(new ScanProblem(where, problem));
    }

    @Override
    public void notice(String message) {
      notices.add(message);
    }
  }
}
