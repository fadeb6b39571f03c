package io.leakstop.git;

import io.leakstop.source.Fragment;
import io.leakstop.source.FragmentSink;
import io.leakstop.source.Location;
import io.leakstop.source.OutOfMemory;
import io.leakstop.source.PathFilter;
import io.leakstop.source.Source;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * What a commit made now would add: the files staged in the index that differ from HEAD, with the
 * content and line numbers of the staged version (not the working-tree file). Files deleted in the
 * index are left out; so are unmerged entries, which cannot be committed. Each staged file is also
 * named to {@link FragmentSink#file}, binary ones too, for rules that flag files by path.
 */
public final class StagedSource implements Source {
  private final Path path;
  private final PathFilter excludes;
  private final long maxFileSize;

  public StagedSource(Path path, PathFilter excludes, long maxFileSize) {
    this.path = path;
    this.excludes = excludes;
    this.maxFileSize = maxFileSize;
  }

  @Override
  public String describe() {
    return "staged changes in " + path;
  }

  @Override
  public void feed(FragmentSink sink) throws IOException {
    try (Repository repo = GitRepositories.open(path);
        ObjectReader reader = repo.newObjectReader();
        TreeWalk tw = new TreeWalk(repo, reader)) {
      if (repo.isBare()) {
        throw new IOException(path + " is a bare repository: it has no index to scan");
      }
      DirCache index = repo.readDirCache();
      int indexTree = tw.addTree(new DirCacheIterator(index));
      ObjectId head = repo.resolve(Constants.HEAD + "^{tree}");
      if (head != null) {
        try (RevWalk walk = new RevWalk(reader)) {
          tw.addTree(walk.parseTree(head));
        }
      }
      tw.setRecursive(true);
      tw.setFilter(head == null ? TreeFilter.ALL : TreeFilter.ANY_DIFF);
      while (tw.next()) {
        DirCacheIterator entry = tw.getTree(indexTree, DirCacheIterator.class);
        if (entry == null
            || (tw.getRawMode(indexTree) & FileMode.TYPE_MASK) != FileMode.TYPE_FILE) {
          continue;
        }
        DirCacheEntry staged = entry.getDirCacheEntry();
        String name = tw.getPathString();
        if (staged == null
            || staged.getStage() != DirCacheEntry.STAGE_0
            || excludes.excludes(name)) {
          continue;
        }
        ObjectId blob = staged.getObjectId();
        String id = blob.name();
        sink.file(name, (line, column) -> List.of(new Location(name, line, column, id, null)));
        try {
          byte[] bytes = BlobReader.read(reader, blob, name, maxFileSize, sink);
          if (bytes != null) {
            sink.accept(
                new Fragment(
                    bytes,
                    bytes.length,
                    name,
                    (line, column) -> List.of(new Location(name, line, column, id, null))));
          }
        } catch (OutOfMemoryError e) {
          sink.failed(name, OutOfMemory.problem(staged.getLength()));
        }
      }
    }
  }
}
