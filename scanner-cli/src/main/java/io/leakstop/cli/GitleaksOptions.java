package io.leakstop.cli;

import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * gitleaks' flags that {@code scan} has no name for, so that a CI script calling gitleaks works
 * after the binary is renamed. {@code --report-format}, {@code --report-path} and {@code --config}
 * are already names of scan's own options.
 */
final class GitleaksOptions {
  @Option(names = "-f", paramLabel = "FORMAT", description = "Same as --report-format: json (gitleaks' JSON), sarif, junit, or any leakstop format.")
  String format;

  @Option(names = "-r", paramLabel = "FILE", description = "Same as --report-path.")
  Path reportPath;

  @Option(names = "-b", paramLabel = "FILE", description = "Same as --baseline-path: a gitleaks (or leakstop) JSON report whose findings are known.")
  Path baseline;

  @Option(names = {"-i", "--gitleaks-ignore-path"}, paramLabel = "PATH", description = "The .gitleaksignore file, or the folder holding it (default: PATH/.gitleaksignore).")
  Path ignorePath;

  @Option(names = "--exit-code", paramLabel = "N", description = "Exit code when leaks are found (default 1).")
  int exitCode = 1;

  @Option(names = "--max-target-megabytes", paramLabel = "MB", description = "Skip files larger than MB megabytes; 0 means no limit, as in gitleaks.")
  Integer maxTargetMegabytes;

  @Option(names = "--redact", arity = "0..1", paramLabel = "PERCENT", description = "Accepted: leakstop always redacts unless --show-secrets.")
  String redact;

  @Option(names = {"-v", "--verbose"}, description = "Accepted: findings are always listed.")
  boolean verbose;

  @Option(names = "--no-banner", description = "Accepted: leakstop prints no banner.")
  boolean noBanner;

  @Option(names = {"-l", "--log-level"}, paramLabel = "LEVEL", description = "Accepted and ignored.")
  String logLevel;

  /** What gitleaks' {@code --log-opts} (arguments to {@code git log}) asks for, in scan's terms; null fields for none. */
  record LogOpts(String range, String since, String branch) {}

  /**
   * Reads the {@code git log} arguments CI scripts pass to gitleaks: a range {@code A..B}, one ref,
   * {@code --since}/{@code --after}, and {@code --all}/{@code --branches} (leakstop scans every ref
   * anyway). Anything else would change what is scanned in a way scan cannot express, so it is a
   * usage error rather than silently ignored.
   */
  static LogOpts logOpts(String text) {
    String range = null;
    String since = null;
    String branch = null;
    String[] words = text == null ? new String[0] : text.trim().split("\\s+");
    for (int i = 0; i < words.length; i++) {
      String w = words[i];
      if (w.isEmpty() || w.equals("--all") || w.equals("--branches") || w.equals("--tags") || w.equals("--remotes")) {
        continue;
      }
      if (w.startsWith("--since=") || w.startsWith("--after=")) {
        since = w.substring(w.indexOf('=') + 1);
      } else if ((w.equals("--since") || w.equals("--after")) && i + 1 < words.length) {
        since = words[++i];
      } else if (w.contains("..") && !w.startsWith("-")) {
        range = w;
      } else if (!w.startsWith("-") && branch == null) {
        branch = w;
      } else {
        throw new Main.UsageError("--log-opts: '" + w + "' is not supported; leakstop takes a range A..B, one ref, --since DATE or --all");
      }
    }
    if (range != null && branch != null) {
      throw new Main.UsageError("--log-opts: give a range A..B or one ref, not both");
    }
    return new LogOpts(range, since, branch);
  }

  /**
   * The leakstop format for gitleaks' {@code --report-format}: {@code json} is gitleaks' own JSON
   * (scripts read its fields); without a format, gitleaks picks one by the report file's extension.
   * Null: neither given, so leakstop's default for standard output.
   */
  static String format(String gitleaksFormat, Path reportPath) {
    if (gitleaksFormat == null) {
      String name = reportPath == null ? "" : reportPath.getFileName().toString().toLowerCase(Locale.ROOT);
      if (name.endsWith(".sarif")) {
        return "sarif";
      }
      if (name.endsWith(".xml")) {
        return "junit";
      }
      return reportPath == null ? null : "gitleaks-json";
    }
    return switch (gitleaksFormat.toLowerCase(Locale.ROOT)) {
      case "json" -> "gitleaks-json";
      case "csv", "template" -> throw new Main.UsageError(
          "--report-format " + gitleaksFormat + ": not supported by leakstop; use json (gitleaks' fields), sarif or junit");
      default -> gitleaksFormat;
    };
  }
}
