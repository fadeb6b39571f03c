package io.leakstop.scan;

import io.leakstop.ExitCodes;
import io.leakstop.finding.Baseline;
import io.leakstop.finding.Finding;
import io.leakstop.finding.ScanProblem;
import io.leakstop.finding.ScanResult;
import io.leakstop.finding.ScanStats;
import io.leakstop.issuer.IssuerOptions;
import io.leakstop.report.RepositoryLinks;
import io.leakstop.rules.Config;
import io.leakstop.source.Source;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The one path a finding takes: source → detect → filter → verify/revoke → report → exit code.
 * {@code leakstop scan} and gitleaks' commands call {@link #run}; the GitHub Action ({@code
 * io.leakstop.github.ActionStep}) calls the same stages around its own source; {@code revoke} calls
 * {@link #revoke}. A program or a test runs a whole scan with it, without the CLI. {@link
 * UsageException} and {@code ConfigException} report what was asked wrongly (exit code 2).
 */
public final class Pipeline {
  private final Console console;

  public Pipeline(Console console) {
    this.console = console;
  }

  public Console console() {
    return console;
  }

  /** Scans what {@code request} names, asks the issuers, reports and returns the exit code. */
  public PipelineResult run(ScanRequest request) throws IOException {
    Baseline known = request.outputs().validate("text");
    SourceChoice choice = request.source();
    Path root = choice.root();
    Config settings = request.detection().config(root);
    // The source is opened (a repository's refs and packs read) before the scanner is asked for,
    // while the built-in rules still load on their own thread (Scanner.prepareBuiltinInBackground).
    // What the user sees keeps its order: a mistake in the scanner's settings is reported before
    // one in the source's, and the notices of opening come after the scanner is built.
    List<String> openNotices = new ArrayList<>();
    Source source = null;
    RuntimeException unopened = null;
    try {
      source =
          choice.open(root, settings, request.detection().threads(openNotices::add), console.in());
    } catch (RuntimeException e) {
      unopened = e;
    }
    Scanner scanner = request.detection().scanner(settings, root);
    openNotices.forEach(console::notice);
    if (unopened != null) {
      throw unopened;
    }
    ScanResult result = request.issuers().apply(scanner.scan(source), console.env());
    RepositoryLinks links = RepositoryLinks.discover(root, console.env());
    int exit =
        request.outputs().emit(result, request.outputs().reporter("text"), known, links, console);
    if (exit == ExitCodes.FINDINGS) {
      List<String> lines = choice.afterReport(result);
      lines.forEach(console.err()::println);
      console.err().flush();
    }
    return new PipelineResult(result, exit);
  }

  /**
   * The report stage alone: reports {@code result} as {@code outputs} asks ({@code fallbackFormat}
   * unless a format was given).
   */
  public PipelineResult report(
      ScanResult result,
      Outputs outputs,
      Baseline known,
      RepositoryLinks links,
      String fallbackFormat)
      throws IOException {
    return new PipelineResult(
        result, outputs.emit(result, outputs.reporter(fallbackFormat), known, links, console));
  }

  /**
   * Revokes the secrets of {@code input} (a JSON report written with secrets shown, or one secret
   * per line; null for standard input): each is verified first and only live ones are revoked. Exit
   * code 3 when a revocation failed, else 0.
   */
  public PipelineResult revoke(Path input, IssuerPolicy.Calls calls, Outputs outputs)
      throws IOException {
    outputs.reporter("text");
    long started = System.nanoTime();
    String name = input == null ? "<stdin>" : input.toString();
    String text;
    try {
      text =
          input == null
              ? new String(console.in().readAllBytes(), StandardCharsets.UTF_8)
              : Files.readString(input);
    } catch (IOException e) {
      throw new UsageException(name + ": cannot read: " + e.getMessage());
    }
    RevocationInput.Parsed parsed;
    try {
      parsed = RevocationInput.parse(name, text, Scanner.forConfig(Config.DEFAULT));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    Set<String> notices = new LinkedHashSet<>(parsed.notices());
    IssuerOptions options = calls.options(console.env(), notices::add);
    List<Finding> findings =
        parsed.findings().isEmpty()
            ? List.of()
            : IssuerPolicy.run(parsed.findings(), options, true);
    List<String> allNotices = new ArrayList<>(notices);
    allNotices.add(IssuerPolicy.summary(findings));
    List<ScanProblem> problems = IssuerPolicy.failures(findings);
    ScanStats stats =
        new ScanStats(
            1, text.length(), 0, List.of(), 0, Duration.ofNanos(System.nanoTime() - started));
    ScanResult result = new ScanResult(name, findings, stats, problems, allNotices);
    outputs.emit(result, outputs.reporter("text"), outputs.loadBaseline(), null, console);
    return new PipelineResult(result, ExitCodes.of(result.complete(), false));
  }
}
