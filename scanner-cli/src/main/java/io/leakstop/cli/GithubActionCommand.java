package io.leakstop.cli;

import io.leakstop.github.ActionStep;
import io.leakstop.scan.Pipeline;
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
    addMethodSubcommands = false,
    description = {
      "Runs as a GitHub Actions step: scans what the triggering event adds (push: before..after; new branch: commits not on the"
          + " default branch; pull request: base..head; schedule and workflow_dispatch: full history), then writes the SARIF file,"
          + " the job summary, the step outputs findings, new, active and sarif-file, and one annotation per finding.",
      "Reads GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_WORKSPACE, GITHUB_STEP_SUMMARY, GITHUB_OUTPUT, GITHUB_SERVER_URL,"
          + " GITHUB_REPOSITORY and GITHUB_API_URL."
    },
    sortOptions = false)
final class GithubActionCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Option(
      names = "--repo",
      paramLabel = "PATH",
      description = "The checked-out repository (default: GITHUB_WORKSPACE).")
  Path repo;

  @Option(
      names = "--sarif-file",
      paramLabel = "FILE",
      description = "Where to write SARIF, relative to the workspace (default: leakstop.sarif).")
  Path sarifFile = Path.of("leakstop.sarif");

  @Mixin DetectionOptions detection;
  @Mixin VerifyOptions issuers;
  @Mixin OutputOptions output;

  @Override
  public Integer call() throws IOException {
    var request =
        new ActionStep.Request(
            repo, sarifFile, detection.detection(), issuers.policy(), output.outputs());
    return ActionStep.run(new Pipeline(main.console()), request).exitCode();
  }
}
