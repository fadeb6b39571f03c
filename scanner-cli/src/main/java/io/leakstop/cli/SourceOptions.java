package io.leakstop.cli;

import io.leakstop.git.HistoryOptions;
import io.leakstop.scan.SourceChoice;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What to scan: a git repository's history (the default when PATH is one), its staged changes, the
 * files under a path, or standard input; mapped onto {@link SourceChoice}.
 */
final class SourceOptions {
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "PATH",
      description =
          "What to scan (default: the current folder). A git repository (working tree, bare or linked worktree) is scanned with its whole history.")
  Path path;

  @Option(
      names = "--files",
      description = "Scan the files under PATH as they are on disk, even in a git repository.")
  boolean files;

  @Option(
      names = "--stdin",
      description = "Scan standard input (e.g. a CI log), reported as <stdin>.")
  boolean stdin;

  @Option(
      names = "--staged",
      description = "Scan only what is staged for the next commit (the pre-commit check).")
  boolean staged;

  @Option(
      names = "--range",
      paramLabel = "A..B",
      description = "Scan what B adds over A, as a push or pull request does (B defaults to HEAD).")
  String range;

  @Option(
      names = "--since",
      paramLabel = "DATE",
      description = "Scan only commits committed after DATE (2024-01-31, or an ISO date-time).")
  String since;

  @Option(
      names = "--branch",
      paramLabel = "REF",
      description = "Scan the history of REF only, instead of every ref.")
  String branch;

  @Option(
      names = "--no-worktree",
      description = "Leave out uncommitted changes in the working tree.")
  boolean noWorktree;

  /** The source choice; a history scan shows progress when standard error is a terminal. */
  SourceChoice choice(PrintStream err) {
    return SourceChoice.builder()
        .path(path)
        .files(files)
        .stdin(stdin)
        .staged(staged)
        .range(range)
        .since(since)
        .branch(branch)
        .noWorktree(noWorktree)
        .progress(err == System.err && stderrIsTerminal() ? new ProgressLine(err) : null)
        .build();
  }

  /** The launcher says whether stderr is a terminal; Java alone can only tell for stdin/stdout. */
  private static boolean stderrIsTerminal() {
    String flag = System.getenv("LEAKSTOP_STDERR_TTY");
    return flag != null ? flag.equals("1") : System.console() != null;
  }

  /** Blobs done / total and MB/s on one rewritten stderr line, erased when the scan ends. */
  private static final class ProgressLine implements HistoryOptions.Progress {
    private final PrintStream err;
    private final long started = System.nanoTime();

    ProgressLine(PrintStream err) {
      this.err = err;
    }

    @Override
    public synchronized void update(long done, long total, long bytes) {
      if (done >= total) {
        err.print("\r\u001b[K");
      } else {
        double seconds = Math.max(1, System.nanoTime() - started) / 1e9;
        err.print(
            String.format(
                Locale.ROOT,
                "\rleakstop: %d/%d blobs, %.1f MB/s\u001b[K",
                done,
                total,
                bytes / 1e6 / seconds));
      }
      err.flush();
    }
  }
}
