package io.leakstop.cli;

import io.leakstop.sweep.ReportMerge;
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
@Command(
    name = "report",
    addMethodSubcommands = false,
    description = "Works on sweep reports: merge the states of shards into one report.",
    subcommands = {ReportCommand.Merge.class})
final class ReportCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @ParentCommand Main main;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "a subcommand is required (merge)");
  }

  /** {@code leakstop report merge}: shard states and reports in, one of each out. */
  @Command(
      name = "merge",
      addMethodSubcommands = false,
      description = {
        "Merges what the shards of a sweep wrote: their state files into one state and one HTML report,",
        "and their JSON or SARIF reports (all of one kind) into one report."
      })
  static final class Merge implements Callable<Integer> {
    @ParentCommand ReportCommand report;

    @Parameters(
        arity = "1..*",
        paramLabel = "FILE",
        description = "State files and/or reports (JSON or SARIF) written by the shards.")
    List<Path> files = new ArrayList<>();

    @Option(
        names = "--state-out",
        paramLabel = "FILE",
        description = "Write the merged state here.")
    Path stateOut;

    @Option(
        names = "--html",
        paramLabel = "FILE",
        description = "Write the HTML report of the merged states here (default: sweep.html).")
    Path html = Path.of("sweep.html");

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FILE",
        description = "Write the merged report here (required when reports are given).")
    Path output;

    @Override
    public Integer call() throws IOException {
      return new ReportMerge(files, stateOut, html, output).run(report.main.console());
    }
  }
}
