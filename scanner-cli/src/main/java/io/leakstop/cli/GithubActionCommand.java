package io.leakstop.cli;

import io.leakstop.git.GitHistorySource;
import io.leakstop.git.HistoryOptions;
import io.leakstop.github.ActionException;
import io.leakstop.github.GithubAction;
import io.leakstop.github.ScanRange;
import io.leakstop.report.ReportOptions;
import io.leakstop.rules.Config;
import io.leakstop.ExitCodes;
import io.leakstop.finding.ScanResult;
import io.leakstop.scan.Scanner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code leakstop github-action}: the GitHub Actions step. Reads the runner's environment, scans
 * what the event adds, writes SARIF, the job summary, step outputs and annotations.
 */
@Command(
    name = "github-action",
    description = {
      "Runs as a GitHub Actions step: scans what the triggering event adds (push: before..after; new branch: commits not on the"
          + " default branch; pull request: base..head; schedule and workflow_dispatch: full history), then writes the SARIF file,"
          + " the job summary, the step outputs findings, new, active and sarif-file, and one annotation per finding.",
      "Reads GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_WORKSPACE, GITHUB_STEP_SUMMARY, GITHUB_OUTPUT, GITHUB_SERVER_URL,"
          + " GITHUB_REPOSITORY and GITHUB_API_URL."},
    sortOptions = false)
final class GithubActionCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Option(names = "--repo", paramLabel = "PATH", description = "The checked-out repository (default: GITHUB_WORKSPACE).")
  Path repo;

  @Option(names = "--sarif-file", paramLabel = "FILE", description = "Where to write SARIF, relative to the workspace (default: leakstop.sarif).")
  Path sarifFile = Path.of("leakstop.sarif");

  @Mixin DetectionOptions detection;
  @Mixin VerifyOptions issuers;
  @Mixin OutputOptions output;

  @Override
  public Integer call() throws IOException {
    output.validate();
    GithubAction.Environment env;
    ScanRange range;
    try {
      env = GithubAction.Environment.from(main.env, repo);
      range = GithubAction.plan(env);
    } catch (ActionException e) {
      main.err.println("leakstop: " + e.getMessage());
      return e.exitCode();
    }
    main.err.println("leakstop: scanning " + range.description());
    for (String notice : range.notices()) {
      main.err.println("leakstop: " + notice);
    }
    Path workspace = env.workspace();
    Config settings = detection.config(workspace);
    ScanResult result;
    if (range.skip()) {
      result = GithubAction.nothingScanned(range);
    } else {
      Scanner scanner = detection.scanner(settings).withFilters(detection.filters(workspace));
      try {
        GitHistorySource source = GitHistorySource.open(workspace,
            HistoryOptions.of(settings, detection.threads(main.err)).withRefs(range.refs(), range.excluded()).withWorktree(false));
        result = GithubAction.withoutReplaced(scanner.scan(source), env, range);
        result = issuers.apply(result, main.env);
      } catch (IOException e) {
        main.err.println("leakstop: " + workspace + ": " + e.getMessage());
        return ExitCodes.INCOMPLETE;
      }
    }
    Path sarif = workspace.resolve(sarifFile);
    ReportOptions options = new ReportOptions(output.showSecrets, false, output.baseline(), env.links());
    GithubAction.publish(result, options, output.failPolicy(), range, sarif, env);
    return output.emit(result, output.reporter("github"), main.out, main.err, env.links(), main.env);
  }
}
