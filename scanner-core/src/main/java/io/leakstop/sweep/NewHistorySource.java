package io.leakstop.sweep;

import io.leakstop.finding.CommitInfo;
import io.leakstop.finding.Location;
import io.leakstop.scan.ScanResult;
import io.leakstop.source.Binary;
import io.leakstop.source.Fragment;
import io.leakstop.source.FragmentSink;
import io.leakstop.source.Source;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The blobs introduced by commits reachable from the refs but not from tips already scanned, each
 * scanned once and attributed to every commit and path that introduced it. Interim: the sweep's
 * own history walk until the git-history source (issue 3) lands, when it is replaced by it.
 */
final class NewHistorySource implements Source {
  private final Repository repository;
  private final String name;
  private final Set<ObjectId> scanned;
  private final long maxFileSize;
  private final Set<ObjectId> tips = new LinkedHashSet<>();

  NewHistorySource(Repository repository, String name, Set<ObjectId> scanned, long maxFileSize) {
    this.repository = repository;
    this.name = name;
    this.scanned = Set.copyOf(scanned);
    this.maxFileSize = maxFileSize;
  }

  static HistoryScan scan(long maxFileSize) {
    return (scanner, folder, name, scanned) -> {
      try (Repository repository = MirrorCache.openMirror(folder)) {
        Set<ObjectId> ids = new LinkedHashSet<>();
        scanned.forEach(id -> ids.add(ObjectId.fromString(id)));
        NewHistorySource source = new NewHistorySource(repository, name, ids, maxFileSize);
        ScanResult result = scanner.scan(source);
        Set<String> tips = new LinkedHashSet<>();
        source.tips.forEach(id -> tips.add(id.name()));
        return new HistoryScan.Result(result, tips);
      }
    };
  }

  @Override
  public String describe() {
    return name;
  }

  @Override
  public void feed(FragmentSink sink) throws IOException {
    Map<ObjectId, List<Location>> introduced = new LinkedHashMap<>();
    try (RevWalk walk = new RevWalk(repository); ObjectReader reader = repository.newObjectReader()) {
      for (Ref ref : repository.getRefDatabase().getRefs()) {
        ObjectId id = ref.getPeeledObjectId() != null ? ref.getPeeledObjectId() : ref.getObjectId();
        if (id == null) {
          continue;
        }
        RevObject object = walk.peel(walk.parseAny(id));
        if (object instanceof RevCommit commit) {
          walk.markStart(commit);
          tips.add(commit.copy());
        }
      }
      for (ObjectId done : scanned) {
        walk.markUninteresting(walk.parseCommit(done));
      }
      for (RevCommit commit : walk) {
        collect(reader, commit, introduced);
      }
      for (Map.Entry<ObjectId, List<Location>> blob : introduced.entrySet()) {
        deliver(reader, blob.getKey(), blob.getValue(), sink);
      }
    }
  }

  private void collect(ObjectReader reader, RevCommit commit, Map<ObjectId, List<Location>> introduced) throws IOException {
    try (TreeWalk tree = new TreeWalk(reader)) {
      tree.setRecursive(true);
      tree.addTree(commit.getTree());
      for (RevCommit parent : commit.getParents()) {
        tree.addTree(parent.getTree());
      }
      CommitInfo info = null;
      while (tree.next()) {
        if (tree.getFileMode(0).getObjectType() != Constants.OBJ_BLOB || tree.getFileMode(0) == FileMode.GITLINK) {
          continue;
        }
        ObjectId blob = tree.getObjectId(0);
        boolean inParent = false;
        for (int p = 1; p < tree.getTreeCount(); p++) {
          inParent |= blob.equals(tree.getObjectId(p));
        }
        if (inParent) {
          continue;
        }
        if (info == null) {
          info = new CommitInfo(commit.name(), commit.getAuthorIdent().getName(), commit.getAuthorIdent().getEmailAddress(),
              commit.getAuthorIdent().getWhenAsInstant(), commit.getShortMessage());
        }
        introduced.computeIfAbsent(blob.copy(), b -> new ArrayList<>()).add(new Location(tree.getPathString(), 0, 0, blob.name(), info));
      }
    }
  }

  private void deliver(ObjectReader reader, ObjectId blob, List<Location> where, FragmentSink sink) {
    String path = where.get(0).path();
    try {
      ObjectLoader loader = reader.open(blob, Constants.OBJ_BLOB);
      if (loader.getSize() > maxFileSize) {
        sink.skipped(path + "@" + blob.abbreviate(8).name(), FragmentSink.SkipReason.TOO_LARGE);
        return;
      }
      byte[] bytes = loader.getCachedBytes();
      if (Binary.isBinary(bytes, bytes.length)) {
        sink.skipped(path, FragmentSink.SkipReason.BINARY);
        return;
      }
      sink.accept(new Fragment(bytes, bytes.length, path, (line, column) ->
          where.stream().map(l -> new Location(l.path(), line, column, l.blobId(), l.commit())).toList()));
    } catch (IOException | RuntimeException e) {
      sink.failed(name + ":" + path + "@" + blob.abbreviate(8).name(), "cannot read blob: " + MirrorCache.oneLine(e));
    }
  }
}
