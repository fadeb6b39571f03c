package io.leakstop.cli;

import io.leakstop.scan.Outputs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How to report: formats and destinations, baseline and fail policy, redaction, colour; mapped onto
 * {@link Outputs}.
 */
final class OutputOptions {
  @Option(
      names = {"--format", "--report-format"},
      paramLabel = "FORMAT",
      description =
          "Output format: text (default), json, sarif, junit, markdown, github (workflow-command annotations) or gitleaks-json.")
  String format;

  @Option(
      names = {"-o", "--output", "--report-path"},
      paramLabel = "FILE",
      description = "Write the report to FILE instead of standard output.")
  Path output;

  @Option(
      names = "--report",
      paramLabel = "FORMAT=FILE",
      description =
          "Also write a report in FORMAT to FILE (repeatable), e.g. --report sarif=leaks.sarif --report json=leaks.json.")
  List<String> reports = new ArrayList<>();

  @Option(
      names = {"--baseline", "--baseline-path"},
      paramLabel = "FILE",
      description =
          "A previous JSON report: findings it holds are known; they are still listed, marked known, and fail the run only with --fail-on any.")
  Path baseline;

  @Option(
      names = "--fail-on",
      paramLabel = "WHICH",
      description =
          "Which findings fail the run (exit 1): new (default; all of them without --baseline), active (verified live, needs --verify) or any.")
  String failOn = "new";

  @Option(names = "--show-secrets", description = "Print secrets in full instead of redacted.")
  boolean showSecrets;

  @Option(names = "--no-color", description = "No colour even on a terminal.")
  boolean noColor;

  Outputs outputs() {
    return Outputs.builder()
        .format(format)
        .output(output)
        .reports(reports)
        .baseline(baseline)
        .failOn(failOn)
        .showSecrets(showSecrets)
        .noColor(noColor)
        .build();
  }
}
