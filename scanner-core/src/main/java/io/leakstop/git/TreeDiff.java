package io.leakstop.git;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.util.NB;
import org.eclipse.jgit.util.RawParseUtils;

/**
 * Diffs a commit's tree against its parents' trees, over the raw tree objects: the blobs the commit
 * introduced, as JGit's recursive {@code TreeWalk} with {@code TreeFilter.ANY_DIFF} found them
 * (same rows, same answers), at a fraction of its cost. Entries are compared as bytes in the tree
 * objects (names, modes, 20-byte ids) and a path is built only for a blob that was added; a subtree
 * whose id is the same in every tree is skipped without reading it. Each tree is parsed once into a
 * table of entry offsets and kept, most recently used first, up to a number of bytes: a commit's
 * tree is its child's parent tree, diffed just before on the same thread.
 *
 * <p>A merge is diffed against all its parents in one pass. A subtree the merge took unchanged from
 * one parent can hold no added blob (each of its files is in that parent); it is read only when the
 * merge added a blob elsewhere, for the blobs the other parents had there (a rename from one of
 * them is not an introduction). A submodule inside such a subtree is therefore not named at that
 * merge: it was named where it entered that parent's history.
 *
 * <p>Not thread-safe: one per thread.
 */
final class TreeDiff {

  /** What a diff found. */
  interface Changes {
    /**
     * A submodule (a commit in the tree) at {@code path} in the commit's tree, on a changed row.
     */
    void submodule(String path);

    /**
     * The blobs the commit put at paths where no parent had them, each with the blobs the parents
     * had at that path instead; called once, after the whole diff, only if there is one, and only
     * with blobs that no parent had at another path the commit changed (a rename).
     */
    void added(Additions added);
  }

  /**
   * A commit's added blobs, in the order the diff met them: their ids, paths and the blobs the
   * parents had there, as raw bytes in a few arrays rather than an id, a string and an id array per
   * blob, because the walk keeps a merge's additions until it is over and records every other
   * commit's by their bytes.
   */
  static final class Additions {
    private final int size;

    /** Raw ids, {@link #ID} bytes each. */
    private final byte[] ids;

    /** Path bytes, one after the other; path {@code i} ends at {@code pathEnds[i]}. */
    private final byte[] paths;

    private final int[] pathEnds;

    /** Raw ids of the blobs the parents had; addition {@code i}'s end at {@code beforeEnds[i]}. */
    private final byte[] befores;

    private final int[] beforeEnds;

    Additions(
        int size, byte[] ids, byte[] paths, int[] pathEnds, byte[] befores, int[] beforeEnds) {
      this.size = size;
      this.ids = ids;
      this.paths = paths;
      this.pathEnds = pathEnds;
      this.befores = befores;
      this.beforeEnds = beforeEnds;
    }

    int size() {
      return size;
    }

    /** The bytes of all ids: addition {@code i}'s from {@code i * }{@link #ID}. */
    byte[] rawIds() {
      return ids;
    }

    ObjectId blob(int i) {
      return ObjectId.fromRaw(ids, i * ID);
    }

    /** The bytes of all paths: addition {@code i}'s from {@link #pathStart} to {@link #pathEnd}. */
    byte[] rawPaths() {
      return paths;
    }

    int pathStart(int i) {
      return i == 0 ? 0 : pathEnds[i - 1];
    }

    int pathEnd(int i) {
      return pathEnds[i];
    }

    String path(int i) {
      return RawParseUtils.decode(paths, pathStart(i), pathEnd(i));
    }

    /**
     * The bytes of all before ids: addition {@code i}'s are ids {@link #beforeStart} (inclusive) to
     * {@link #beforeEnd}, {@link #ID} bytes each.
     */
    byte[] rawBefores() {
      return befores;
    }

    int beforeStart(int i) {
      return i == 0 ? 0 : beforeEnds[i - 1];
    }

    int beforeEnd(int i) {
      return beforeEnds[i];
    }

    ObjectId[] before(int i) {
      ObjectId[] out = new ObjectId[beforeEnd(i) - beforeStart(i)];
      for (int b = 0; b < out.length; b++) {
        out[b] = ObjectId.fromRaw(befores, (beforeStart(i) + b) * ID);
      }
      return out;
    }
  }

