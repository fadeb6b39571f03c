package io.leakstop.cli;

import io.leakstop.gitleaks.ConfigFiles;
import io.leakstop.detect.Detector;
import io.leakstop.filter.FindingFilter;
import io.leakstop.gitleaks.GitleaksIgnore;
import io.leakstop.filter.IgnoreFile;
import io.leakstop.rules.Config;
import io.leakstop.scan.Scanner;
import io.leakstop.scan.ThreadCount;
import java.io.PrintStream;
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

  @Option(names = "--max-decode-depth", paramLabel = "N",
      description = "Decode base64, percent-encoding and string escapes up to N levels deep and scan what they hide; 0 turns decoding off (default: "
          + Detector.DEFAULT_MAX_DECODE_DEPTH + ").")
  Integer maxDecodeDepth;

  @Option(names = "--ignore-file", paramLabel = "FILE",
      description = "Fingerprints to leave out (default: .leakstopignore at the repository root).")
  Path ignoreFile;

  @Option(names = "--threads", paramLabel = "N", description = "Threads to scan with (default: all cores; at most 4 per core).")
  int threads = Runtime.getRuntime().availableProcessors();

  /** The thread count to scan with: {@code --threads}, capped (said on {@code err}). */
  int threads(PrintStream err) {
    return cappedThreads("--threads", threads, err);
  }

  static int cappedThreads(String option, int requested, PrintStream err) {
    String notice = ThreadCount.notice(option, requested);
    if (notice != null) {
      err.println("leakstop: " + notice);
    }
    return ThreadCount.capped(requested);
  }

  /** The {@code .gitleaksignore} to honour: one named by the gitleaks commands' {@code -i}, else the one at the root. */
  Path gitleaksIgnore;

  /**
   * The user's filters beyond the config: the ignore file of {@code root} (the working folder for
   * standard input) and gitleaks' {@code .gitleaksignore}.
   */
  List<FindingFilter> filters(Path root) {
    List<FindingFilter> filters = new ArrayList<>();
    filters.add(ignoreFile != null ? IgnoreFile.load(ignoreFile) : IgnoreFile.discover(root == null ? Path.of(".") : root));
    if (gitleaksIgnore != null) {
      Path file = Files.isDirectory(gitleaksIgnore) ? gitleaksIgnore.resolve(GitleaksIgnore.FILE_NAME) : gitleaksIgnore;
      if (!Files.isRegularFile(file)) {
        throw new Main.UsageError(file + ": no such .gitleaksignore file");
      }
      filters.add(GitleaksIgnore.load(file));
    } else {
      GitleaksIgnore.discover(root).ifPresent(filters::add);
    }
    return filters;
  }

  /** The scanner for {@code settings}, decoding as deep as asked. */
  Scanner scanner(Config settings) {
    Scanner scanner = Scanner.forConfig(settings);
    if (maxDecodeDepth == null || maxDecodeDepth == Detector.DEFAULT_MAX_DECODE_DEPTH) {
      return scanner;
    }
    if (maxDecodeDepth < 0 || maxDecodeDepth > Detector.MAX_DECODE_DEPTH) {
      throw new Main.UsageError("--max-decode-depth: must be from 0 to " + Detector.MAX_DECODE_DEPTH + ", not " + maxDecodeDepth);
    }
    return scanner.withMaxDecodeDepth(maxDecodeDepth);
  }

  /** The config for a scan of {@code root} (null for standard input), with command-line overrides. */
  Config config(Path root) {
    Config settings = ConfigFiles.discover(root, config).withExcludes(excludes);
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
