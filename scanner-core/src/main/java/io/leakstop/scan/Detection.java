package io.leakstop.scan;

import io.leakstop.detect.Detector;
import io.leakstop.filter.FindingFilter;
import io.leakstop.filter.IgnoreFile;
import io.leakstop.gitleaks.GitleaksIgnore;
import io.leakstop.rules.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What to look for and with how much: the config file, excluded paths, the size limit (said as the
 * user wrote it, e.g. {@code 10MiB}), decoding depth, the ignore files, threads. Build with {@link
 * #builder()}.
 *
 * @param config the config file, or null to discover one at the root
 * @param maxFileSize null for the config's limit
 * @param maxDecodeDepth null for {@link Detector#DEFAULT_MAX_DECODE_DEPTH}
 * @param ignoreFile null for {@code .leakstopignore} at the root
 * @param gitleaksIgnore a {@code .gitleaksignore} file or its folder, or null for the one at the
 *     root
 * @param threads as asked; capped to {@link ThreadCount#max()} when the scan starts
 * @param threadsOption the option named when the thread count is capped
 */
public record Detection(
    Path config,
    List<String> excludes,
    String maxFileSize,
    Integer maxDecodeDepth,
    Path ignoreFile,
    Path gitleaksIgnore,
    int threads,
    String threadsOption) {

  public Detection {
    excludes = List.copyOf(excludes);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The config for a scan of {@code root} (null for standard input), with the request's overrides.
   */
  public Config config(Path root) {
    Config settings =
        io.leakstop.gitleaks.ConfigFiles.discover(root, config).withExcludes(excludes);
    if (maxFileSize != null) {
      try {
        settings = settings.withMaxFileSize(Config.parseSize(maxFileSize));
      } catch (IllegalArgumentException e) {
        throw new UsageException("--max-file-size: " + e.getMessage());
      }
    }
    return settings;
  }

  /**
   * The scanner for {@code settings}, decoding as deep as asked, with the ignore files of {@code
   * root}.
   */
  public Scanner scanner(Config settings, Path root) {
    return scanner(settings).withFilters(filters(root));
  }

  private Scanner scanner(Config settings) {
    Scanner scanner = Scanner.forConfig(settings);
    if (maxDecodeDepth == null || maxDecodeDepth == Detector.DEFAULT_MAX_DECODE_DEPTH) {
      return scanner;
    }
    if (maxDecodeDepth < 0 || maxDecodeDepth > Detector.MAX_DECODE_DEPTH) {
      throw new UsageException(
          "--max-decode-depth: must be from 0 to "
              + Detector.MAX_DECODE_DEPTH
              + ", not "
              + maxDecodeDepth);
    }
    return scanner.withMaxDecodeDepth(maxDecodeDepth);
  }

  /**
   * The user's filters beyond the config: the ignore file of {@code root} (the working folder for
   * standard input) and gitleaks' {@code .gitleaksignore}.
   */
  List<FindingFilter> filters(Path root) {
    List<FindingFilter> filters = new ArrayList<>();
    filters.add(
        ignoreFile != null
            ? IgnoreFile.load(ignoreFile)
            : IgnoreFile.discover(root == null ? Path.of(".") : root));
    if (gitleaksIgnore != null) {
      Path file =
          Files.isDirectory(gitleaksIgnore)
              ? gitleaksIgnore.resolve(GitleaksIgnore.FILE_NAME)
              : gitleaksIgnore;
      if (!Files.isRegularFile(file)) {
        throw new UsageException(file + ": no such .gitleaksignore file");
      }
      filters.add(GitleaksIgnore.load(file));
    } else {
      GitleaksIgnore.discover(root).ifPresent(filters::add);
    }
    return filters;
  }

  /** The thread count to scan with, capped; the cap is said to {@code notices}. */
  public int threads(Consumer<String> notices) {
    return ThreadCount.capped(threadsOption, threads, notices);
  }

  /** Named setters; unset means the defaults (discovered config, one thread per core). */
  public static final class Builder {
    private Path config;
    private List<String> excludes = List.of();
    private String maxFileSize;
    private Integer maxDecodeDepth;
    private Path ignoreFile;
    private Path gitleaksIgnore;
    private int threads = ThreadCount.cores();
    private String threadsOption = "--threads";

    public Builder config(Path value) {
      config = value;
      return this;
    }

    public Builder excludes(List<String> value) {
      excludes = value;
      return this;
    }

    public Builder maxFileSize(String value) {
      maxFileSize = value;
      return this;
    }

    public Builder maxDecodeDepth(Integer value) {
      maxDecodeDepth = value;
      return this;
    }

    public Builder ignoreFile(Path value) {
      ignoreFile = value;
      return this;
    }

    public Builder gitleaksIgnore(Path value) {
      gitleaksIgnore = value;
      return this;
    }

    public Builder threads(int value) {
      threads = value;
      return this;
    }

    public Detection build() {
      return new Detection(
          config,
          excludes,
          maxFileSize,
          maxDecodeDepth,
          ignoreFile,
          gitleaksIgnore,
          threads,
          threadsOption);
    }
  }
}