  private static final int ID = Constants.OBJECT_ID_LENGTH;
  private static final Tree EMPTY = new Tree(new byte[ID], new byte[0]);

  private final long cacheLimit;

  /**
   * Parsed trees by the first 8 bytes of their id (each tree holds all 20, compared on a hit): a
   * table of primitive keys, where a map of {@code ObjectId} keys was a tenth of the diff's samples
   * (hashing, probing and unlinking boxed entries).
   */
  private final ObjectCache<Tree> cache;

  private final byte[] scratchId = new byte[ID];

  /**
   * @param cacheBytes how many bytes of tree objects to keep parsed
   */
  TreeDiff(long cacheBytes) {
    this.cacheLimit = cacheBytes;
    this.cache = new ObjectCache<>(Math.max(1, cacheBytes));
  }

  /**
   * A tree object, its id, and per entry known so far its mode, and where its name starts and ends
   * (the id follows). Entries become known as the diff reaches them, parsed or copied from a tree
   * that holds the same bytes there (see {@link #skipIdentical}): a commit's tree is mostly its
   * parent's, and the walk meets the child first, so the parent's entries are mostly the child's,
   * shifted. Parsing every entry of every new version of a large folder was a third of the diff.
   */
  private static final class Tree {
    /** The shortest entry: a one-digit mode, a space, an empty name, its end and an id. */
    private static final int SHORTEST_ENTRY = 3 + ID;

    final byte[] id;
    final byte[] raw;

    /**
     * Mode, name start and name end of each known entry, grown as they become known: a merge's
     * parent trees are mostly stepped over, and zeroing room for all their entries on reading each
     * one cost more than learning the few the diff needs.
     */
    private int[] entries;

    private int count;

    Tree(byte[] id, byte[] raw) {
      this.id = id;
      this.raw = raw;
      this.entries = new int[3 * Math.min(raw.length / SHORTEST_ENTRY + 1, 64)];
    }

    /** Whether the tree has an entry {@code e}, parsing up to it if need be. */
    boolean has(int e) throws CorruptObjectException {
      while (e >= count && parsedEnd() < raw.length) {
        parseNext();
      }
      return e < count;
    }

    /** Offset just past the last entry known: {@code raw.length} once all are. */
    private int parsedEnd() {
      return count == 0 ? 0 : end(count - 1);
    }

    int mode(int e) {
      return entries[3 * e];
    }

    int nameStart(int e) {
      return entries[3 * e + 1];
    }

    int nameEnd(int e) {
      return entries[3 * e + 2];
    }

    /** Offset of the entry's object id in {@link #raw}. */
    int id(int e) {
      return entries[3 * e + 2] + 1;
    }

    /** Offset of the entry's first byte (its mode) in {@link #raw}. */
    int start(int e) {
      return e == 0 ? 0 : end(e - 1);
    }

    /** Offset just past the entry's last byte. */
    int end(int e) {
      return entries[3 * e + 2] + 1 + ID;
    }

    boolean isTree(int e) {
      return (mode(e) & FileMode.TYPE_MASK) == FileMode.TYPE_TREE;
    }

    private void parseNext() throws CorruptObjectException {
      int i = parsedEnd();
      int mode = 0;
      int c;
      while (i < raw.length && (c = raw[i]) != ' ') {
        if (c < '0' || c > '7') {
          throw new CorruptObjectException(ObjectId.fromRaw(id), "invalid mode in tree entry");
        }
        mode = (mode << 3) + (c - '0');
        i++;
      }
      int nameStart = ++i;
      while (i < raw.length && raw[i] != 0) {
        i++;
      }
      if (i + 1 + ID > raw.length) {
        throw new CorruptObjectException(ObjectId.fromRaw(id), "tree entry cut short");
      }
      room(1);
      int at = 3 * count++;
      entries[at] = mode;
      entries[at + 1] = nameStart;
      entries[at + 2] = i;
    }

    /** Makes room for {@code more} entries beyond those known, never beyond what the bytes hold. */
    private void room(int more) {
      if (3 * (count + more) > entries.length) {
        int most = raw.length / SHORTEST_ENTRY + 1;
        entries = Arrays.copyOf(entries, 3 * Math.min(most, Math.max(count + more, 2 * count)));
      }
    }

