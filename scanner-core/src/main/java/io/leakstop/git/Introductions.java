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
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.MutableObjectId;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.util.NB;
import org.eclipse.jgit.util.RawParseUtils;

/**
 * For every blob of the scanned history, the commits and paths that introduced it. It covers every
 * change in history and lives through the whole scan, so it is kept in a few primitive arrays
 * rather than objects per blob and per introduction: an int per blob, commit and path, blob ids in
 * a table of their own, paths interned by their bytes (and checked against the excludes once each).
 * A map of id objects to lists of records was tens of megabytes in over a million small objects on
 * a large history, which every young collection of the blob scan's first seconds copied again.
 * Commit details are read only for the few commits a finding points at.
 *
 * <p>Recorded into by the walk's threads under one lock; read without it once the walk is over.
 */
final class Introductions {
  /** One blob and where it entered history, as read for its scan. */
  static final class Blob {
    final ObjectId id;

    /**
     * Where the blob sits in the packs, for reading in pack order (see {@link #blobsInScanOrder}).
     */
    final long packPosition;

    private final List<Intro> intros;

    private Blob(ObjectId id, long packPosition, List<Intro> intros) {
      this.id = id;
      this.packPosition = packPosition;
      this.intros = intros;
    }

    /**
     * In walk order (newest commit first), a commit's own in the order its diff found them: the
     * same whichever thread recorded which first, and whether a merge's were recorded during the
     * walk or after it.
     */
    List<Intro> intros() {
      return intros;
    }
  }

  /**
   * A commit that put a blob at a path, and the blobs its parents had at that path (a
   * modification).
   */
  record Intro(int commit, String path, ObjectId[] before) {}

  private static final int ID = Constants.OBJECT_ID_LENGTH;
  private static final int NONE = -1;
  private static final ObjectId[] NO_IDS = {};

  /** Walked commits' raw ids, by index. */
  private byte[] commits = new byte[1024 * ID];

  private int commitCount;

  /** Every blob met: those introduced and those a parent had where one was. */
  private final Ids ids = new Ids();

  /** Per id: its last introduction (NONE: none), chained back through {@link #introNext}. */
  private int[] lastIntro = new int[0];

  /** Per id: the first (newest) commit that introduced it. */
  private int[] firstCommit = new int[0];

  /** Per id: its pack position, known once it is introduced. */
  private long[] packPositions = new long[0];

  /** Per id: whether it was added at a path the scan excludes. */
  private boolean[] addedWhereExcluded = new boolean[0];

  private int blobCount;

  /** Per introduction: commit index, path index, the one before it of its blob, its befores. */
  private int[] introCommit = new int[1024];

  private int[] introPath = new int[1024];
  private int[] introNext = new int[1024];

  /**
   * Where the introduction's befores are in {@link #befores} (their count, then each id), or NONE.
   */
  private int[] introBefore = new int[1024];

  private int introCount;
  private int[] befores = new int[1024];
  private int beforesLength;

  private final Paths paths;
  private final ToLongFunction<AnyObjectId> packPosition;
  private final MutableObjectId scratch = new MutableObjectId();
  private final ConcurrentHashMap<Integer, CommitInfo> commitInfos = new ConcurrentHashMap<>();

  /**
   * @param packPosition where a blob sits in the packs, as a number that sorts in pack order;
   *     Long.MAX_VALUE for a blob in none
   * @param excluded paths whose blobs are not recorded (only noted as {@link #addedWhereExcluded})
   */
  Introductions(ToLongFunction<AnyObjectId> packPosition, Predicate<String> excluded) {
    this.packPosition = packPosition;
    this.paths = new Paths(excluded);
  }

  /** Registers a walked commit; called from the walking thread only, before its diff runs. */
  synchronized int addCommit(AnyObjectId id) {
    if ((commitCount + 1) * ID > commits.length) {
      commits = Arrays.copyOf(commits, commits.length * 2);
    }
    id.copyRawTo(commits, commitCount * ID);
    return commitCount++;
  }

  synchronized ObjectId commit(int index) {
    return ObjectId.fromRaw(commits, index * ID);
  }

  /**
   * Records that commit {@code commit} introduced each of {@code added} at its path, unless the
   * path is excluded.
   */
  synchronized void introduce(int commit, TreeDiff.Additions added) {
    byte[] rawIds = added.rawIds();
    byte[] rawBefores = added.rawBefores();
    for (int i = 0; i < added.size(); i++) {
      int blob = entry(rawIds, i * ID);
      int path = paths.intern(added.rawPaths(), added.pathStart(i), added.pathEnd(i));
      if (paths.excluded[path]) {
        addedWhereExcluded[blob] = true;
        continue;
      }
      int before = NONE;
      int beforeCount = added.beforeEnd(i) - added.beforeStart(i);
      if (beforeCount > 0) {
        if (beforesLength + 1 + beforeCount > befores.length) {
          befores =
              Arrays.copyOf(befores, Math.max(befores.length * 2, beforesLength + 1 + beforeCount));
        }
        before = beforesLength;
        befores[beforesLength++] = beforeCount;
        for (int b = added.beforeStart(i); b < added.beforeEnd(i); b++) {
          befores[beforesLength++] = entry(rawBefores, b * ID);
        }
      }
      if (introCount == introCommit.length) {
        int capacity = introCount * 2;
        introCommit = Arrays.copyOf(introCommit, capacity);
        introPath = Arrays.copyOf(introPath, capacity);
        introNext = Arrays.copyOf(introNext, capacity);
        introBefore = Arrays.copyOf(introBefore, capacity);
      }
      int intro = introCount++;
      introCommit[intro] = commit;
      introPath[intro] = path;
      introBefore[intro] = before;
      introNext[intro] = lastIntro[blob];
      if (lastIntro[blob] == NONE) {
        blobCount++;
        scratch.fromRaw(rawIds, i * ID);
        packPositions[blob] = packPosition.applyAsLong(scratch);
      }
      lastIntro[blob] = intro;
      firstCommit[blob] = Math.min(firstCommit[blob], commit);
    }
  }

