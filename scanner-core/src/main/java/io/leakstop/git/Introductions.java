package io.leakstop.git;

import io.leakstop.source.CommitInfo;
import io.leakstop.source.Location;
import io.leakstop.source.Provenance;
import io.leakstop.source.Utf16;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * For every blob of the scanned history, the commits and paths that introduced it. Kept compact (a
 * commit index and an interned path per introduction) because it covers every change in history;
 * commit details are read only for the few commits a finding points at.
 */
final class Introductions {
  /** One blob and where it entered history. */
  static final class Blob {
    final ObjectId id;

    /** Where it was introduced, appended by diff threads. */
    private final List<Intro> intros = new ArrayList<>(2);

    private int firstCommit = Integer.MAX_VALUE;

    /**
     * Where the blob sits in the packs, for reading in pack order (see {@link #blobsInScanOrder}).
     */
    final long packPosition;

    Blob(ObjectId id, long packPosition) {
      this.id = id;
      this.packPosition = packPosition;
    }

    synchronized void add(int commit, String path, ObjectId[] before) {
      intros.add(new Intro(commit, path, before.length == 0 ? NONE : before));
      firstCommit = Math.min(firstCommit, commit);
    }

    synchronized int firstCommit() {
      return firstCommit;
    }

    /**
     * In walk order (newest commit first), a commit's own in the order its diff found them: the
     * same whichever thread recorded which first, and whether a merge's were recorded during the
     * walk or after it.
     */
    synchronized List<Intro> intros() {
      List<Intro> out = new ArrayList<>(intros);
      out.sort(Comparator.comparingInt(Intro::commit));
      return List.copyOf(out);
    }
  }

  /**
   * A commit that put a blob at a path, and the blobs its parents had at that path (a
   * modification).
   */
  record Intro(int commit, String path, ObjectId[] before) {}

  private static final ObjectId[] NONE = {};

  private final List<ObjectId> commits = new ArrayList<>();

  /**
   * Sized for a few thousand blobs and paths from the start: each time a concurrent map grows it
   * moves every entry, in code that runs too rarely for the JIT to compile it, and that growing was
   * the top interpreted frame of the bench repository's walk.
   */
  private final ConcurrentHashMap<ObjectId, Blob> blobs = new ConcurrentHashMap<>(8192);

  private final ConcurrentHashMap<String, String> paths = new ConcurrentHashMap<>(2048);
  private final ConcurrentHashMap<Integer, CommitInfo> commitInfos = new ConcurrentHashMap<>();
  private final ToLongFunction<AnyObjectId> packPosition;

  /**
   * @param packPosition where a blob sits in the packs, as a number that sorts in pack order;
   *     Long.MAX_VALUE for a blob in none
   */
  Introductions(ToLongFunction<AnyObjectId> packPosition) {
    this.packPosition = packPosition;
  }

  /** Registers a walked commit; called from the walking thread only, before its diff runs. */
  synchronized int addCommit(ObjectId id) {
    commits.add(id);
    return commits.size() - 1;
  }

  synchronized ObjectId commit(int index) {
    return commits.get(index);
  }

  void introduce(ObjectId blob, int commit, String path, ObjectId[] before) {
    String interned = paths.putIfAbsent(path, path);
    blobs
        .computeIfAbsent(blob, id -> new Blob(id, packPosition.applyAsLong(id)))
        .add(commit, interned == null ? path : interned, before);
  }

  boolean contains(ObjectId blob) {
    return blobs.containsKey(blob);
  }

  /**
   * The blobs in the order they sit in the pack files, loose objects last (newest introduction
   * first). Reading in pack order inflates each delta base once and finds it kept for the deltas
   * that follow, as {@code git cat-file --unordered} does; in any other order the same delta chains
   * are inflated again and again. Each blob was placed as the walk first met it, on the walk's
   * threads.
   */
  List<Blob> blobsInScanOrder() {
    Blob[] all = blobs.values().toArray(new Blob[0]);
    // Compared field by field: the walk is over (its tasks were waited for), and a chain of
    // comparator lambdas through a synchronized getter was a visible share of a scan's profile.
    Arrays.sort(all, Introductions::inScanOrder);
    return Arrays.asList(all);
  }

