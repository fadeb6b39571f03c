package io.leakstop.git;

import io.leakstop.finding.CommitInfo;
import io.leakstop.finding.Location;
import io.leakstop.source.Provenance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.internal.storage.file.Pack;
import org.eclipse.jgit.internal.storage.file.PackIndex;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.MutableObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * For every blob of the scanned history, the commits and paths that introduced it. Kept compact
 * (a commit index and an interned path per introduction) because it covers every change in
 * history; commit details are read only for the few commits a finding points at.
 */
final class Introductions {
  /** One blob and where it entered history. */
  static final class Blob {
    final ObjectId id;
    /** Pairs of (commit index, path), appended by diff threads. */
    private final List<Object> entries = new ArrayList<>(2);
    private int firstCommit = Integer.MAX_VALUE;
    /** Where the blob sits in the packs (pack number, offset), for reading in pack order. */
    long packPosition = Long.MAX_VALUE;

    Blob(ObjectId id) {
      this.id = id;
    }

    synchronized void add(int commit, String path) {
      entries.add(commit);
      entries.add(path);
      firstCommit = Math.min(firstCommit, commit);
    }

    synchronized int firstCommit() {
      return firstCommit;
    }

    synchronized List<Intro> intros() {
      List<Intro> out = new ArrayList<>(entries.size() / 2);
      for (int i = 0; i < entries.size(); i += 2) {
        out.add(new Intro((Integer) entries.get(i), (String) entries.get(i + 1)));
      }
      return out;
    }
  }

  record Intro(int commit, String path) {}

  private final List<ObjectId> commits = new ArrayList<>();
  private final ConcurrentHashMap<ObjectId, Blob> blobs = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, String> paths = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Integer, CommitInfo> commitInfos = new ConcurrentHashMap<>();

  /** Registers a walked commit; called from the walking thread only, before its diff runs. */
  synchronized int addCommit(ObjectId id) {
    commits.add(id);
    return commits.size() - 1;
  }

  synchronized ObjectId commit(int index) {
    return commits.get(index);
  }

  synchronized int commitCount() {
    return commits.size();
  }

  void introduce(ObjectId blob, int commit, String path) {
    String interned = paths.putIfAbsent(path, path);
    blobs.computeIfAbsent(blob, Blob::new).add(commit, interned == null ? path : interned);
  }

  boolean contains(ObjectId blob) {
    return blobs.containsKey(blob);
  }

  /**
   * The blobs in the order they sit in the pack files, loose objects last (newest introduction
   * first). Reading in pack order inflates each delta base once and finds it in the delta base cache
   * for the deltas that follow, as {@code git cat-file --unordered} does; in any other order JGit
   * inflates the same delta chains again and again.
   */
  List<Blob> blobsInScanOrder(Repository repo) {
    if (repo.getObjectDatabase() instanceof ObjectDirectory directory) {
      MutableObjectId id = new MutableObjectId();
      long packNumber = 0;
      for (Pack pack : directory.getPacks()) {
        try {
          for (PackIndex.MutableEntry entry : pack) {
            entry.copyOidTo(id);
            Blob blob = blobs.get(id);
            if (blob != null && blob.packPosition == Long.MAX_VALUE) {
              blob.packPosition = (packNumber << 44) | entry.getOffset();
            }
          }
        } catch (RuntimeException e) {
          // An unreadable pack index only costs speed here; reading the blob reports the problem.
        }
        packNumber++;
      }
    }
    List<Blob> all = new ArrayList<>(blobs.values());
    all.sort(Comparator.comparingLong((Blob b) -> b.packPosition).thenComparingInt(Blob::firstCommit));
    return all;
  }

  /**
   * Where a position in {@code blob} is found in history: one location per introduction, ordered by
   * path and then commit. Commit details are read with {@code reader} and cached.
   */
  Provenance provenance(Blob blob, ObjectReader reader) {
    return (line, column) -> {
      List<Location> out = new ArrayList<>();
      for (Intro intro : blob.intros()) {
        out.add(new Location(intro.path(), line, column, blob.id.name(), commitInfo(intro.commit(), reader)));
      }
      out.sort(Comparator.comparing(Location::path).thenComparing(l -> l.commit().id()));
      return out;
    };
  }

  private CommitInfo commitInfo(int index, ObjectReader reader) {
    return commitInfos.computeIfAbsent(index, i -> readCommit(commit(i), reader));
  }

  static CommitInfo readCommit(ObjectId id, ObjectReader reader) {
    try {
      RevCommit c = RevCommit.parse(reader.open(id, Constants.OBJ_COMMIT).getCachedBytes());
      PersonIdent author = c.getAuthorIdent();
      return new CommitInfo(id.name(), author.getName(), author.getEmailAddress(), author.getWhenAsInstant(), c.getShortMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("commit " + id.name() + ": " + e.getMessage(), e);
    }
  }
}
