package io.leakstop.cli;

import io.leakstop.filter.FindingFilter;
import io.leakstop.filter.IgnoreFile;
import io.leakstop.rules.Config;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** What to look for: config, excludes, size limit, threads. */
final class DetectionOptions {
  @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Config file (default: .leakstop.yaml in PATH).")
  Path config;

  @Option(names = "--exclude", paramLabel = "GLOB", description = "Leave out paths matching GLOB (repeatable).")
  List<String> excludes = new ArrayList<>();

  @Option(names = "--max-file-size", paramLabel = "SIZE", description = "Skip files larger than SIZE (default 10MiB), said in the summary.")
  String maxFileSize;

  @Option(names = "--ignore-file", paramLabel = "FILE",
      description = "Fingerprints to leave out (default: .leakstopignore at the repository root).")
  Path ignoreFile;

  @Option(names = "--threads", paramLabel = "N", description = "Threads to scan with (default: all cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  /** The user's filters beyond the config: the ignore file of {@code root} (the working folder for standard input). */
  List<FindingFilter> filters(Path root) {
    return List.of(ignoreFile != null ? IgnoreFile.load(ignoreFile) : IgnoreFile.discover(root == null ? Path.of(".") : root));
  }

  /** The config for a scan of {@code root} (null for standard input), with command-line overrides. */
  Config config(Path root) {
    Config settings = Config.discover(root, config).withExcludes(excludes);
    if (maxFileSize != null) {
      try {
        settings = settings.withMaxFileSize(Config.parseSize(maxFileSize));
      } catch (IllegalArgumentException e) {
        throw new Main.UsageError("--max-file-size: " + e.getMessage());
      }
    }
    return settings;
  }
}
