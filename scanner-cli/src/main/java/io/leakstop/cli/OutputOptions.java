package io.leakstop.cli;

import io.leakstop.report.ReportOptions;
import io.leakstop.report.Reporter;
import io.leakstop.report.Reporters;
import io.leakstop.report.TextReporter;
import io.leakstop.scan.ScanProblem;
import io.leakstop.scan.ScanResult;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How to report: format, destination, redaction, colour. */
final class OutputOptions {
  @Option(names = {"--format", "--report-format"}, paramLabel = "FORMAT", description = "Output format: text (default), json or gitleaks-json.")
  String format = "text";

  @Option(names = {"-o", "--output", "--report-path"}, paramLabel = "FILE", description = "Write the report to FILE instead of standard output.")
  Path output;

  @Option(names = "--show-secrets", description = "Print secrets in full instead of redacted.")
  boolean showSecrets;

  @Option(names = "--no-color", description = "No colour even on a terminal.")
  boolean noColor;

  Reporter reporter() {
    return Reporters.forFormat(format)
        .orElseThrow(() -> new Main.UsageError("unknown format '" + format + "' (known: " + String.join(", ", Reporters.formats()) + ")"));
  }

  /** Prints problems and notices to {@code err}, then the report. */
  void emit(ScanResult result, PrintStream out, PrintStream err) throws IOException {
    Reporter reporter = reporter();
    for (String notice : result.notices()) {
      err.println("leakstop: " + notice);
    }
    for (ScanProblem problem : result.problems()) {
      err.println("leakstop: " + problem.where() + ": " + problem.message());
    }
    err.flush();
    boolean toTerminal = output == null && out == System.out && System.console() != null;
    boolean color = toTerminal && !noColor && System.getenv("NO_COLOR") == null && reporter instanceof TextReporter;
    ReportOptions options = new ReportOptions(showSecrets, color);
    if (output != null) {
      try (OutputStream file = Files.newOutputStream(output)) {
        reporter.write(result, options, file);
      }
    } else {
      reporter.write(result, options, out);
      out.flush();
    }
    if (output != null || !(reporter instanceof TextReporter)) {
      err.println(TextReporter.summary(result));
      err.flush();
    }
  }
}
