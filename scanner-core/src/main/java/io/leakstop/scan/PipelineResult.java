package io.leakstop.scan;

import io.leakstop.finding.Finding;
import io.leakstop.finding.ScanProblem;
import io.leakstop.finding.ScanResult;
import io.leakstop.finding.ScanStats;
import java.util.List;

/**
 * What a run of the {@link Pipeline} found and how it ends: the scan result (findings with their
 * verification and revocation outcomes, what was covered, problems, notices) and the exit code.
 */
public record PipelineResult(ScanResult scan, int exitCode) {
  public List<Finding> findings() {
    return scan.findings();
  }

  public ScanStats stats() {
    return scan.stats();
  }

  public List<ScanProblem> problems() {
    return scan.problems();
  }
}
