package io.leakstop.git;

import io.leakstop.source.FileSource;
import io.leakstop.source.Fragment;
import io.leakstop.source.FragmentSink;
import io.leakstop.source.OutOfMemory;
import io.leakstop.source.Provenance;
import io.leakstop.source.Utf16;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.WorkingTreeIterator;

/**
 * The working tree's uncommitted changes: files modified, added or untracked (not ignored), read
 * from disk and reported by path without a commit. Content identical to a blob already scanned in
 * history is not scanned again.
 */
final class WorktreeChanges {
  private WorktreeChanges() {}

  static void feed(
      Repository repo, Predicate<ObjectId> inHistory, HistoryOptions options, FragmentSink sink)
      throws IOException {
    TreeSet<String> changed = new TreeSet<>();
    try {
      Status status = Git.wrap(repo).status().call();
      changed.addAll(status.getModified());
      changed.addAll(status.getChanged());
      changed.addAll(status.getAdded());
      changed.addAll(status.getUntracked());
      changed.addAll(status.getConflicting());
    } catch (GitAPIException | RuntimeException e) {
      // HEAD's tree (or the index) is unreadable: what history did not hold is still scanned.
      try {
        changed.addAll(filesNotIgnored(repo));
      } catch (IOException | RuntimeException e2) {
        sink.failed(
            "working tree", "cannot compare with HEAD or list its files: " + BlobReader.problem(e));
        return;
      }
      sink.failed(
          "working tree",
          "cannot compare with HEAD: "
              + BlobReader.problem(e)
              + "; each file whose content the readable history does not hold was scanned instead");
    }
    Path root = repo.getWorkTree().toPath();
    try (ObjectInserter.Formatter hasher = new ObjectInserter.Formatter()) {
      for (String name : changed) {
        Path file = root.resolve(name);
        if (options.excludes().excludes(name)
            || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        sink.file(name, Provenance.file(name));
        try {
          byte[] bytes = FileSource.readUnlessBinary(file, name, options.maxBlobSize(), sink);
          if (bytes != null && !inHistory.test(hasher.idFor(Constants.OBJ_BLOB, bytes))) {
            sink.accept(Fragment.of(name, Utf16.asUtf8(bytes)));
          }
        } catch (OutOfMemoryError e) {
          sink.failed(name, OutOfMemory.problem(Files.size(file)));
        }
      }
    }
  }

  /** The working tree's files, tracked or not ignored; ignored folders are not entered. */
  private static List<String> filesNotIgnored(Repository repo) throws IOException {
    List<String> out = new ArrayList<>();
    try (TreeWalk walk = new TreeWalk(repo)) {
      walk.addTree(new DirCacheIterator(repo.readDirCache()));
      walk.addTree(new FileTreeIterator(repo));
      while (walk.next()) {
        WorkingTreeIterator file = walk.getTree(1, WorkingTreeIterator.class);
        if (file == null
            || walk.getTree(0, DirCacheIterator.class) == null && file.isEntryIgnored()) {
          continue;
        }
        if (walk.isSubtree()) {
          walk.enterSubtree();
        } else {
          out.add(walk.getPathString());
        }
      }
    }
    return out;
  }
}
