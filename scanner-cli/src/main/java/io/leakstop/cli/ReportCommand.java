package io.leakstop.cli;

import io.leakstop.scan.ExitCodes;
import io.leakstop.sweep.StateMerge;
import io.leakstop.sweep.StateStore;
import io.leakstop.sweep.SweepReports;
import io.leakstop.sweep.SweepState;
import io.leakstop.sweep.SweepSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code leakstop report}: work on reports after the fact. */
@Command(name = "report", description = "Works on sweep reports: merge the states of shards into one report.",
    subcommands = {ReportCommand.Merge.class})
final class ReportCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (merge)");
  }

  /** {@code leakstop report merge}: shard states in, one state and one HTML report out. */
  @Command(name = "merge", description = "Merges the state files of sweep shards into one state and one HTML report, and prints the totals.")
  static final class Merge implements Callable<Integer> {
    @ParentCommand ReportCommand report;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "STATE", description = "State files written by the shards' sweeps.")
    List<Path> states = new ArrayList<>();

    @Option(names = "--state-out", paramLabel = "FILE", description = "Write the merged state here.")
    Path stateOut;

    @Option(names = "--html", paramLabel = "FILE", description = "Write the HTML report here (default: sweep.html).")
    Path html = Path.of("sweep.html");

    @Override
    public Integer call() throws IOException {
      var err = spec.commandLine().getErr();
      List<SweepState> read = new ArrayList<>();
      for (Path state : states) {
        try {
          read.add(StateStore.read(state));
        } catch (IOException e) {
          throw new Main.UsageError(e.getMessage());
        }
      }
      SweepState merged = StateMerge.merge(read);
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
