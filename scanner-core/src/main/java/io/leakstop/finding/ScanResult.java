package io.leakstop.finding;

import io.leakstop.ExitCodes;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Findings (ordered by path, line, column, rule), what was covered, and what went wrong. */
public record ScanResult(
    String source,
    List<Finding> findings,
    ScanStats stats,
    List<ScanProblem> problems,
    List<String> notices) {
  public ScanResult {
    findings = List.copyOf(findings);
    problems = List.copyOf(problems);
    notices = List.copyOf(notices);
  }

  /** False when anything was left out because of an error: exit code 3. */
  public boolean complete() {
    return problems.isEmpty();
  }

  public Set<String> distinctSecrets() {
    return findings.stream().map(Finding::fingerprint).collect(Collectors.toSet());
  }

  public ScanResult withFindings(List<Finding> replaced) {
    return new ScanResult(source, replaced, stats, problems, notices);
  }

  /** This result with {@code problem} added: it did not complete. */
  public ScanResult withProblem(ScanProblem problem) {
    List<ScanProblem> more = new java.util.ArrayList<>(problems);
    more.add(problem);
    return new ScanResult(source, findings, stats, more, notices);
  }

  /** The documented exit code: 3 incomplete, 1 findings, 0 clean. */
  public int exitCode() {
    return ExitCodes.of(complete(), !findings.isEmpty());
  }
}
