package io.leakstop.sweep;

import io.leakstop.scan.ScanResult;
import io.leakstop.scan.Scanner;
import java.io.IOException;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/** Scans the history of a repository that is not reachable from tips an earlier sweep scanned. */
@FunctionalInterface
public interface HistoryScan {
  /**
   * @param scanned tips scanned by earlier sweeps, all present in {@code repository}
   * @return the findings and the ref tips this scan covered
   */
  Result scan(Scanner scanner, Repository repository, String name, Set<ObjectId> scanned) throws IOException;

  record Result(ScanResult scan, Set<ObjectId> tips) {}
}