  private static int inScanOrder(Blob a, Blob b) {
    int byPosition = Long.compare(a.packPosition, b.packPosition);
    return byPosition != 0 ? byPosition : Integer.compare(a.firstCommit, b.firstCommit);
  }

  /**
   * Where a position in {@code blob} is found in history: one location per introduction, ordered by
   * path and then commit. Given the secret, an introduction whose parent already had the secret in
   * the file at that path is left out: the commit edited around it, the secret entered earlier.
   * Commit details are read with {@code reader} and cached.
   */
  Provenance provenance(Blob blob, ObjectReader reader, long maxBlobSize) {
    return new Provenance() {
      @Override
      public List<Location> locate(int line, int column) {
        return locate(line, column, null);
      }

      @Override
      public List<Location> locate(int line, int column, String secret) {
        List<Location> out = new ArrayList<>();
        for (Intro intro : blob.intros()) {
          if (secret != null && anyContains(intro.before(), secret, reader, maxBlobSize)) {
            continue;
          }
          out.add(
              new Location(
                  intro.path(), line, column, blob.id.name(), commitInfo(intro.commit(), reader)));
        }
        out.sort(Comparator.comparing(Location::path).thenComparing(l -> l.commit().id()));
        return out;
      }
    };
  }

  /**
   * Where the file that {@code intro} put at its path is: that path, the blob and the commit,
   * whatever the secret (a rule that flags files by path finds the file itself).
   */
  Provenance provenance(Blob blob, Intro intro, ObjectReader reader) {
    return (line, column) ->
        List.of(
            new Location(
                intro.path(), line, column, blob.id.name(), commitInfo(intro.commit(), reader)));
  }

  private static boolean anyContains(
      ObjectId[] blobs, String secret, ObjectReader reader, long maxBlobSize) {
    byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
    for (ObjectId id : blobs) {
      try {
        ObjectLoader loader = reader.open(id, Constants.OBJ_BLOB);
        if (loader.getSize() <= maxBlobSize
            && indexOf(Utf16.asUtf8(loader.getCachedBytes()), needle) >= 0) {
          return true;
        }
      } catch (IOException | RuntimeException e) {
        // Unreadable: it is reported when scanned itself; here the location is kept.
      }
    }
    return false;
  }

  /**
   * Horspool's search: a secret is tens of bytes long, so most steps skip that far. Every later
   * version of a file that holds a secret is searched here for it, in the parent's version.
   */
  static int indexOf(byte[] data, byte[] needle) {
    int m = needle.length;
    if (m == 0) {
      return 0;
    }
    int[] skip = new int[256];
    Arrays.fill(skip, m);
    for (int i = 0; i < m - 1; i++) {
      skip[needle[i] & 0xff] = m - 1 - i;
    }
    byte last = needle[m - 1];
    for (int at = 0; at <= data.length - m; at += skip[data[at + m - 1] & 0xff]) {
      if (data[at + m - 1] == last && Arrays.equals(data, at, at + m - 1, needle, 0, m - 1)) {
        return at;
      }
    }
    return -1;
  }

  private CommitInfo commitInfo(int index, ObjectReader reader) {
    return commitInfos.computeIfAbsent(index, i -> readCommit(commit(i), reader));
  }

  /**
   * Parsed through a walk, which takes the id as given: {@code RevCommit.parse(bytes)} hashes the
   * bytes to find it, with JGit's collision-detecting SHA-1, which the JIT then compiled.
   */
  static CommitInfo readCommit(ObjectId id, ObjectReader reader) {
    try (RevWalk walk = new RevWalk(reader)) {
      RevCommit c = walk.parseCommit(id);
      PersonIdent author = c.getAuthorIdent();
      return new CommitInfo(
          id.name(),
          author.getName(),
          author.getEmailAddress(),
          author.getWhenAsInstant(),
          c.getShortMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("commit " + id.name() + ": " + e.getMessage(), e);
    }
  }
}
