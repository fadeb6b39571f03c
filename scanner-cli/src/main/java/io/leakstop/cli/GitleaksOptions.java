package io.leakstop.cli;

import io.leakstop.gitleaks.GitleaksFlags;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * gitleaks' flags that {@code scan} has no name for, so that a CI script calling gitleaks works
 * after the binary is renamed. {@code --report-format}, {@code --report-path} and {@code --config}
 * are already names of scan's own options. What they mean is {@link GitleaksFlags}.
 */
final class GitleaksOptions {
  @Option(
      names = "-f",
      paramLabel = "FORMAT",
      description =
          "Same as --report-format: json (gitleaks' JSON), sarif, junit, or any leakstop format.")
  String format;

  @Option(names = "-r", paramLabel = "FILE", description = "Same as --report-path.")
  Path reportPath;

  @Option(
      names = "-b",
      paramLabel = "FILE",
      description =
          "Same as --baseline-path: a gitleaks (or leakstop) JSON report whose findings are known.")
  Path baseline;

  @Option(
      names = {"-i", "--gitleaks-ignore-path"},
      paramLabel = "PATH",
      description =
          "The .gitleaksignore file, or the folder holding it (default: PATH/.gitleaksignore).")
  Path ignorePath;

  @Option(
      names = "--exit-code",
      paramLabel = "N",
      description = "Exit code when leaks are found (default 1).")
  int exitCode = 1;

  @Option(
      names = "--max-target-megabytes",
      paramLabel = "MB",
      description = "Skip files larger than MB megabytes; 0 means no limit, as in gitleaks.")
  Integer maxTargetMegabytes;

  @Option(
      names = "--redact",
      arity = "0..1",
      paramLabel = "PERCENT",
      description = "Accepted: leakstop always redacts unless --show-secrets.")
  String redact;

  @Option(
      names = {"-v", "--verbose"},
      description = "Accepted: findings are always listed.")
  boolean verbose;

  @Option(names = "--no-banner", description = "Accepted: leakstop prints no banner.")
  boolean noBanner;

  @Option(
      names = {"-l", "--log-level"},
      paramLabel = "LEVEL",
      description = "Accepted and ignored.")
  String logLevel;
}
