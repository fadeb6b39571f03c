package io.leakstop.cli;

import io.leakstop.detect.Detector;
import io.leakstop.scan.Detection;
import io.leakstop.scan.ThreadCount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** What to look for: config, excludes, size limit, threads; mapped onto {@link Detection}. */
final class DetectionOptions {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description =
          "Config file: leakstop YAML, or gitleaks TOML when it ends in .toml (default: .leakstop.yaml, else .gitleaks.toml, in PATH).")
  Path config;

  @Option(
      names = "--exclude",
      paramLabel = "GLOB",
      description = "Leave out paths matching GLOB (repeatable).")
  List<String> excludes = new ArrayList<>();

  @Option(
      names = "--max-file-size",
      paramLabel = "SIZE",
      description = "Skip files larger than SIZE (default 10MiB), said in the summary.")
  String maxFileSize;

  @Option(
      names = "--max-decode-depth",
      paramLabel = "N",
      description =
          "Decode base64, percent-encoding and string escapes up to N levels deep and scan what they hide; 0 turns decoding off (default: "
              + Detector.DEFAULT_MAX_DECODE_DEPTH
              + ").")
  Integer maxDecodeDepth;

  @Option(
      names = "--ignore-file",
      paramLabel = "FILE",
      description = "Fingerprints to leave out (default: .leakstopignore at the repository root).")
  Path ignoreFile;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "Threads to scan with (default: all cores; at most "
              + ThreadCount.PER_CORE
              + " per core).")
  int threads = ThreadCount.cores();

  /**
   * The {@code .gitleaksignore} to honour: one named by the gitleaks commands' {@code -i}, else the
   * one at the root.
   */
  Path gitleaksIgnore;

  Detection detection() {
    return Detection.builder()
        .config(config)
        .excludes(excludes)
        .maxFileSize(maxFileSize)
        .maxDecodeDepth(maxDecodeDepth)
        .ignoreFile(ignoreFile)
        .gitleaksIgnore(gitleaksIgnore)
        .threads(threads)
        .build();
  }
}
