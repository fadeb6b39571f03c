package io.leakstop.scan;

import io.leakstop.finding.Baseline;
import io.leakstop.finding.ScanResult;
import io.leakstop.report.ReportOptions;
import io.leakstop.report.Reporter;
import io.leakstop.report.RepositoryLinks;
import io.leakstop.report.TextReporter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to report and when to fail: the format for standard output (or {@code output}), further
 * reports as {@code FORMAT=FILE}, the baseline of known findings, the fail policy, redaction and
 * colour. Values as the user gave them; {@link #validate()} checks them all before a scan starts.
 * Build with {@link #builder()}.
 *
 * @param format null for the command's default
 * @param output write the main report here instead of standard output; null for standard output
 * @param reports further reports, each {@code FORMAT=FILE}
 * @param baseline a previous JSON report whose findings are known, or null
 * @param failOn {@code new}, {@code active} or {@code any}
 */
public record Outputs(
    String format,
    Path output,
    List<String> reports,
    Path baseline,
    String failOn,
    boolean showSecrets,
    boolean noColor) {
  public Outputs {
    reports = List.copyOf(reports);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The reporter for standard output (or {@code output}): {@code fallback} unless a format was
   * given.
   */
  public Reporter reporter(String fallback) {
    return reporterNamed(format == null ? fallback : format);
  }

  private static Reporter reporterNamed(String name) {
    return Reporters.forFormat(name)
        .orElseThrow(
            () ->
                new UsageException(
                    "unknown format '"
                        + name
                        + "' (known: "
                        + String.join(", ", Reporters.formats())
                        + ")"));
  }

  /** The further report files by path, each with its reporter. */
  public Map<Path, Reporter> extraReports() {
    Map<Path, Reporter> files = new LinkedHashMap<>();
    for (String spec : reports) {
      int eq = spec.indexOf('=');
      if (eq <= 0 || eq == spec.length() - 1) {
        throw new UsageException(
            "--report " + spec + ": expected FORMAT=FILE, e.g. sarif=leaks.sarif");
      }
      files.put(Path.of(spec.substring(eq + 1)), reporterNamed(spec.substring(0, eq)));
    }
    return files;
  }

  /** The baseline, read afresh on each call; {@link Baseline#NONE} without one. */
  public Baseline loadBaseline() {
    return baseline == null ? Baseline.NONE : io.leakstop.gitleaks.BaselineFiles.load(baseline);
  }

  /** The fail policy over {@code known}. */
  public FailPolicy failPolicy(Baseline known) {
    try {
      return new FailPolicy(FailPolicy.FailOn.parse(failOn), known);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /**
   * Checks every value that can be wrong before the scan starts, so a typo costs no scan; returns
   * the baseline.
   */
  public Baseline validate(String fallbackFormat) {
    reporter(fallbackFormat);
    extraReports();
    Baseline known = loadBaseline();
    failPolicy(known);
    return known;
  }

  /**
   * Prints notices and problems to {@code err}, the report with {@code reporter} to {@code out} (or
   * {@code output}), each further report to its file, and the summary; returns the exit code the
   * fail policy gives.
   */
  public int emit(
      ScanResult result, Reporter reporter, Baseline known, RepositoryLinks links, Console console)
      throws IOException {
    PrintStream out = console.out();
    PrintStream err = console.err();
    FailPolicy policy = failPolicy(known);
    ReportOptions options = new ReportOptions(showSecrets, false, known, links);
    for (String line : TextReporter.messages(result, options)) {
      err.println(line);
    }
    String warning = policy.warning(result);
    if (warning != null) {
      console.notice(warning);
    }
    err.flush();
    for (Map.Entry<Path, Reporter> report : extraReports().entrySet()) {
      write(report.getValue(), result, options, report.getKey());
    }
    boolean toTerminal = output == null && out == System.out && System.console() != null;
    boolean color =
        toTerminal
            && !noColor
            && console.env().get("NO_COLOR") == null
            && reporter instanceof TextReporter;
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

  /** Writes one report to {@code file}, making its folder. */
  public static void write(Reporter reporter, ScanResult result, ReportOptions options, Path file)
      throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream stream = Files.newOutputStream(file)) {
      reporter.write(result, options, stream);
    }
  }

  /** Named setters; unset means the defaults (standard output, fail on new findings, redacted). */
  public static final class Builder {
    private String format;
    private Path output;
    private List<String> reports = List.of();
    private Path baseline;
    private String failOn = "new";
    private boolean showSecrets;
    private boolean noColor;

    public Builder format(String value) {
      format = value;
      return this;
    }

    public Builder output(Path value) {
      output = value;
      return this;
    }

    public Builder reports(List<String> value) {
      reports = value;
      return this;
    }

    public Builder baseline(Path value) {
      baseline = value;
      return this;
    }

    public Builder failOn(String value) {
      failOn = value;
      return this;
    }

    public Builder showSecrets(boolean value) {
      showSecrets = value;
      return this;
    }

    public Builder noColor(boolean value) {
      noColor = value;
      return this;
    }

    public Outputs build() {
      return new Outputs(format, output, reports, baseline, failOn, showSecrets, noColor);
    }
  }
}
