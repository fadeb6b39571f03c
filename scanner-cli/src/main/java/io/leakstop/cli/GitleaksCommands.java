package io.leakstop.cli;

import io.leakstop.gitleaks.GitleaksFlags;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * gitleaks' command names over leakstop's scan: {@code leakstop dir PATH -r report.json} does what
 * {@code gitleaks dir PATH -r report.json} did, with gitleaks' report fields, ignore file and exit
 * code. Each sets the scan's source mode, maps gitleaks' flags, then runs {@link ScanCommand}.
 */
final class GitleaksCommands {
  private GitleaksCommands() {}

  /** The shared part: gitleaks' flags onto scan's options, and gitleaks' exit code for leaks. */
  abstract static class GitleaksScan extends ScanCommand {
    @Mixin GitleaksOptions gitleaks;

    /** Sets the source mode (files, history, staged, standard input). */
    abstract void chooseSource();

    @Override
    public Integer call() throws IOException {
      chooseSource();
      if (gitleaks.reportPath != null) {
        if (output.output != null) {
          throw new Main.UsageError("-r and --report-path name the same report; give one");
        }
        output.output = gitleaks.reportPath;
      }
      if (gitleaks.baseline != null) {
        if (output.baseline != null) {
          throw new Main.UsageError("-b and --baseline-path name the same baseline; give one");
        }
        output.baseline = gitleaks.baseline;
      }
      try {
        output.format =
            GitleaksFlags.reportFormat(
                gitleaks.format != null ? gitleaks.format : output.format, output.output);
      } catch (IllegalArgumentException e) {
        throw new Main.UsageError(e.getMessage());
      }
      if (gitleaks.maxTargetMegabytes != null) {
        detection.maxFileSize = gitleaks.maxTargetMegabytes + "MB";
      }
      detection.gitleaksIgnore = gitleaks.ignorePath;
      return GitleaksFlags.exitCode(super.call(), gitleaks.exitCode);
    }
  }

  @Command(
      name = "git",
      addMethodSubcommands = false,
      description =
          "gitleaks-compatible: scans the commits of the git repository at PATH (scan PATH --no-worktree), or with --staged what is staged.",
      sortOptions = false)
  static final class Git extends GitleaksScan {
    @Option(
        names = "--log-opts",
        paramLabel = "OPTS",
        description =
            "git log options as gitleaks takes them: a range A..B, one ref, --since DATE, --all.")
    String logOpts;

    @Override
    void chooseSource() {
      history(this, logOpts);
    }
  }

  /** gitleaks' history scan: commits only (no working tree), narrowed by {@code --log-opts}. */
  private static void history(GitleaksScan command, String logOpts) {
    SourceOptions sources = command.sources;
    if (sources.staged) {
      if (logOpts != null) {
        throw new Main.UsageError("--staged scans the index; it takes no --log-opts");
      }
      return;
    }
    GitleaksFlags.LogOpts opts;
    try {
      opts = GitleaksFlags.logOpts(logOpts);
    } catch (IllegalArgumentException e) {
      throw new Main.UsageError(e.getMessage());
    }
    sources.range = opts.range() != null ? opts.range() : sources.range;
    sources.since = opts.since() != null ? opts.since() : sources.since;
    sources.branch = opts.branch() != null ? opts.branch() : sources.branch;
    sources.noWorktree = sources.range == null && sources.branch == null;
  }

  /** gitleaks before 8.19: {@code detect --source PATH [--no-git]}. */
  @Command(
      name = "detect",
      addMethodSubcommands = false,
      description =
          "gitleaks-compatible (gitleaks < 8.19): scans the history of --source, or its files with --no-git.",
      sortOptions = false)
  static final class Detect extends GitleaksScan {
    @Option(
        names = {"-s", "--source"},
        paramLabel = "PATH",
        description = "What to scan (default: the current folder).")
    java.nio.file.Path source;

    @Option(names = "--no-git", description = "Scan the files as they are on disk.")
    boolean noGit;

    @Option(
        names = "--log-opts",
        paramLabel = "OPTS",
        description = "git log options: a range A..B, one ref, --since DATE, --all.")
    String logOpts;

    @Override
    void chooseSource() {
      source(this, source);
      if (noGit) {
        if (logOpts != null) {
          throw new Main.UsageError("--no-git scans files; it takes no --log-opts");
        }
        sources.files = true;
      } else {
        history(this, logOpts);
      }
    }
  }

  /** gitleaks before 8.19: {@code protect --staged}, the pre-commit check. */
  @Command(
      name = "protect",
      addMethodSubcommands = false,
      description =
          "gitleaks-compatible (gitleaks < 8.19): with --staged, scans what is staged for the next commit.",
      sortOptions = false)
  static final class Protect extends GitleaksScan {
    @Option(
        names = {"-s", "--source"},
        paramLabel = "PATH",
        description = "The repository (default: the current folder).")
    java.nio.file.Path source;

    @Override
    void chooseSource() {
      source(this, source);
      if (!sources.staged) {
        throw new Main.UsageError(
            "protect scans staged changes: add --staged (for the working tree, use leakstop scan --files)");
      }
    }
  }

  private static void source(GitleaksScan command, java.nio.file.Path source) {
    if (source != null) {
      if (command.sources.path != null) {
        throw new Main.UsageError("--source and PATH name the same thing; give one");
      }
      command.sources.path = source;
    }
  }

  @Command(
      name = "dir",
      addMethodSubcommands = false,
      description =
          "gitleaks-compatible: scans the files under PATH as they are on disk (scan --files).",
      sortOptions = false)
  static final class Dir extends GitleaksScan {
    @Override
    void chooseSource() {
      sources.files = true;
    }
  }

  @Command(
      name = "stdin",
      addMethodSubcommands = false,
      description = "gitleaks-compatible: scans standard input (scan --stdin).",
      sortOptions = false)
  static final class Stdin extends GitleaksScan {
    @Override
    void chooseSource() {
      sources.stdin = true;
    }
  }
}