    /**
     * Knows the entries from {@code e} on that {@code other} knows from {@code otherEntry} on, up
     * to (not including) {@code otherThrough}, where both hold the same bytes: this tree's from the
     * start of entry {@code e}, {@code other}'s from that of {@code otherEntry}. Entries this tree
     * already knows are kept.
     */
    void learn(int e, Tree other, int otherEntry, int otherThrough) {
      if (count < e) {
        return;
      }
      int o = otherEntry + (count - e);
      if (o >= otherThrough) {
        return;
      }
      int shift = start(e) - other.start(otherEntry);
      int n = otherThrough - o;
      room(n);
      System.arraycopy(other.entries, 3 * o, entries, 3 * count, 3 * n);
      if (shift != 0) {
        for (int i = 3 * count + 1, last = 3 * (count + n); i < last; i += 3) {
          entries[i] += shift;
          entries[i + 1] += shift;
        }
      }
      count += n;
    }

    /**
     * Makes the entries from {@code e} on that end at or before {@code offset} known, taking them
     * from {@code other}'s known ones where it holds the same bytes from the start of its entry
     * {@code otherEntry} as this tree from that of {@code e}, up to {@code offset}; answers the
     * index after the last of them.
     */
    int entriesEndingBy(int e, int offset, Tree other, int otherEntry)
        throws CorruptObjectException {
      if (parsedEnd() < offset && count >= e) {
        int otherEnd = offset - start(e) + other.start(otherEntry);
        learn(e, other, otherEntry, other.endingBy(otherEntry + (count - e), otherEnd));
      }
      while (parsedEnd() < offset) {
        parseNext();
      }
      return endingBy(e, offset);
    }

    /**
     * The index after the last known entry from {@code e} on that ends at or before {@code offset}.
     */
    private int endingBy(int e, int offset) {
      // Galloping from e: the run ends a few entries on as often as at the end of the tree.
      int lo = e;
      int step = 1;
      while (lo + step < count && end(lo + step - 1) <= offset) {
        lo += step;
        step <<= 1;
      }
      int hi = Math.min(count, lo + step);
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (end(mid) <= offset) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }
  }

  /** The state of one commit's diff. */
  private final class Walk {
    final ObjectReader reader;
    final Changes changes;
    final int parents;

    /** How many blobs were found added, their raw ids, and their paths' bytes and ends. */
    int added;

    byte[] addedIds = new byte[8 * ID];
    byte[] addedPaths = new byte[512];
    int[] addedPathEnds = new int[8];

    /** Per added blob, where its row's ids in {@link #leftBehind} start and end. */
    int[] addedBefore = new int[2 * 8];

    /**
     * The raw ids of the blobs the parents had at rows where the commit has something else: a blob
     * added elsewhere that is one of them was moved, not introduced. Looked through only when the
     * commit added a blob: a hash set filled for every changed row of every commit cost more than
     * the rest of the row's work.
     */
    byte[] leftBehind = new byte[8 * ID];

    int leftBehindCount;

    /**
     * Subtrees taken unchanged from a parent: their ids (per tree of the diff, null: none) and
     * paths.
     */
    final List<ObjectId[]> deferred = new ArrayList<>();

    final List<byte[]> deferredPaths = new ArrayList<>();

    /**
     * Paths of the submodules met on changed rows, named to {@link #changes} once the diff is done.
     */
    final List<String> submodules = new ArrayList<>();

    /**
     * Whether this pass only looks for a blob the merge added (see {@link #skipFromAParent}): rows
     * the commit has as one of its parents has them are stepped over without noting what the other
     * parents had there.
     */
    final boolean onlyAdditions;

    byte[] path = new byte[256];

    Walk(ObjectReader reader, Changes changes, int parents, boolean onlyAdditions) {
      this.reader = reader;
      this.changes = changes;
      this.parents = parents;
      this.onlyAdditions = onlyAdditions;
    }

    void leaveBehind(byte[] raw, int idOffset) {
      if ((leftBehindCount + 1) * ID > leftBehind.length) {
        leftBehind = Arrays.copyOf(leftBehind, leftBehind.length * 2);
      }
      System.arraycopy(raw, idOffset, leftBehind, leftBehindCount++ * ID, ID);
    }

