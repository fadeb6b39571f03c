package io.leakstop.cli;

import io.leakstop.ExitCodes;
import io.leakstop.sweep.ShardReports;
import io.leakstop.sweep.StateMerge;
import io.leakstop.sweep.StateStore;
import io.leakstop.sweep.SweepReports;
import io.leakstop.sweep.SweepState;
import io.leakstop.sweep.SweepSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code leakstop report}: work on reports after the fact. */
@Command(name = "report", description = "Works on sweep reports: merge the states of shards into one report.",
    subcommands = {ReportCommand.Merge.class})
final class ReportCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (merge)");
  }

  /** {@code leakstop report merge}: shard states and reports in, one of each out. */
  @Command(name = "merge", description = {
      "Merges what the shards of a sweep wrote: their state files into one state and one HTML report,",
      "and their JSON or SARIF reports (all of one kind) into one report."})
  static final class Merge implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "State files and/or reports (JSON or SARIF) written by the shards.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--state-out", paramLabel = "FILE", description = "Write the merged state here.")
    Path stateOut;

    @Option(names = "--html", paramLabel = "FILE", description = "Write the HTML report of the merged states here (default: sweep.html).")
    Path html = Path.of("sweep.html");

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the merged report here (required when reports are given).")
    Path output;

    @Override
    public Integer call() throws IOException {
      var err = spec.commandLine().getErr();
      List<SweepState> states = new ArrayList<>();
      List<Path> reports = new ArrayList<>();
      for (Path file : files) {
        if (!Files.isRegularFile(file)) {
          throw new Main.UsageError(file + ": no such file");
        }
        try {
          if (SweepState.SCHEMA.equals(ShardReports.read(file).path("schema").asText())) {
            states.add(StateStore.read(file));
          } else {
            reports.add(file);
          }
        } catch (IOException e) {
          throw new Main.UsageError(e.getMessage());
        }
      }
      if (!reports.isEmpty()) {
        if (output == null) {
          throw new Main.UsageError("merging reports needs -o/--output FILE");
        }
        try {
          ShardReports.write(ShardReports.merge(reports), output);
        } catch (IOException e) {
          throw new Main.UsageError(e.getMessage());
        }
        err.println("leakstop: merged " + reports.size() + " reports into " + output);
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
      summary.failed().forEach((repo, why) -> err.println("leakstop: " + repo + ": " + why));
      err.printf("leakstop: merged %d states: %d repositories%s, %d secrets: %d new, %d active, %d revoked; HTML in %s%n", states.size(),
          summary.repositories(), summary.failed().isEmpty() ? "" : " (" + summary.failed().size() + " failed)", summary.secrets(),
          summary.newSecrets(), summary.activeSecrets(), summary.revokedSecrets(), html);
      err.flush();
      if (!summary.failed().isEmpty()) {
        return ExitCodes.INCOMPLETE;
      }
      return summary.newSecrets() + summary.activeSecrets() > 0 ? ExitCodes.FINDINGS : ExitCodes.CLEAN;
    }
  }
}
