package io.leakstop.cli;

import io.leakstop.git.GitHistorySource;
import io.leakstop.git.GitRepositories;
import io.leakstop.git.HistoryOptions;
import io.leakstop.git.StagedSource;
import io.leakstop.rules.Config;
import io.leakstop.finding.ScanResult;
import io.leakstop.source.FileSource;
import io.leakstop.source.PathFilter;
import io.leakstop.source.Source;
import io.leakstop.source.StreamSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What to scan: a git repository's history (the default when PATH is one), its staged changes, the
 * files under a path, or standard input.
 */
final class SourceOptions {
  @Parameters(index = "0", arity = "0..1", paramLabel = "PATH", description = "What to scan (default: the current folder). A git repository (working tree, bare or linked worktree) is scanned with its whole history.")
  Path path;

  @Option(names = "--files", description = "Scan the files under PATH as they are on disk, even in a git repository.")
  boolean files;

  @Option(names = "--stdin", description = "Scan standard input (e.g. a CI log), reported as <stdin>.")
  boolean stdin;

  @Option(names = "--staged", description = "Scan only what is staged for the next commit (the pre-commit check).")
  boolean staged;

  @Option(names = "--range", paramLabel = "A..B", description = "Scan what B adds over A, as a push or pull request does (B defaults to HEAD).")
  String range;

  @Option(names = "--since", paramLabel = "DATE", description = "Scan only commits committed after DATE (2024-01-31, or an ISO date-time).")
  String since;

  @Option(names = "--branch", paramLabel = "REF", description = "Scan the history of REF only, instead of every ref.")
  String branch;

  @Option(names = "--no-worktree", description = "Leave out uncommitted changes in the working tree.")
  boolean noWorktree;

  /** The scanned root, or null for standard input. */
  Path root() {
    if (stdin) {
      if (files || path != null || staged || gitOnly() != null) {
        throw new Main.UsageError("--stdin scans standard input; it takes no PATH, --files, --staged or git options");
      }
      return null;
    }
    if (files && (staged || gitOnly() != null)) {
      throw new Main.UsageError("--files scans files on disk; it cannot be combined with --staged or " + (staged ? "" : gitOnly()));
    }
    if (staged && gitOnly() != null) {
      throw new Main.UsageError("--staged scans the index; it cannot be combined with " + gitOnly());
    }
    Path root = path == null ? Path.of(".") : path;
    if (!Files.exists(root)) {
      throw new Main.UsageError(root + ": no such file or directory");
    }
    return root;
  }

  /** The first git-history option given, or null. */
  private String gitOnly() {
    if (range != null) {
      return "--range";
    }
    if (since != null) {
      return "--since";
    }
    if (branch != null) {
      return "--branch";
    }
    return noWorktree ? "--no-worktree" : null;
  }

  Source source(Path root, Config settings, int threads, InputStream in, PrintStream err) throws IOException {
    if (root == null) {
      return new StreamSource("<stdin>", in);
    }
    PathFilter excludes = new PathFilter(settings.excludes());
    boolean repository = !files && GitRepositories.isRepository(root);
    if (staged) {
      if (!repository) {
        throw new Main.UsageError("--staged: " + root + " is not the top of a git working tree");
      }
      return new StagedSource(root, excludes, settings.maxFileSize());
    }
    if (!repository) {
      if (gitOnly() != null) {
        throw new Main.UsageError(gitOnly() + ": " + root + " is not a git repository (its top folder or a bare repository)");
      }
      return new FileSource(root, excludes, settings.maxFileSize(), threads);
    }
    HistoryOptions options = HistoryOptions.of(settings, threads).withWorktree(!noWorktree && range == null && branch == null);
    if (range != null) {
      int dots = range.indexOf("..");
      if (dots < 0 || range.contains("...")) {
        throw new Main.UsageError("--range: expected A..B, got '" + range + "'");
      }
      String from = range.substring(0, dots);
      String to = range.substring(dots + 2);
      options = options.withRefs(List.of(to.isEmpty() ? "HEAD" : to), from.isEmpty() ? List.of() : List.of(from));
    } else if (branch != null) {
      options = options.withRefs(List.of(branch), List.of());
    }
    if (since != null) {
      options = options.withSince(parseDate(since));
    }
    if (err == System.err && stderrIsTerminal()) {
      options = options.withProgress(new ProgressLine(err));
    }
    try {
      return GitHistorySource.open(root, options);
    } catch (IOException e) {
      throw new Main.UsageError(e.getMessage());
    }
  }

  /** After the report: a blocked commit says how to let a false positive through. */
  void afterReport(ScanResult result, PrintStream err) {
    if (staged && !result.findings().isEmpty()) {
      int n = result.findings().size();
      err.println("leakstop: commit blocked: " + n + (n == 1 ? " secret" : " secrets") + " in staged changes (file:line and redacted secret above).");
      err.println("  A false positive? Add a 'leakstop:allow' comment on its line, allowlist it in .leakstop.yaml"
          + " (allow: stopwords, regexes or paths), or run: leakstop ignore FINGERPRINT --reason \"…\".");
      err.println("  A real secret? Remove it from the staged file (git add), and revoke it: it may already be copied elsewhere.");
      err.flush();
    }
  }

  static Instant parseDate(String text) {
    String t = text.trim();
    try {
      if (t.length() == 10) {
        return LocalDate.parse(t).atStartOfDay(ZoneId.systemDefault()).toInstant();
      }
      if (t.endsWith("Z") || t.matches(".*[+-]\\d\\d:\\d\\d$")) {
        return OffsetDateTime.parse(t).toInstant();
      }
      return LocalDateTime.parse(t).atZone(ZoneId.systemDefault()).toInstant();
    } catch (DateTimeParseException e) {
      throw new Main.UsageError("--since: '" + text + "' is not a date (use 2024-01-31 or 2024-01-31T12:00:00Z)");
    }
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
        err.print(String.format(Locale.ROOT, "\rleakstop: %d/%d blobs, %.1f MB/s\u001b[K", done, total, bytes / 1e6 / seconds));
      }
      err.flush();
    }
  }
}
