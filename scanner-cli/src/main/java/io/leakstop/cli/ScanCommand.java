package io.leakstop.cli;

import io.leakstop.report.ReportOptions;
import io.leakstop.report.Reporter;
import io.leakstop.report.Reporters;
import io.leakstop.report.TextReporter;
import io.leakstop.rules.Config;
import io.leakstop.scan.ScanProblem;
import io.leakstop.scan.ScanResult;
import io.leakstop.scan.Scanner;
import io.leakstop.source.FileSource;
import io.leakstop.source.PathFilter;
import io.leakstop.source.Source;
import io.leakstop.source.StreamSource;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "scan",
    description = "Scans files, standard input or a git repository for leaked secrets.",
    sortOptions = false)
final class ScanCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @ParentCommand Main main;

  @Parameters(index = "0", arity = "0..1", paramLabel = "PATH", description = "What to scan (default: the current folder).")
  Path path;

  @Option(names = "--files", description = "Scan the files under PATH as they are on disk.")
  boolean files;

  @Option(names = "--stdin", description = "Scan standard input (e.g. a CI log), reported as <stdin>.")
  boolean stdin;

  @Option(names = "--format", paramLabel = "FORMAT", description = "Output format: text (default) or json.")
  String format = "text";

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE instead of standard output.")
  Path output;

  @Option(names = "--show-secrets", description = "Print secrets in full instead of redacted.")
  boolean showSecrets;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Config file (default: .leakstop.yaml in PATH).")
  Path config;

  @Option(names = "--exclude", paramLabel = "GLOB", description = "Leave out paths matching GLOB (repeatable).")
  List<String> excludes = new ArrayList<>();

  @Option(names = "--max-file-size", paramLabel = "SIZE", description = "Skip files larger than SIZE (default 10MiB), said in the summary.")
  String maxFileSize;

  @Option(names = "--threads", paramLabel = "N", description = "Threads to scan with (default: all cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--no-color", description = "No colour even on a terminal.")
  boolean noColor;

  @Override
  public Integer call() throws IOException {
    Reporter reporter =
        Reporters.forFormat(format)
            .orElseThrow(() -> new Main.UsageError("unknown format '" + format + "' (known: " + String.join(", ", Reporters.formats()) + ")"));
    if (stdin && (files || path != null)) {
      throw new Main.UsageError("--stdin scans standard input; it takes no PATH or --files");
    }
    Path root = path == null ? Path.of(".") : path;
    if (!stdin && !Files.exists(root)) {
      throw new Main.UsageError(root + ": no such file or directory");
    }
    Config settings = Config.discover(stdin ? null : root, config).withExcludes(excludes);
    if (maxFileSize != null) {
      try {
        settings = settings.withMaxFileSize(Config.parseSize(maxFileSize));
      } catch (IllegalArgumentException e) {
        throw new Main.UsageError("--max-file-size: " + e.getMessage());
      }
    }
    Scanner scanner = Scanner.forConfig(settings);
    Source source =
        stdin
            ? new StreamSource("<stdin>", main.in)
            : new FileSource(root, new PathFilter(settings.excludes()), settings.maxFileSize(), threads);
    ScanResult result = scanner.scan(source);
    emit(result, reporter);
    return result.exitCode();
  }

  private void emit(ScanResult result, Reporter reporter) throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    for (String notice : result.notices()) {
      err.println("leakstop: " + notice);
    }
    for (ScanProblem problem : result.problems()) {
      err.println("leakstop: " + problem.where() + ": " + problem.message());
    }
    err.flush();
    boolean toTerminal = output == null && main.out == System.out && System.console() != null;
    ReportOptions options =
        new ReportOptions(showSecrets, toTerminal && !noColor && System.getenv("NO_COLOR") == null && reporter instanceof TextReporter);
    if (output != null) {
      try (OutputStream out = Files.newOutputStream(output)) {
        reporter.write(result, options, out);
      }
    } else {
      reporter.write(result, options, main.out);
      main.out.flush();
    }
    if (output != null || !(reporter instanceof TextReporter)) {
      err.println(TextReporter.summary(result));
      err.flush();
    }
  }
}
