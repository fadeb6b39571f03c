package io.leakstop.github;

import io.leakstop.ExitCodes;
import io.leakstop.finding.Baseline;
import io.leakstop.finding.ScanProblem;
import io.leakstop.finding.ScanResult;
import io.leakstop.git.GitHistorySource;
import io.leakstop.git.HistoryOptions;
import io.leakstop.report.ReportOptions;
import io.leakstop.rules.Config;
import io.leakstop.scan.Console;
import io.leakstop.scan.Detection;
import io.leakstop.scan.IssuerPolicy;
import io.leakstop.scan.Outputs;
import io.leakstop.scan.Pipeline;
import io.leakstop.scan.PipelineResult;
import io.leakstop.scan.Scanner;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The GitHub Actions step on the {@link Pipeline}: reads the runner's environment, scans what the
 * event adds ({@link GithubAction#plan}), leaves out secrets a force push only carried over, asks
 * the issuers, then writes the SARIF file, job summary and step outputs and reports annotations
 * (format {@code github} unless another is asked) to standard output.
 */
public final class ActionStep {
  /**
   * What the step is asked to do; the event chooses what to scan.
   *
   * @param repo the checked-out repository, or null for GITHUB_WORKSPACE
   * @param sarifFile where SARIF goes, relative to the workspace
   */
  public record Request(
      Path repo, Path sarifFile, Detection detection, IssuerPolicy issuers, Outputs outputs) {}

  private ActionStep() {}

  /** Runs the step; a runner environment that cannot be used is one line and its exit code. */
  public static PipelineResult run(Pipeline pipeline, Request request) throws IOException {
    Console console = pipeline.console();
    Baseline known = request.outputs().validate("github");
    GithubAction.Environment env;
    ScanRange range;
    try {
      env = GithubAction.Environment.from(console.env(), request.repo());
      range = GithubAction.plan(env);
    } catch (ActionException e) {
      console.notice(e.getMessage());
      return new PipelineResult(
          GithubAction.nothingScanned(ScanRange.nothing("no scan")), e.exitCode());
    }
    console.notice("scanning " + range.description());
    range.notices().forEach(console::notice);
    Path workspace = env.workspace();
    Config settings = request.detection().config(workspace);
    ScanResult result;
    if (range.skip()) {
      result = GithubAction.nothingScanned(range);
    } else {
      Scanner scanner = request.detection().scanner(settings, workspace);
      try {
        GitHistorySource source =
            GitHistorySource.open(
                workspace,
                HistoryOptions.of(settings, request.detection().threads(console::notice))
                    .withRefs(range.refs(), range.excluded())
                    .withWorktree(false));
        result = GithubAction.withoutReplaced(scanner.scan(source), env, range);
        result = request.issuers().apply(result, console.env());
      } catch (IOException e) {
        console.notice(workspace + ": " + e.getMessage());
        ScanProblem problem = new ScanProblem(workspace.toString(), e.getMessage());
        return new PipelineResult(
            GithubAction.nothingScanned(range).withProblem(problem), ExitCodes.INCOMPLETE);
      }
    }
    ReportOptions options =
        new ReportOptions(request.outputs().showSecrets(), false, known, env.links());
    GithubAction.publish(
        result,
        options,
        request.outputs().failPolicy(known),
        range,
        workspace.resolve(request.sarifFile()),
        env);
    return pipeline.report(result, request.outputs(), known, env.links(), "github");
  }
}