  /** The id's number in {@link #ids}, added if new, with room for it in the per-id arrays. */
  private int entry(byte[] raw, int at) {
    int e = ids.add(raw, at);
    if (e == lastIntro.length) {
      int capacity = Math.max(1024, e * 2);
      lastIntro = Arrays.copyOf(lastIntro, capacity);
      Arrays.fill(lastIntro, e, capacity, NONE);
      firstCommit = Arrays.copyOf(firstCommit, capacity);
      Arrays.fill(firstCommit, e, capacity, Integer.MAX_VALUE);
      packPositions = Arrays.copyOf(packPositions, capacity);
      addedWhereExcluded = Arrays.copyOf(addedWhereExcluded, capacity);
    }
    return e;
  }

  /** Whether some commit introduced {@code blob} at a path not excluded. */
  synchronized boolean contains(AnyObjectId blob) {
    int e = ids.find(blob);
    return e != NONE && lastIntro[e] != NONE;
  }

  /** Whether some commit added {@code blob} at a path the scan excludes. */
  synchronized boolean addedWhereExcluded(AnyObjectId blob) {
    int e = ids.find(blob);
    return e != NONE && addedWhereExcluded[e];
  }

  /**
   * The blobs (see {@link #blob}) in the order they sit in the pack files, loose objects last
   * (newest introduction first, then by id). Reading in pack order inflates each delta base once
   * and finds it kept for the deltas that follow, as {@code git cat-file --unordered} does; in any
   * other order the same delta chains are inflated again and again. Each blob was placed as the
   * walk first met it, on the walk's threads.
   */
  synchronized int[] blobsInScanOrder() {
    int[] order = new int[blobCount];
    int n = 0;
    for (int e = 0; e < ids.size; e++) {
      if (lastIntro[e] != NONE) {
        order[n++] = e;
      }
    }
    mergeSort(order, new int[n], 0, n);
    return order;
  }

  private void mergeSort(int[] a, int[] tmp, int from, int to) {
    if (to - from < 2) {
      return;
    }
    int mid = (from + to) >>> 1;
    mergeSort(a, tmp, from, mid);
    mergeSort(a, tmp, mid, to);
    if (!inScanOrder(a[mid], a[mid - 1])) {
      return;
    }
    System.arraycopy(a, from, tmp, from, to - from);
    for (int i = from, l = from, r = mid; i < to; i++) {
      a[i] = r >= to || l < mid && !inScanOrder(tmp[r], tmp[l]) ? tmp[l++] : tmp[r++];
    }
  }

  /** Whether blob {@code a} is read strictly before blob {@code b}. */
  private boolean inScanOrder(int a, int b) {
    int byPosition = Long.compare(packPositions[a], packPositions[b]);
    if (byPosition != 0) {
      return byPosition < 0;
    }
    int byCommit = Integer.compare(firstCommit[a], firstCommit[b]);
    return byCommit != 0 ? byCommit < 0 : ids.compare(a, b) < 0;
  }

  /**
   * Blob {@code e} of {@link #blobsInScanOrder}: its id, position and introductions, read once the
   * walk is over.
   */
  Blob blob(int e) {
    int count = 0;
    for (int i = lastIntro[e]; i != NONE; i = introNext[i]) {
      count++;
    }
    // By commit, then in the order they were recorded: a commit's own are recorded in one go.
    long[] order = new long[count];
    int n = 0;
    for (int i = lastIntro[e]; i != NONE; i = introNext[i]) {
      order[n++] = (long) introCommit[i] << 32 | i;
    }
    Arrays.sort(order);
    Intro[] intros = new Intro[count];
    for (int k = 0; k < count; k++) {
      int i = (int) order[k];
      intros[k] = new Intro(introCommit[i], paths.strings[introPath[i]], before(introBefore[i]));
    }
    return new Blob(ids.id(e), packPositions[e], List.of(intros));
  }

  private ObjectId[] before(int at) {
    if (at == NONE) {
      return NO_IDS;
    }
    ObjectId[] out = new ObjectId[befores[at]];
    for (int b = 0; b < out.length; b++) {
      out[b] = ids.id(befores[at + 1 + b]);
    }
    return out;
  }

