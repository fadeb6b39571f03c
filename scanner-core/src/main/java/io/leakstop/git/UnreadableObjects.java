package io.leakstop.git;

import io.leakstop.source.FragmentSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * The commits and trees of a history scan that cannot be read (missing, or damaged in a pack or a
 * loose object), each reported once, by id, to the sink. Through {@link #tolerant} the walk reads
 * such a commit as one without parents or files, and a diff reads such a tree as an empty one: so
 * the walk goes on to every other branch and commit, a child of an unreadable commit or tree still
 * has its own new blobs scanned (all its files count as new then), and the error names the object
 * that is damaged, not the commit that met it.
 */
final class UnreadableObjects {
  private static final ObjectId EMPTY_TREE =
      ObjectId.fromString("4b825dc642cb6eb9a060e54bf8d69288fbee4904");

  private final FragmentSink sink;
  private final Set<ObjectId> reported = ConcurrentHashMap.newKeySet();

  UnreadableObjects(FragmentSink sink) {
    this.sink = sink;
  }

  /** Reports {@code id} unless it was already; {@code where} names it. */
  void report(AnyObjectId id, String where, String problem) {
    if (reported.add(id.copy())) {
      sink.failed(where, problem);
    }
  }

  /** Whether any object was reported unreadable. */
  boolean any() {
    return !reported.isEmpty();
  }

  /**
   * A reader over {@code reader} (not closed with it) that stands in for unreadable commits and
   * trees as described above.
   */
  Tolerant tolerant(ObjectReader reader) {
    return new Tolerant(reader);
  }

  final class Tolerant extends ObjectReader.Filter {
    private final ObjectReader delegate;
    private ObjectId commit;
    private ObjectId tree;
    private List<ObjectId> parents = List.of();
    private List<ObjectId> parentTrees = List.of();

    private Tolerant(ObjectReader delegate) {
      this.delegate = delegate;
    }

    /**
     * The commit diffed next, its tree, and its parents and their trees (same order), so that a
     * report names the commit an unreadable top-level tree belongs to.
     */
    void diffing(
        ObjectId commit, ObjectId tree, List<ObjectId> parents, List<ObjectId> parentTrees) {
      this.commit = commit;
      this.tree = tree;
      this.parents = parents;
      this.parentTrees = parentTrees;
    }

    private String owner(AnyObjectId id) {
      if (id.equals(tree)) {
        return " of commit " + commit.name();
      }
      int i = parentTrees.indexOf(id);
      return i < 0 ? "" : " of commit " + parents.get(i).name();
    }

    @Override
    protected ObjectReader delegate() {
      return delegate;
    }

    @Override
    public ObjectLoader open(AnyObjectId id) throws IOException {
      return open(id, OBJ_ANY);
    }

    @Override
    public ObjectLoader open(AnyObjectId id, int typeHint) throws IOException {
      try {
        return delegate.open(id, typeHint);
      } catch (IOException | RuntimeException e) {
        if (typeHint == Constants.OBJ_TREE) {
          if (!EMPTY_TREE.equals(id)) {
            report(
                id,
                "tree " + id.name() + owner(id),
                "cannot read: "
                    + BlobReader.problem(e)
                    + "; read as empty, so the files under it were not scanned there");
          }
          return new ObjectLoader.SmallObject(Constants.OBJ_TREE, new byte[0]);
        }
        if (typeHint == Constants.OBJ_COMMIT) {
          report(
              id,
              "commit " + id.name(),
              "cannot read: "
                  + BlobReader.problem(e)
                  + "; the history behind it was not walked, and its children's files all count as new");
          return new ObjectLoader.SmallObject(Constants.OBJ_COMMIT, placeholder());
        }
        throw e;
      }
    }

    /** The stand-in never closes the reader it reads through. */
    @Override
    public void close() {}
  }

  /**
   * A commit without parents whose tree is empty, dated now so that a {@code --since} walk, which
   * stops at the first commit older than its date, goes past it.
   */
  private static byte[] placeholder() {
    long now = System.currentTimeMillis() / 1000;
    String person = "unreadable <> " + now + " +0000\n";
    return ("tree " + EMPTY_TREE.name() + "\nauthor " + person + "committer " + person + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }
}
