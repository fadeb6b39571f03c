package io.leakstop.git;

import io.leakstop.source.FileSource;
import io.leakstop.source.Fragment;
import io.leakstop.source.FragmentSink;
import io.leakstop.source.OutOfMemory;
import io.leakstop.source.Utf16;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;

/**
 * The working tree's uncommitted changes: files modified, added or untracked (not ignored), read
 * from disk and reported by path without a commit. Content identical to a blob already scanned in
 * history is not scanned again.
 */
final class WorktreeChanges {
  private WorktreeChanges() {}

  static void feed(Repository repo, Predicate<ObjectId> inHistory, HistoryOptions options, FragmentSink sink)
      throws IOException {
    Status status;
    try {
      status = Git.wrap(repo).status().call();
    } catch (GitAPIException | RuntimeException e) {
      sink.failed("working tree", "cannot compare with the index: " + BlobReader.problem(e));
      return;
    }
    TreeSet<String> changed = new TreeSet<>();
    changed.addAll(status.getModified());
    changed.addAll(status.getChanged());
    changed.addAll(status.getAdded());
    changed.addAll(status.getUntracked());
    changed.addAll(status.getConflicting());
    Path root = repo.getWorkTree().toPath();
    try (ObjectInserter.Formatter hasher = new ObjectInserter.Formatter()) {
      for (String name : changed) {
        Path file = root.resolve(name);
        if (options.excludes().excludes(name) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
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
}
