package io.leakstop.sweep;

import io.leakstop.ExitCodes;
import io.leakstop.scan.Console;
import io.leakstop.scan.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Merges what the shards of a sweep wrote: their state files into one state and one HTML report,
 * and their JSON or SARIF reports (all of one kind) into one report.
 *
 * @param stateOut where the merged state goes, or null for nowhere
 * @param html where the HTML report of the merged states goes
 * @param output where the merged report goes (required when reports are given), or null
 */
public record ReportMerge(List<Path> files, Path stateOut, Path html, Path output) {
  public ReportMerge {
    files = List.copyOf(files);
  }

  /**
   * Merges, says what it did on standard error, returns the exit code ({@link
   * SweepSummary#exitCode}).
   */
  public int run(Console console) throws IOException {
    PrintStream err = console.err();
    List<SweepState> states = new ArrayList<>();
    List<Path> reports = new ArrayList<>();
    for (Path file : files) {
      if (!Files.isRegularFile(file)) {
        throw new UsageException(file + ": no such file");
      }
      try {
        if (SweepState.SCHEMA.equals(ShardReports.read(file).path("schema").asText())) {
          states.add(StateStore.read(file));
        } else {
          reports.add(file);
        }
      } catch (IOException e) {
        throw new UsageException(e.getMessage());
      }
    }
    if (!reports.isEmpty()) {
      if (output == null) {
        throw new UsageException("merging reports needs -o/--output FILE");
      }
      try {
        ShardReports.write(ShardReports.merge(reports), output);
      } catch (IOException e) {
        throw new UsageException(e.getMessage());
      }
      console.notice("merged " + reports.size() + " reports into " + output);
    }
    if (states.isEmpty()) {
      err.flush();
      return ExitCodes.CLEAN;
    }
    SweepState merged = StateMerge.merge(states);
    if (stateOut != null) {
      StateStore.write(stateOut, merged);
    }
    SweepReports.html(merged, html);
    SweepSummary summary = SweepSummary.of(merged);
    summary.failed().forEach((repo, why) -> console.notice(repo + ": " + why));
    err.printf(
        "leakstop: merged %d states: %d repositories%s, %d secrets: %d new, %d active, %d revoked; HTML in %s%n",
        states.size(),
        summary.repositories(),
        summary.failed().isEmpty() ? "" : " (" + summary.failed().size() + " failed)",
        summary.secrets(),
        summary.newSecrets(),
        summary.activeSecrets(),
        summary.revokedSecrets(),
        html);
    err.flush();
    return summary.exitCode(summary.failed().isEmpty());
  }
}
