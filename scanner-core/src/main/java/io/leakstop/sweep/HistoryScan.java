package io.leakstop.sweep;

import io.leakstop.scan.ScanResult;
import io.leakstop.scan.Scanner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Scans the history of a repository that is not reachable from tips an earlier sweep scanned. */
@FunctionalInterface
public interface HistoryScan {
  /**
   * @param repository the repository folder (a bare mirror, or a working tree)
   * @param scanned commit ids of tips scanned by earlier sweeps, all present in the repository
   * @return the findings and the commit ids of the ref tips this scan covered
   */
  Result scan(Scanner scanner, Path repository, String name, List<String> scanned) throws IOException;

  record Result(ScanResult scan, Set<String> tips) {}

  /** The history scan a sweep uses, with the config's size limit. */
  static HistoryScan of(io.leakstop.rules.Config config) {
    return NewHistorySource.scan(config.maxFileSize());
  }
}
