package io.leakstop.git;

import io.leakstop.rules.Config;
import io.leakstop.rules.ConfigException;
import io.leakstop.source.PathFilter;
import java.time.Instant;
import java.util.List;

/**
 * What part of a repository's history {@link GitHistorySource} scans.
 *
 * @param refs revisions to scan from (ref names such as {@code main} or {@code refs/tags/v1}, or
 *     commit ids); empty means every ref: branches, tags, remote-tracking refs, stash, notes and
 *     HEAD
 * @param excluded revisions whose history is left out: everything reachable from them is treated as
 *     already scanned. {@code A..B} is {@code refs=[B], excluded=[A]}; a scheduled sweep passes the
 *     tips it stored last time ({@link GitHistorySource#tips()})
 * @param since only commits committed after this instant, or null for all
 * @param worktree also scan uncommitted changes in the working tree (ignored for bare repositories)
 * @param excludes paths never scanned nor reported
 * @param maxBlobSize blobs larger than this are skipped and counted as too large
 * @param threads threads for tree diffs and blob scanning
 * @param progress told how far the blob scan got; {@link Progress#NONE} for silence
 * @param objectReading how objects are read: leakstop's pack reader (the default), or JGit's public
 *     reader alone ({@code LEAKSTOP_OBJECT_READER=jgit}); null for what the environment says
 */
public record HistoryOptions(
    List<String> refs,
    List<String> excluded,
    Instant since,
    boolean worktree,
    PathFilter excludes,
    long maxBlobSize,
    int threads,
    Progress progress,
    ObjectReading objectReading) {

  public HistoryOptions {
    objectReading = objectReading == null ? ObjectReading.fromEnvironment() : objectReading;
    refs = List.copyOf(refs);
    excluded = List.copyOf(excluded);
    excludes = excludes == null ? PathFilter.NONE : excludes;
    progress = progress == null ? Progress.NONE : progress;
    threads = Math.max(1, threads);
  }

  /** As the canonical constructor, objects read as {@code LEAKSTOP_OBJECT_READER} says. */
  public HistoryOptions(
      List<String> refs,
      List<String> excluded,
      Instant since,
      boolean worktree,
      PathFilter excludes,
      long maxBlobSize,
      int threads,
      Progress progress) {
    this(refs, excluded, since, worktree, excludes, maxBlobSize, threads, progress, null);
  }

  /** Every ref plus the working tree, with the config's excludes and size limit. */
  public static HistoryOptions of(Config config, int threads) {
    return new HistoryOptions(
        List.of(),
        List.of(),
        null,
        true,
        new PathFilter(config.excludes()),
        config.maxFileSize(),
        threads,
        Progress.NONE);
  }

  public HistoryOptions withRefs(List<String> scanFrom, List<String> leaveOut) {
    return new HistoryOptions(
        scanFrom,
        leaveOut,
        since,
        worktree,
        excludes,
        maxBlobSize,
        threads,
        progress,
        objectReading);
  }

  public HistoryOptions withSince(Instant after) {
    return new HistoryOptions(
        refs, excluded, after, worktree, excludes, maxBlobSize, threads, progress, objectReading);
  }

  public HistoryOptions withWorktree(boolean scanWorktree) {
    return new HistoryOptions(
        refs,
        excluded,
        since,
        scanWorktree,
        excludes,
        maxBlobSize,
        threads,
        progress,
        objectReading);
  }

  public HistoryOptions withProgress(Progress listener) {
    return new HistoryOptions(
        refs, excluded, since, worktree, excludes, maxBlobSize, threads, listener, objectReading);
  }

  public HistoryOptions withObjectReading(ObjectReading reading) {
    return new HistoryOptions(
        refs, excluded, since, worktree, excludes, maxBlobSize, threads, progress, reading);
  }

  /**
   * How a history scan reads objects. Both give the same findings; {@link #JGIT} is the way back
   * should a JGit upgrade break the pack reader, which leans on JGit's internal classes (see {@link
   * JGitPackFiles}), or should the pack reader be suspected of a wrong answer.
   */
  public enum ObjectReading {
    /**
     * leakstop reads the pack files itself (a shared cache of rebuilt delta chains, binary blobs
     * inflated only as far as it takes to tell), and asks JGit for the rest: loose objects,
     * alternates, objects over 64 MiB.
     */
    PACKS,
    /** JGit's public {@code ObjectReader} reads every object. */
    JGIT;

    /**
     * The variable that chooses: {@code jgit}, or {@code packs} (the default when unset or empty).
     */
    public static final String VARIABLE = "LEAKSTOP_OBJECT_READER";

    static ObjectReading fromEnvironment() {
      return parse(System.getenv(VARIABLE));
    }

    static ObjectReading parse(String value) {
      if (value == null || value.isBlank() || value.strip().equalsIgnoreCase("packs")) {
        return PACKS;
      }
      if (value.strip().equalsIgnoreCase("jgit")) {
        return JGIT;
      }
      throw new ConfigException(
          VARIABLE, 0, "'" + value.strip() + "' is not an object reader (packs or jgit)");
    }
  }

  /** Hears how far a scan got; called from scanning threads, at most a few times a second. */
  @FunctionalInterface
  public interface Progress {
    Progress NONE = (done, total, bytes) -> {};

    void update(long blobsDone, long blobsTotal, long bytesDone);
  }
}
