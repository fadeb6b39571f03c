package io.leakstop.cli;

import io.leakstop.gitleaks.BaselineFiles;
import io.leakstop.finding.Baseline;
import io.leakstop.report.ReportOptions;
import io.leakstop.report.Reporter;
import io.leakstop.scan.Reporters;
import io.leakstop.report.RepositoryLinks;
import io.leakstop.report.TextReporter;
import io.leakstop.scan.FailPolicy;
import io.leakstop.finding.ScanResult;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** How to report: formats and destinations, baseline and fail policy, redaction, colour. */
final class OutputOptions {
  @Option(names = {"--format", "--report-format"}, paramLabel = "FORMAT",
      description = "Output format: text (default), json, sarif, junit, markdown, github (workflow-command annotations) or gitleaks-json.")
  String format;

  @Option(names = {"-o", "--output", "--report-path"}, paramLabel = "FILE", description = "Write the report to FILE instead of standard output.")
  Path output;

  @Option(names = "--report", paramLabel = "FORMAT=FILE",
      description = "Also write a report in FORMAT to FILE (repeatable), e.g. --report sarif=leaks.sarif --report json=leaks.json.")
  List<String> reports = new ArrayList<>();

  @Option(names = {"--baseline", "--baseline-path"}, paramLabel = "FILE",
      description = "A previous JSON report: findings it holds are known; they are still listed, marked known, and fail the run only with --fail-on any.")
  Path baseline;

  @Option(names = "--fail-on", paramLabel = "WHICH",
      description = "Which findings fail the run (exit 1): new (default; all of them without --baseline), active (verified live, needs --verify) or any.")
  String failOn = "new";

  @Option(names = "--show-secrets", description = "Print secrets in full instead of redacted.")
  boolean showSecrets;

  @Option(names = "--no-color", description = "No colour even on a terminal.")
  boolean noColor;

  private Baseline loaded;

  Reporter reporter() {
    return reporter("text");
  }

  /** The reporter for standard output (or --output): {@code fallback} unless --format was given. */
  Reporter reporter(String fallback) {
    return reporterNamed(format == null ? fallback : format);
  }

  private static Reporter reporterNamed(String name) {
    return Reporters.forFormat(name)
        .orElseThrow(() -> new Main.UsageError("unknown format '" + name + "' (known: " + String.join(", ", Reporters.formats()) + ")"));
  }

  /** The --report files by path, each with its reporter; checked before anything is scanned. */
  Map<Path, Reporter> extraReports() {
    Map<Path, Reporter> files = new LinkedHashMap<>();
    for (String spec : reports) {
      int eq = spec.indexOf('=');
      if (eq <= 0 || eq == spec.length() - 1) {
        throw new Main.UsageError("--report " + spec + ": expected FORMAT=FILE, e.g. sarif=leaks.sarif");
      }
      files.put(Path.of(spec.substring(eq + 1)), reporterNamed(spec.substring(0, eq)));
    }
    return files;
  }

  Baseline baseline() {
    if (loaded == null) {
      loaded = baseline == null ? Baseline.NONE : BaselineFiles.load(baseline);
    }
    return loaded;
  }

  FailPolicy failPolicy() {
    try {
      return new FailPolicy(FailPolicy.FailOn.parse(failOn), baseline());
    } catch (IllegalArgumentException e) {
      throw new Main.UsageError(e.getMessage());
    }
  }

  /** Checks every option that can be wrong before the scan starts, so a typo costs no scan. */
  void validate() {
    reporter();
    extraReports();
    failPolicy();
  }

  /**
   * Prints notices and problems to {@code err}, the report to {@code out} (or --output), each
   * --report to its file, and the summary; returns the exit code the fail policy gives.
   */
  int emit(ScanResult result, PrintStream out, PrintStream err, RepositoryLinks links, Map<String, String> env)
      throws IOException {
    return emit(result, reporter(), out, err, links, env);
  }

  int emit(ScanResult result, Reporter reporter, PrintStream out, PrintStream err, RepositoryLinks links,
      Map<String, String> env) throws IOException {
    FailPolicy policy = failPolicy();
    ReportOptions options = new ReportOptions(showSecrets, false, baseline(), links);
    for (String line : TextReporter.messages(result, options)) {
      err.println(line);
    }
    String warning = policy.warning(result);
    if (warning != null) {
      err.println("leakstop: " + warning);
    }
    err.flush();
    for (Map.Entry<Path, Reporter> report : extraReports().entrySet()) {
      write(report.getValue(), result, options, report.getKey());
    }
    boolean toTerminal = output == null && out == System.out && System.console() != null;
    boolean color = toTerminal && !noColor && env.get("NO_COLOR") == null && reporter instanceof TextReporter;
    if (output != null) {
      write(reporter, result, options, output);
    } else {
      reporter.write(result, options.withColor(color), out);
      out.flush();
    }
    if (output != null || !(reporter instanceof TextReporter)) {
      err.println(TextReporter.summary(result, options));
      err.flush();
    }
    return policy.exitCode(result);
  }

  static void write(Reporter reporter, ScanResult result, ReportOptions options, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream stream = Files.newOutputStream(file)) {
      reporter.write(result, options, stream);
    }
  }
}
