package io.leakstop.sweep;

import io.leakstop.finding.ScanResult;
import io.leakstop.git.GitHistorySource;
import io.leakstop.git.HistoryOptions;
import io.leakstop.rules.Config;
import io.leakstop.scan.Scanner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
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
  Result scan(Scanner scanner, Path repository, String name, List<String> scanned)
      throws IOException;

  record Result(ScanResult scan, Set<String> tips) {}

  /**
   * The git history source, every ref, without the working tree, leaving out what is reachable from
   * the tips scanned before; the tips it covered are the ones it resolved when opened.
   */
  static HistoryScan of(Config config, int threads) {
    return (scanner, repository, name, scanned) -> {
      GitHistorySource source =
          GitHistorySource.open(
              repository,
              HistoryOptions.of(config, threads).withRefs(List.of(), scanned).withWorktree(false));
      return new Result(scanner.scan(source), new LinkedHashSet<>(source.tips().values()));
    };
  }
}