    /**
     * Notes the blob at {@code idOffset} in {@code raw} added at {@code path[0, length)}, the
     * parents' blobs there being those left behind from {@code beforeFrom} on.
     */
    void add(byte[] raw, int idOffset, int length, int beforeFrom) {
      if ((added + 1) * ID > addedIds.length) {
        addedIds = Arrays.copyOf(addedIds, addedIds.length * 2);
        addedPathEnds = Arrays.copyOf(addedPathEnds, addedPathEnds.length * 2);
        addedBefore = Arrays.copyOf(addedBefore, addedBefore.length * 2);
      }
      System.arraycopy(raw, idOffset, addedIds, added * ID, ID);
      int from = added == 0 ? 0 : addedPathEnds[added - 1];
      if (from + length > addedPaths.length) {
        addedPaths = Arrays.copyOf(addedPaths, Math.max(from + length, addedPaths.length * 2));
      }
      System.arraycopy(path, 0, addedPaths, from, length);
      addedPathEnds[added] = from + length;
      addedBefore[2 * added] = beforeFrom;
      addedBefore[2 * added + 1] = leftBehindCount;
      added++;
    }

    /**
     * The blobs added that are none of those left behind, or null if none is; {@code leftBehind} is
     * looked through directly when short, else through its ids' first bytes, sorted.
     */
    Additions additions() {
      if (added == 0) {
        return null;
      }
      long[] keys = null;
      if (leftBehindCount > 8) {
        keys = new long[leftBehindCount];
        for (int i = 0; i < leftBehindCount; i++) {
          keys[i] = NB.decodeInt64(leftBehind, i * ID);
        }
        Arrays.sort(keys);
      }
      boolean[] moved = new boolean[added];
      int kept = 0;
      int keptPathBytes = 0;
      int keptBefores = 0;
      for (int i = 0; i < added; i++) {
        moved[i] =
            (keys == null || Arrays.binarySearch(keys, NB.decodeInt64(addedIds, i * ID)) >= 0)
                && leftBehind(i);
        if (!moved[i]) {
          kept++;
          keptPathBytes += addedPathEnds[i] - (i == 0 ? 0 : addedPathEnds[i - 1]);
          keptBefores += addedBefore[2 * i + 1] - addedBefore[2 * i];
        }
      }
      if (kept == 0) {
        return null;
      }
      byte[] ids = new byte[kept * ID];
      byte[] paths = new byte[keptPathBytes];
      int[] pathEnds = new int[kept];
      byte[] befores = new byte[keptBefores * ID];
      int[] beforeEnds = new int[kept];
      int k = 0;
      int pathAt = 0;
      int beforeAt = 0;
      for (int i = 0; i < added; i++) {
        if (moved[i]) {
          continue;
        }
        System.arraycopy(addedIds, i * ID, ids, k * ID, ID);
        int pathFrom = i == 0 ? 0 : addedPathEnds[i - 1];
        int pathLength = addedPathEnds[i] - pathFrom;
        System.arraycopy(addedPaths, pathFrom, paths, pathAt, pathLength);
        pathAt += pathLength;
        pathEnds[k] = pathAt;
        int beforeCount = addedBefore[2 * i + 1] - addedBefore[2 * i];
        System.arraycopy(
            leftBehind, addedBefore[2 * i] * ID, befores, beforeAt * ID, beforeCount * ID);
        beforeAt += beforeCount;
        beforeEnds[k] = beforeAt;
        k++;
      }
      return new Additions(kept, ids, paths, pathEnds, befores, beforeEnds);
    }

