package io.leakstop.scan;

import io.leakstop.finding.ScanResult;
import io.leakstop.git.GitHistorySource;
import io.leakstop.git.GitRepositories;
import io.leakstop.git.HistoryOptions;
import io.leakstop.git.StagedSource;
import io.leakstop.rules.Config;
import io.leakstop.source.FileSource;
import io.leakstop.source.PathFilter;
import io.leakstop.source.Source;
import io.leakstop.source.StreamSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * What to scan: a git repository's history (the default when the path is one), its staged changes,
 * the files under a path, or standard input; narrowed to a range {@code A..B}, one branch, or
 * commits since a date. Values as the user gave them (dates and ranges are parsed here, so every
 * front end reads them alike); build with {@link #builder()}.
 *
 * @param path what to scan; null for the current folder
 * @param progress told how far a history scan is, or null
 */
public record SourceChoice(
    Path path,
    boolean files,
    boolean stdin,
    boolean staged,
    String range,
    String since,
    String branch,
    boolean noWorktree,
    HistoryOptions.Progress progress) {

  public static Builder builder() {
    return new Builder();
  }

  /** The scanned root, or null for standard input; checks that the choices fit together. */
  public Path root() {
    if (stdin) {
      if (files || path != null || staged || gitOnly() != null) {
        throw new UsageException(
            "--stdin scans standard input; it takes no PATH, --files, --staged or git options");
      }
      return null;
    }
    if (files && (staged || gitOnly() != null)) {
      throw new UsageException(
          "--files scans files on disk; it cannot be combined with --staged or "
              + (staged ? "" : gitOnly()));
    }
    if (staged && gitOnly() != null) {
      throw new UsageException("--staged scans the index; it cannot be combined with " + gitOnly());
    }
    Path root = path == null ? Path.of(".") : path;
    if (!Files.exists(root)) {
      throw new UsageException(root + ": no such file or directory");
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

  /** Opens the source at {@code root} ({@link #root()}), read with {@code threads}. */
  public Source open(Path root, Config settings, int threads, InputStream in) {
    if (root == null) {
      return new StreamSource("<stdin>", in);
    }
    PathFilter excludes = new PathFilter(settings.excludes());
    boolean repository = !files && GitRepositories.isRepository(root);
    if (staged) {
      if (!repository) {
        throw new UsageException("--staged: " + root + " is not the top of a git working tree");
      }
      return new StagedSource(root, excludes, settings.maxFileSize());
    }
    if (!repository) {
      if (gitOnly() != null) {
        throw new UsageException(
            gitOnly()
                + ": "
                + root
                + " is not a git repository (its top folder or a bare repository)");
      }
      return new FileSource(root, excludes, settings.maxFileSize(), threads);
    }
    HistoryOptions options =
        HistoryOptions.of(settings, threads)
            .withWorktree(!noWorktree && range == null && branch == null);
    if (range != null) {
      int dots = range.indexOf("..");
      if (dots < 0 || range.contains("...")) {
        throw new UsageException("--range: expected A..B, got '" + range + "'");
      }
      String from = range.substring(0, dots);
      String to = range.substring(dots + 2);
      options =
          options.withRefs(
              List.of(to.isEmpty() ? "HEAD" : to), from.isEmpty() ? List.of() : List.of(from));
    } else if (branch != null) {
      options = options.withRefs(List.of(branch), List.of());
    }
    if (since != null) {
      options = options.withSince(parseDate(since));
    }
    if (progress != null) {
      options = options.withProgress(progress);
    }
    try {
      return GitHistorySource.open(root, options);
    } catch (IOException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /**
   * What to say after the report of a staged scan with findings (a blocked commit), else nothing.
   */
  public List<String> afterReport(ScanResult result) {
    if (!staged || result.findings().isEmpty()) {
      return List.of();
    }
    int n = result.findings().size();
    return List.of(
        "leakstop: commit blocked: "
            + n
            + (n == 1 ? " secret" : " secrets")
            + " in staged changes (file:line and redacted secret above).",
        "  A false positive? Add a 'leakstop:allow' comment on its line, allowlist it in .leakstop.yaml"
            + " (allow: stopwords, regexes or paths), or run: leakstop ignore FINGERPRINT --reason \"…\".",
        "  A real secret? Remove it from the staged file (git add), and revoke it: it may already be copied elsewhere.");
  }

  /** {@code 2024-01-31} (local midnight), an ISO date-time with offset, or a local date-time. */
  public static Instant parseDate(String text) {
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
      throw new UsageException(
          "--since: '" + text + "' is not a date (use 2024-01-31 or 2024-01-31T12:00:00Z)");
    }
  }

  /** Named setters; unset means the default (current folder, history with the working tree). */
  public static final class Builder {
    private Path path;
    private boolean files;
    private boolean stdin;
    private boolean staged;
    private String range;
    private String since;
    private String branch;
    private boolean noWorktree;
    private HistoryOptions.Progress progress;

    public Builder path(Path value) {
      path = value;
      return this;
    }

    public Builder files(boolean value) {
      files = value;
      return this;
    }

    public Builder stdin(boolean value) {
      stdin = value;
      return this;
    }

    public Builder staged(boolean value) {
      staged = value;
      return this;
    }

    public Builder range(String value) {
      range = value;
      return this;
    }

    public Builder since(String value) {
      since = value;
      return this;
    }

    public Builder branch(String value) {
      branch = value;
      return this;
    }

    public Builder noWorktree(boolean value) {
      noWorktree = value;
      return this;
    }

    public Builder progress(HistoryOptions.Progress value) {
      progress = value;
      return this;
    }

    public SourceChoice build() {
      return new SourceChoice(
          path, files, stdin, staged, range, since, branch, noWorktree, progress);
    }
  }
}
