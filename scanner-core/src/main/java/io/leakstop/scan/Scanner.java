package io.leakstop.scan;

import io.leakstop.detect.Candidate;
import io.leakstop.detect.Detector;
import io.leakstop.filter.AllowComment;
import io.leakstop.filter.AllowlistFilter;
import io.leakstop.filter.FindingFilter;
import io.leakstop.finding.Finding;
import io.leakstop.finding.Location;
import io.leakstop.rules.Config;
import io.leakstop.rules.RuleSet;
import io.leakstop.source.Fragment;
import io.leakstop.source.FragmentSink;
import io.leakstop.source.Source;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs the pipeline from a source to filtered findings: fragments through the detector, allow
 * comments, then the user's filters. Thread-safe; one instance can run many scans.
 */
public final class Scanner {
  private static final Comparator<Finding> ORDER =
      Comparator.comparing((Finding f) -> f.location().path())
          .thenComparingInt(f -> f.location().line())
          .thenComparingInt(f -> f.location().column())
          .thenComparing(Finding::ruleId)
          .thenComparing(f -> f.location().commit() == null ? "" : f.location().commit().id());

  private final Detector detector;
  private final List<FindingFilter> filters;

  public Scanner(Detector detector, List<FindingFilter> filters) {
    this.detector = detector;
    this.filters = List.copyOf(filters);
  }

  /** A scanner for the built-in rules as tuned by {@code config}. */
  public static Scanner forConfig(Config config) {
    RuleSet rules = config.apply(RuleSet.builtin());
    List<FindingFilter> filters = new ArrayList<>();
    if (!config.allow().isEmpty()) {
      filters.add(new AllowlistFilter(config.allow()));
    }
    return new Scanner(new Detector(rules), filters);
  }

  public Detector detector() {
    return detector;
  }

  /** This scanner with more filters after its own (a baseline, an ignore file). */
  public Scanner withFilters(List<FindingFilter> more) {
    List<FindingFilter> all = new ArrayList<>(filters);
    all.addAll(more);
    return new Scanner(detector, all);
  }

  public ScanResult scan(Source source) {
    long started = System.nanoTime();
    Collector collector = new Collector();
    List<String> notices = new ArrayList<>();
    try {
      source.feed(collector);
    } catch (IOException | RuntimeException e) {
      collector.failed(source.describe(), e.getMessage() == null ? e.toString() : e.getMessage());
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
            Duration.ofNanos(System.nanoTime() - started));
    return new ScanResult(source.describe(), findings, stats, problems, notices);
  }

  /** Findings in one fragment, after allow comments and filters. */
  public List<Finding> findings(Fragment fragment) {
    return findings(fragment, new LongAdder());
  }

  private List<Finding> findings(Fragment fragment, LongAdder filtered) {
    List<Finding> out = new ArrayList<>();
    for (Candidate c : detector.detect(fragment.bytes(), fragment.length(), fragment.path())) {
      if (AllowComment.onLine(fragment.bytes(), c.lineStart(), c.lineEnd())) {
        filtered.increment();
        continue;
      }
      String redacted = c.redacted();
      String fingerprint = c.fingerprint();
      for (Location location : fragment.provenance().locate(c.line(), c.column(), c.secret())) {
        // A git blob may live at several paths; a rule's path allowlist applies to each location.
        if (fragment.path() == null && c.rule().allow().allowsPath(location.path())) {
          filtered.increment();
          continue;
        }
        Finding finding =
            new Finding(
                c.rule().id(),
                c.rule().description(),
                c.rule().issuer(),
                c.rule().severity(),
                c.secret(),
                redacted,
                fingerprint,
                location,
                null,
                null);
        if (keep(finding)) {
          out.add(finding);
        } else {
          filtered.increment();
        }
      }
    }
    return out;
  }

  private boolean keep(Finding finding) {
    for (FindingFilter filter : filters) {
      if (!filter.keep(finding)) {
        return false;
      }
    }
    return true;
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
    final LongAdder filtered = new LongAdder();

    @Override
    public void accept(Fragment fragment) {
      fragments.increment();
      bytes.add(fragment.length());
      findings.addAll(findings(fragment, filtered));
    }

    @Override
    public void skipped(String where, SkipReason reason) {
      switch (reason) {
        case BINARY -> binary.increment();
        case TOO_LARGE -> tooLarge.add(where);
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
