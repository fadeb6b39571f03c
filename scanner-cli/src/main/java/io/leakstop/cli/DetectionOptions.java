package io.leakstop.cli;

import io.leakstop.filter.FindingFilter;
import io.leakstop.filter.GitleaksIgnore;
import io.leakstop.rules.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** What to look for: config, excludes, size limit, threads. */
final class DetectionOptions {
  @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Config file: leakstop YAML, or gitleaks TOML when it ends in .toml (default: .leakstop.yaml, else .gitleaks.toml, in PATH).")
  Path config;

  @Option(names = "--exclude", paramLabel = "GLOB", description = "Leave out paths matching GLOB (repeatable).")
  List<String> excludes = new ArrayList<>();

  @Option(names = "--max-file-size", paramLabel = "SIZE", description = "Skip files larger than SIZE (default 10MiB), said in the summary.")
  String maxFileSize;

  @Option(names = "--threads", paramLabel = "N", description = "Threads to scan with (default: all cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  /** The {@code .gitleaksignore} to honour: one named by the gitleaks commands' {@code -i}, else the one at the root. */
  Path gitleaksIgnore;

  List<FindingFilter> gitleaksIgnore(Path root) {
    if (gitleaksIgnore != null) {
      Path file = Files.isDirectory(gitleaksIgnore) ? gitleaksIgnore.resolve(GitleaksIgnore.FILE_NAME) : gitleaksIgnore;
      if (!Files.isRegularFile(file)) {
        throw new Main.UsageError(file + ": no such .gitleaksignore file");
      }
      return List.of(GitleaksIgnore.load(file));
    }
    return GitleaksIgnore.discover(root).<List<FindingFilter>>map(List::of).orElse(List.of());
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