    /** Whether added blob {@code i} is one of those left behind. */
    private boolean leftBehind(int i) {
      for (int b = 0; b < leftBehindCount; b++) {
        if (Arrays.equals(leftBehind, b * ID, b * ID + ID, addedIds, i * ID, i * ID + ID)) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * Diffs {@code tree} against {@code parentTrees} (none: every file of the tree is added), reading
   * trees with {@code reader}.
   *
   * @throws IOException if a tree cannot be read or parsed
   */
  void diff(ObjectReader reader, ObjectId tree, List<ObjectId> parentTrees, Changes changes)
      throws IOException {
    diff(reader, tree, parentTrees, changes, false);
  }

  /**
   * As {@link #diff(ObjectReader, ObjectId, List, Changes)}, except that with {@code
   * movesUnchecked} a merge's added blobs are reported without checking whether a parent had one of
   * them at another path (a move, not an introduction); answers whether it did so, which is only
   * for a merge that added a blob. Such a blob was a move only if it was in a parent's tree: a
   * caller that walked all of the merge's history can tell from what the rest of it introduced, and
   * have the few others diffed again in full. That check is most of the cost of a merge that added
   * a blob: each row where the merge has what one parent has and another parent had something else.
   */
  boolean diff(
      ObjectReader reader,
      ObjectId tree,
      List<ObjectId> parentTrees,
      Changes changes,
      boolean movesUnchecked)
      throws IOException {
    int n = parentTrees.size() + 1;
    Tree[] trees = new Tree[n];
    trees[0] = tree(reader, tree);
    for (int p = 1; p < n; p++) {
      trees[p] = tree(reader, parentTrees.get(p - 1));
    }
    // A merge is first diffed for additions alone; only one that added a blob, which few do, is
    // diffed again in full, for what its parents had where it added it.
    Walk w = new Walk(reader, changes, n - 1, n > 2);
    diff(w, trees, 0, true);
    boolean unchecked = false;
    if (w.onlyAdditions && w.added > 0) {
      if (movesUnchecked) {
        // What this pass noted the parents had is a part of what the full pass would: a blob among
        // it was moved all the same.
        unchecked = true;
      } else {
        w = new Walk(reader, changes, n - 1, false);
        diff(w, trees, 0, true);
      }
    }
    if (w.added > 0 && !unchecked) {
      for (int d = 0; d < w.deferred.size(); d++) {
        byte[] prefix = w.deferredPaths.get(d);
        ensure(w, prefix.length);
        System.arraycopy(prefix, 0, w.path, 0, prefix.length);
        ObjectId[] ids = w.deferred.get(d);
        Tree[] sub = new Tree[ids.length];
        for (int t = 0; t < ids.length; t++) {
          sub[t] = ids[t] == null ? EMPTY : tree(reader, ids[t]);
        }
        diff(w, sub, prefix.length, false);
      }
    }
    for (String submodule : w.submodules) {
      changes.submodule(submodule);
    }
    Additions additions = w.additions();
    if (additions != null) {
      changes.added(additions);
    }
    return unchecked;
  }

  /**
   * One level: the entries of {@code trees} merged in git's order, {@code w.path[0, depth)} the
   * folder they are in (with its trailing slash).
   */
  private void diff(Walk w, Tree[] trees, int depth, boolean defer) throws IOException {
    int n = trees.length;
    int[] at = new int[n];
    int[] row = new int[n];
    // Per parent, where its last run of bytes the same as the commit's tree ends (-1: none yet) and
    // how far its offsets are behind the commit's there; and how many entries that run holds.
    int[] runEnd = new int[n];
    int[] runShift = new int[n];
    int[] run = new int[n];
    Arrays.fill(runEnd, -1);
    while (true) {
      identicalRuns(trees, at, runEnd, runShift, run, w.onlyAdditions);
      int common = Integer.MAX_VALUE;
      int longest = 0;
      for (int t = 1; t < n; t++) {
        common = Math.min(common, run[t]);
        longest = Math.max(longest, run[t]);
      }
      if (longest > common && w.onlyAdditions) {
        skipFromAParent(trees, at, run, longest);
        continue;
      }
      if (n > 1 && common > 0) {
        for (int t = 0; t < n; t++) {
          at[t] += common;
        }
      }
      int min = -1;
      for (int t = 0; t < n; t++) {
        if (trees[t].has(at[t]) && (min < 0 || compare(trees[t], at[t], trees[min], at[min]) < 0)) {
          min = t;
        }
      }
      if (min < 0) {
        return;
      }
      boolean allSame = n > 1;
      Tree first = trees[min];
      int firstEntry = at[min];
      for (int t = 0; t < n; t++) {
        if (trees[t].has(at[t]) && (t == min || compare(trees[t], at[t], first, firstEntry) == 0)) {
          row[t] = at[t]++;
          allSame &=
              trees[t].mode(row[t]) == first.mode(firstEntry)
                  && sameId(trees[t], row[t], first, firstEntry);
        } else {
          row[t] = -1;
          allSame = false;
        }
      }
      if (allSame) {
        continue;
      }
      int nameStart = first.nameStart(firstEntry);
      int nameLength = first.nameEnd(firstEntry) - nameStart;
      ensure(w, depth + nameLength + 1);
      System.arraycopy(first.raw, nameStart, w.path, depth, nameLength);
      if (first.isTree(firstEntry)) {
        w.path[depth + nameLength] = '/';
        subtree(w, trees, row, depth + nameLength + 1, defer);
      } else {
        file(w, trees, row, depth + nameLength);
      }
    }
  }

  /**
   * Per parent {@code t}, in {@code run[t]}, how many entries from {@code at[0]} on the commit's
   * tree holds byte for byte as {@code t} holds them from {@code at[t]} on: rows the merge below
   * would find unchanged one entry at a time. A tree of hundreds of entries of which a commit
   * changed one is then compared in a single vectorised run per parent, where comparing its entries
   * name by name and id by id was most of the diff. A run found earlier at this level is not
   * scanned again while the trees step through it ({@code runEnd}, {@code runShift}): a merge steps
   * through one parent's changes row by row while its other parent is the same all along. Unless
   * {@code all}, it stops at the first parent with none.
   */
  private static void identicalRuns(
      Tree[] trees, int[] at, int[] runEnd, int[] runShift, int[] run, boolean all)
      throws CorruptObjectException {
    int n = trees.length;
    Arrays.fill(run, 0);
    Tree first = trees[0];
    if (n < 2 || !first.has(at[0])) {
      return;
    }
    int from = first.start(at[0]);
    for (int t = 1; t < n; t++) {
      Tree other = trees[t];
      if (!other.has(at[t])) {
        if (all) {
          continue;
        }
        return;
      }
      int otherFrom = other.start(at[t]);
      int identicalEnd;
      if (from - otherFrom == runShift[t] && from <= runEnd[t]) {
        identicalEnd = runEnd[t];
      } else {
        int same =
            Arrays.mismatch(
                first.raw, from, first.raw.length, other.raw, otherFrom, other.raw.length);
        identicalEnd = same < 0 ? first.raw.length : Math.min(from + same, first.raw.length);
        runEnd[t] = identicalEnd;
        runShift[t] = from - otherFrom;
      }
      int through = first.entriesEndingBy(at[0], identicalEnd, other, at[t]);
      // The other tree's entries there are this one's, shifted: copied, not parsed again.
      other.learn(at[t], first, at[0], through);
      run[t] = through - at[0];
      if (run[t] == 0 && !all) {
        return;
      }
    }
  }

  /**
   * Steps a merge's trees past the next {@code longest} entries of the commit's tree, which a
   * parent holds byte for byte: no blob there is new, and when looking for additions alone, what
   * the other parents had there does not matter. A parent whose run is shorter is moved past its
   * own run and then, entry by entry, past the last of them.
   */
  private static void skipFromAParent(Tree[] trees, int[] at, int[] run, int longest)
      throws CorruptObjectException {
    Tree first = trees[0];
    int last = at[0] + longest - 1;
    for (int t = 1; t < trees.length; t++) {
      if (run[t] >= longest) {
        at[t] += longest;
        continue;
      }
      Tree other = trees[t];
      at[t] += run[t];
      while (other.has(at[t]) && compare(other, at[t], first, last) <= 0) {
        at[t]++;
      }
    }
    at[0] += longest;
  }

  private void subtree(Walk w, Tree[] trees, int[] row, int depth, boolean defer)
      throws IOException {
    int n = trees.length;
    // For a merge, a subtree the commit has exactly as one parent has it holds no added blob.
    boolean fromAParent = false;
    if (defer && n > 2 && row[0] >= 0) {
      for (int p = 1; p < n && !fromAParent; p++) {
        fromAParent =
            row[p] >= 0 && trees[p].isTree(row[p]) && sameId(trees[0], row[0], trees[p], row[p]);
      }
    }
    if (fromAParent) {
      // Read later, only if needed.
      ObjectId[] ids = new ObjectId[n];
      for (int t = 0; t < n; t++) {
        ids[t] = row[t] >= 0 ? ObjectId.fromRaw(trees[t].raw, trees[t].id(row[t])) : null;
      }
      w.deferred.add(ids);
      w.deferredPaths.add(Arrays.copyOf(w.path, depth));
      return;
    }
    Tree[] sub = new Tree[n];
    for (int t = 0; t < n; t++) {
      sub[t] = row[t] >= 0 ? tree(w.reader, trees[t].raw, trees[t].id(row[t])) : EMPTY;
    }
    diff(w, sub, depth, defer);
  }

  private void file(Walk w, Tree[] trees, int[] row, int length) {
    int n = trees.length;
    int mode0 = row[0] >= 0 ? trees[0].mode(row[0]) : 0;
    if ((mode0 & FileMode.TYPE_MASK) == FileMode.TYPE_GITLINK) {
      w.submodules.add(RawParseUtils.decode(w.path, 0, length));
    }
    boolean isFile = isFile(mode0);
    boolean inAParent = false;
    int beforeFrom = w.leftBehindCount;
    for (int p = 1; p < n; p++) {
      if (row[p] < 0 || !isFile(trees[p].mode(row[p]))) {
        continue;
      }
      if (isFile && sameId(trees[0], row[0], trees[p], row[p])) {
        inAParent = true;
      } else {
        w.leaveBehind(trees[p].raw, trees[p].id(row[p]));
      }
    }
    if (isFile && !inAParent) {
      w.add(trees[0].raw, trees[0].id(row[0]), length, beforeFrom);
    }
  }

  private static boolean isFile(int mode) {
    return (mode & FileMode.TYPE_MASK) == FileMode.TYPE_FILE;
  }

  private static void ensure(Walk w, int length) {
    if (length > w.path.length) {
      w.path = Arrays.copyOf(w.path, Math.max(length, w.path.length * 2));
    }
  }

  private static boolean sameId(Tree a, int ea, Tree b, int eb) {
    int ia = a.id(ea);
    int ib = b.id(eb);
    return Arrays.equals(a.raw, ia, ia + ID, b.raw, ib, ib + ID);
  }

  /**
   * Git's order of tree entries: by name bytes, a tree's name as if it ended in '/'. Two entries of
   * one name, a tree and a file, are two rows, as in JGit's {@code TreeWalk}.
   */
  private static int compare(Tree a, int ea, Tree b, int eb) {
    byte[] ra = a.raw;
    byte[] rb = b.raw;
    int sa = a.nameStart(ea);
    int la = a.nameEnd(ea) - sa;
    int sb = b.nameStart(eb);
    int lb = b.nameEnd(eb) - sb;
    int common = Math.min(la, lb);
    int mismatch = Arrays.mismatch(ra, sa, sa + common, rb, sb, sb + common);
    if (mismatch >= 0) {
      return (ra[sa + mismatch] & 0xff) - (rb[sb + mismatch] & 0xff);
    }
    int ca = la > common ? ra[sa + common] & 0xff : a.isTree(ea) ? '/' : 0;
    int cb = lb > common ? rb[sb + common] & 0xff : b.isTree(eb) ? '/' : 0;
    return ca - cb;
  }

  private Tree tree(ObjectReader reader, ObjectId id) throws IOException {
    id.copyRawTo(scratchId, 0);
    return tree(reader, scratchId, 0);
  }

  private Tree tree(ObjectReader reader, byte[] raw, int idOffset) throws IOException {
    long key = NB.decodeInt64(raw, idOffset);
    Tree cached = cache.get(key);
    if (cached != null && Arrays.equals(cached.id, 0, ID, raw, idOffset, idOffset + ID)) {
      return cached;
    }
    return load(reader, key, Arrays.copyOfRange(raw, idOffset, idOffset + ID));
  }

  private Tree load(ObjectReader reader, long key, byte[] rawId) throws IOException {
    ObjectId id = ObjectId.fromRaw(rawId);
    Tree tree = new Tree(rawId, reader.open(id, Constants.OBJ_TREE).getCachedBytes());
    // The raw bytes and, once known, 12 bytes an entry of some 30.
    long size = tree.raw.length + tree.raw.length / 2 + 64;
    if (size <= cacheLimit / 4) {
      cache.put(key, tree, (int) size);
    }
    return tree;
  }
}