  /**
   * Object ids by number, in the order first added: an open-addressing table over the ids' five
   * words, kept in one int array. Not thread-safe.
   */
  private static final class Ids {
    private int[] words = new int[5 * 1024];
    private int[] slots = filled(2048);
    int size;

    private static int[] filled(int length) {
      int[] out = new int[length];
      Arrays.fill(out, NONE);
      return out;
    }

    /** The number of the id at {@code raw[at, at + 20)}, added if it is new. */
    int add(byte[] raw, int at) {
      int w1 = NB.decodeInt32(raw, at);
      int w2 = NB.decodeInt32(raw, at + 4);
      int w3 = NB.decodeInt32(raw, at + 8);
      int w4 = NB.decodeInt32(raw, at + 12);
      int w5 = NB.decodeInt32(raw, at + 16);
      int mask = slots.length - 1;
      int slot = w2 & mask;
      for (int e; (e = slots[slot]) != NONE; slot = (slot + 1) & mask) {
        int w = 5 * e;
        if (words[w] == w1
            && words[w + 1] == w2
            && words[w + 2] == w3
            && words[w + 3] == w4
            && words[w + 4] == w5) {
          return e;
        }
      }
      int e = size++;
      if (5 * size > words.length) {
        words = Arrays.copyOf(words, words.length * 2);
      }
      int w = 5 * e;
      words[w] = w1;
      words[w + 1] = w2;
      words[w + 2] = w3;
      words[w + 3] = w4;
      words[w + 4] = w5;
      slots[slot] = e;
      if (2 * size > slots.length) {
        rehash();
      }
      return e;
    }

    /** The number of {@code id}, or NONE. */
    int find(AnyObjectId id) {
      int mask = slots.length - 1;
      for (int slot = id.hashCode() & mask, e;
          (e = slots[slot]) != NONE;
          slot = (slot + 1) & mask) {
        if (id.compareTo(words, 5 * e) == 0) {
          return e;
        }
      }
      return NONE;
    }

    ObjectId id(int e) {
      int w = 5 * e;
      return new ObjectId(words[w], words[w + 1], words[w + 2], words[w + 3], words[w + 4]);
    }

    /** Ids {@code a} and {@code b} compared as git sorts them (unsigned, word by word). */
    int compare(int a, int b) {
      for (int i = 0; i < 5; i++) {
        int c = Integer.compareUnsigned(words[5 * a + i], words[5 * b + i]);
        if (c != 0) {
          return c;
        }
      }
      return 0;
    }

    private void rehash() {
      slots = filled(slots.length * 2);
      int mask = slots.length - 1;
      for (int e = 0; e < size; e++) {
        int slot = words[5 * e + 1] & mask;
        while (slots[slot] != NONE) {
          slot = (slot + 1) & mask;
        }
        slots[slot] = e;
      }
    }
  }

  /**
   * Paths by number, interned by their bytes, each decoded and checked against the excludes once.
   * Not thread-safe.
   */
  private static final class Paths {
    private final Predicate<String> excludes;
    private byte[] bytes = new byte[64 * 1024];
    private int bytesLength;
    private int[] starts = new int[1024];
    String[] strings = new String[1024];
    boolean[] excluded = new boolean[1024];
    private int[] slots = Ids.filled(2048);
    private int count;

    Paths(Predicate<String> excludes) {
      this.excludes = excludes;
    }

    int intern(byte[] raw, int from, int to) {
      int hash = 0;
      for (int i = from; i < to; i++) {
        hash = 31 * hash + raw[i];
      }
      int mask = slots.length - 1;
      int slot = mix(hash) & mask;
      for (int p; (p = slots[slot]) != NONE; slot = (slot + 1) & mask) {
        int start = starts[p];
        int end = starts[p + 1];
        if (end - start == to - from && Arrays.equals(bytes, start, end, raw, from, to)) {
          return p;
        }
      }
      int p = count++;
      if (count == starts.length) {
        starts = Arrays.copyOf(starts, count * 2);
        strings = Arrays.copyOf(strings, count * 2);
        excluded = Arrays.copyOf(excluded, count * 2);
      }
      if (bytesLength + (to - from) > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, bytesLength + (to - from)));
      }
      System.arraycopy(raw, from, bytes, bytesLength, to - from);
      starts[p] = bytesLength;
      bytesLength += to - from;
      starts[count] = bytesLength;
      strings[p] = RawParseUtils.decode(raw, from, to);
      excluded[p] = excludes.test(strings[p]);
      slots[slot] = p;
      if (2 * count > slots.length) {
        rehash();
      }
      return p;
    }

    private static int mix(int h) {
      return h ^ (h >>> 16);
    }

    private void rehash() {
      slots = Ids.filled(slots.length * 2);
      int mask = slots.length - 1;
      for (int p = 0; p < count; p++) {
        int hash = 0;
        for (int i = starts[p]; i < starts[p + 1]; i++) {
          hash = 31 * hash + bytes[i];
        }
        int slot = mix(hash) & mask;
        while (slots[slot] != NONE) {
          slot = (slot + 1) & mask;
        }
        slots[slot] = p;
      }
    }
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
