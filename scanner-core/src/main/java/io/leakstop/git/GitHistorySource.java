package io.leakstop.git;

import io.leakstop.source.Fragment;
import io.leakstop.source.FragmentSink;
import io.leakstop.source.Lineage;
import io.leakstop.source.OutOfMemory;
import io.leakstop.source.Source;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.CommitTimeRevFilter;

/**
 * The history of a git repository: every blob that entered it, scanned once, each finding located
 * at every commit and path that introduced its blob.
 *
 * <h2>How</h2>
 *
 * <ol>
 *   <li>Walk the commits reachable from the tips (less those reachable from {@link
 *       HistoryOptions#excluded()}, and older than {@link HistoryOptions#since()}). For each
 *       commit, on a pool of threads with one {@link ObjectReader} each, diff its tree against its
 *       parents' trees (tree diffs only, identical subtrees skipped, never content diffs) and
 *       record, for each blob at a path where no parent had that blob, that the commit introduced
 *       it there. A blob that a parent had under another path that this commit no longer has there
 *       is a rename and not recorded; a merge commit's own resolution matches no parent and is
 *       recorded; one blob added at two paths is recorded twice. A submodule (a commit in the tree,
 *       not a blob) is named in the scan's notices: its history is another repository's.
 *   <li>Scan each blob that was introduced at a path not excluded, once, on the same pool; blobs
 *       over the size limit are skipped and counted, binary ones skipped. Before it is read, each
 *       path it was introduced at is named to {@link FragmentSink#file} with its commit, so that
 *       rules that flag files by path alone (a key store) find binary and large files too.
 *   <li>A finding's {@link io.leakstop.source.Provenance} turns into one location per introduction
 *       (path, line, column, blob id and commit: id, author, date, summary); commit details are
 *       read only for those commits. Given the secret, a location whose commit only edited around
 *       it (a parent had the same secret in that file at that path) is dropped: every secret is
 *       reported where it entered history, not at every later version of its file. So a secret that
 *       predates {@code --range A..B} or {@code --since} is not reported for that range.
 * </ol>
 *
 * Attribution is recorded for every blob during the walk, not only for blobs with findings, because
 * path excludes and path allowlists need each blob's paths before and after detection, and a second
 * walk would inflate every tree twice; the record is a few references per change, and the blob
 * contents themselves are never held beyond the one being scanned on each thread.
 *
 * <h2>For drivers</h2>
 *
 * A scheduled sweep scans only what is new since its last run: it stores {@link #tips()} after a
 * scan and passes them as {@link HistoryOptions#excluded()} next time.
 *
 * <pre>{@code
 * GitHistorySource source = GitHistorySource.open(repo, HistoryOptions.of(config, 4)
 *     .withRefs(List.of(), previousTips).withWorktree(false));
 * ScanResult result = scanner.scan(source);
 * store(source.tips());   // ref name -> commit id, resolved when the source was opened
 * }</pre>
 */
public final class GitHistorySource implements Source {
  private final Path path;
  private final HistoryOptions options;
  private final Map<String, ObjectId> tips;
  private final List<ObjectId> excludedTips;
  private final List<UnreadableTip> unreadableTips;

  private GitHistorySource(
      Path path,
      HistoryOptions options,
      Map<String, ObjectId> tips,
      List<ObjectId> excludedTips,
      List<UnreadableTip> unreadableTips) {
    this.path = path;
    this.options = options;
    this.tips = tips;
    this.excludedTips = excludedTips;
    this.unreadableTips = unreadableTips;
  }

  /**
   * Opens the repository at {@code path} (working tree, linked worktree or bare) and resolves the
   * refs to scan now, so that {@link #tips()} is what will be scanned even if refs move meanwhile.
   *
   * @throws IOException if it is not a repository, or a revision in the options does not resolve; a
   *     ref whose commit cannot be read is left out of {@link #tips()} and reported by the scan
   */
  public static GitHistorySource open(Path path, HistoryOptions options) throws IOException {
    // Commits are read as the scan reads them, through the packs as they are: JGit drops a whole
    // pack from its list at the first damage it meets, and every ref into it would then be missing.
    try (Repository repo = GitRepositories.open(path);
        Readers readers = new Readers(repo, options, 0);
        RevWalk walk = new RevWalk(readers.get())) {
      Map<String, ObjectId> tips = new LinkedHashMap<>();
      Map<ObjectId, UnreadableTip> unreadable = new LinkedHashMap<>();
      if (options.refs().isEmpty()) {
        List<Ref> refs = new ArrayList<>(repo.getRefDatabase().getRefs());
        Ref head = repo.exactRef(Constants.HEAD);
        if (head != null && head.getObjectId() != null) {
          refs.add(0, head);
        }
        for (Ref ref : refs) {
          if (ref.getObjectId() != null) {
            tip(walk, ref.getName(), ref.getObjectId(), tips, unreadable);
          }
        }
      } else {
        for (String rev : options.refs()) {
          ObjectId id = resolve(repo, rev);
          if (!tip(walk, rev, id, tips, unreadable) && !unreadable.containsKey(id)) {
            throw new IOException("'" + rev + "' does not name a commit");
          }
        }
      }
      List<ObjectId> excluded = new ArrayList<>();
      for (String rev : options.excluded()) {
        excluded.add(
            commitOf(walk, resolve(repo, rev))
                .orElseThrow(() -> new IOException("'" + rev + "' does not name a commit")));
      }
      return new GitHistorySource(
          path,
          options,
          Collections.unmodifiableMap(tips),
          List.copyOf(excluded),
          List.copyOf(unreadable.values()));
    }
  }

  /**
   * A ref whose commit (or annotated tag) cannot be read: reported by the scan, its history left
   * out.
   */
  private record UnreadableTip(List<String> refs, ObjectId id, String problem) {}

  /**
   * Adds the commit {@code id} names (through annotated tags) as the tip {@code name}; false, and
   * nothing added, for a tag of a tree or blob, or an object that cannot be read (kept in {@code
   * unreadable}).
   */
  private static boolean tip(
      RevWalk walk,
      String name,
      ObjectId id,
      Map<String, ObjectId> tips,
      Map<ObjectId, UnreadableTip> unreadable) {
    try {
      java.util.Optional<ObjectId> commit = commitOf(walk, id);
      commit.ifPresent(c -> tips.put(name, c));
      return commit.isPresent();
    } catch (IOException | RuntimeException e) {
      UnreadableTip known = unreadable.get(id);
      List<String> refs = new ArrayList<>(known == null ? List.of() : known.refs());
      if (!refs.contains(name)) {
        refs.add(name);
      }
      unreadable.put(id.copy(), new UnreadableTip(refs, id.copy(), BlobReader.problem(e)));
      return false;
    }
  }

  private static ObjectId resolve(Repository repo, String rev) throws IOException {
    ObjectId id;
    try {
      id = repo.resolve(rev);
    } catch (RuntimeException e) {
      throw new IOException("'" + rev + "' is not a valid revision: " + e.getMessage());
    }
    if (id == null) {
      throw new IOException("'" + rev + "': no such revision in " + repo.getIdentifier());
    }
    return id;
  }

  /** The commit a ref points at, through annotated tags; empty for tags of trees or blobs. */
  private static java.util.Optional<ObjectId> commitOf(RevWalk walk, ObjectId id)
      throws IOException {
    RevObject o = walk.peel(walk.parseAny(id));
    return o instanceof RevCommit ? java.util.Optional.of(o.copy()) : java.util.Optional.empty();
  }

  /** The tips this source scans from: ref name (or the revision as given) → commit id. */
  public Map<String, String> tips() {
    Map<String, String> out = new LinkedHashMap<>();
    tips.forEach((name, id) -> out.put(name, id.name()));
    return Collections.unmodifiableMap(out);
  }

  @Override
  public String describe() {
    return path.toString();
  }

  @Override
  public void feed(FragmentSink sink) throws IOException {
    try (Repository repo = GitRepositories.open(path)) {
      Set<ObjectId> shallow = repo.getObjectDatabase().getShallowCommits();
      if (!shallow.isEmpty()) {
        sink.notice(
            "shallow clone: history before the clone's depth is not here and was not scanned"
                + " (git fetch --unshallow to scan all of it)");
      }
      ExecutorService pool = Executors.newFixedThreadPool(options.threads(), daemon());
      // As much is kept as when each thread kept its own: 32 MiB a thread, at most a sixteenth of
      // the heap.
      Readers readers =
          new Readers(
              repo,
              options,
              Math.min((32L << 20) * options.threads(), Runtime.getRuntime().maxMemory() / 16));
      try {
        for (PackObjects.Damage damage : readers.damage()) {
          sink.failed("pack " + damage.pack(), damage.problem());
        }
        UnreadableObjects unreadable = new UnreadableObjects(sink);
        for (UnreadableTip tip : unreadableTips) {
          unreadable.report(
              tip.id(),
              "commit " + tip.id().name() + " (" + String.join(", ", tip.refs()) + ")",
              "cannot read: " + tip.problem() + "; the history behind it was not scanned");
        }
        Introductions introductions =
            new Introductions(readers::position, options.excludes()::excludes);
        walk(repo, shallow, introductions, pool, readers, unreadable, sink);
        // What the detector carries from a blob to those built from it: at most a twentieth of the
        // heap (four bytes an int).
        Lineage.Memo memo = new Lineage.Memo(Runtime.getRuntime().maxMemory() / 20 / 4);
        scanBlobs(introductions.blobsInScanOrder(), introductions, pool, readers, memo, sink);
        if (options.worktree() && !repo.isBare()) {
          WorktreeChanges.feed(repo, introductions::contains, options, sink);
        }
      } finally {
        pool.shutdownNow();
        readers.close();
      }
    }
  }

  /**
   * Commits go to the pool in runs of neighbours in walk order, so that a thread mostly diffs a
   * commit against the parent whose trees it has just read (see {@link PackObjects}).
   */
  private static final int COMMITS_PER_TASK = 32;

  /**
   * A commit to diff against its parents; with {@code movesUnchecked}, a merge's added blobs may be
   * held as {@link Moves#unchecked} rather than recorded.
   */
  private record CommitTrees(
      ObjectId commit,
      int index,
      ObjectId tree,
      List<ObjectId> parents,
      List<ObjectId> parentTrees,
      boolean movesUnchecked) {}

  /** A merge's added blobs, not yet checked for moves from one of its parents. */
  private record Unchecked(CommitTrees commit, TreeDiff.Additions added) {}

  /**
   * What a walk needs to tell, once it is over, which merges' added blobs were moves from a parent
   * (see {@link TreeDiff#diff(ObjectReader, ObjectId, List, TreeDiff.Changes, boolean)}). A blob in
   * a parent's tree was introduced somewhere in that parent's history, which the walk covered whole
   * (nothing excluded, no date limit, not shallow, nothing unreadable): so a blob that no other
   * commit introduced, at any path, was in no parent's tree.
   */
  private static final class Moves {
    final java.util.Queue<Unchecked> unchecked = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** Set when a commit could not be walked or diffed: then every merge is diffed in full. */
    volatile boolean incomplete;
  }

  private void walk(
      Repository repo,
      Set<ObjectId> shallow,
      Introductions introductions,
      ExecutorService pool,
      Readers readers,
      UnreadableObjects unreadable,
      FragmentSink sink)
      throws IOException {
    Moves moves = new Moves();
    DiffTasks tasks = new DiffTasks(introductions, pool, readers, unreadable, sink, moves);
    List<CommitTrees> run = new ArrayList<>(COMMITS_PER_TASK);
    boolean wholeHistory =
        excludedTips.isEmpty()
            && options.since() == null
            && shallow.isEmpty()
            && unreadableTips.isEmpty();
    try (RevWalk walk = new RevWalk(unreadable.tolerant(readers.get()))) {
      walk.setRetainBody(false);
      for (ObjectId tip : new HashSet<>(tips.values())) {
        walk.markStart(walk.parseCommit(tip));
      }
      for (ObjectId tip : excludedTips) {
        walk.markUninteresting(walk.parseCommit(tip));
      }
      if (options.since() != null) {
        walk.setRevFilter(CommitTimeRevFilter.after(options.since()));
      }
      RevCommit commit;
      while (true) {
        try {
          commit = walk.next();
        } catch (MissingObjectException | RuntimeException e) {
          sink.failed("history", "cannot walk further: " + BlobReader.problem(e));
          moves.incomplete = true;
          break;
        }
        if (commit == null) {
          break;
        }
        int index = introductions.addCommit(commit);
        List<ObjectId> parents = new ArrayList<>();
        List<ObjectId> parentTrees = new ArrayList<>();
        if (!shallow.contains(commit)) {
          // The walk parsed them before handing out the commit; an unreadable one reads as a commit
          // without files (see UnreadableObjects).
          for (RevCommit parent : commit.getParents()) {
            parents.add(parent.copy());
            parentTrees.add(parent.getTree().copy());
          }
        }
        run.add(
            new CommitTrees(
                commit.copy(),
                index,
                commit.getTree().copy(),
                parents,
                parentTrees,
                wholeHistory && parents.size() > 1));
        if (run.size() == COMMITS_PER_TASK) {
          tasks.submit(run);
          run = new ArrayList<>(COMMITS_PER_TASK);
        }
        if (tasks.pending.size() >= 4096) {
          drain(tasks.pending);
        }
      }
    }
    tasks.submit(run);
    drain(tasks.pending);
    checkMoves(tasks);
  }

  /**
   * Records the added blobs of each merge held unchecked when none of them can have been in a
   * parent's tree (see {@link Moves}), and diffs the other merges again in full.
   */
  private void checkMoves(DiffTasks tasks) throws IOException {
    Moves moves = tasks.moves;
    Introductions introductions = tasks.introductions;
    Map<ObjectId, Integer> mergesAdding = new java.util.HashMap<>();
    for (Unchecked u : moves.unchecked) {
      for (ObjectId blob : blobsOf(u)) {
        mergesAdding.merge(blob, 1, Integer::sum);
      }
    }
    boolean incomplete = moves.incomplete || tasks.unreadable.any();
    List<CommitTrees> again = new ArrayList<>();
    for (Unchecked u : moves.unchecked) {
      boolean introducedElsewhere = incomplete;
      for (ObjectId blob : blobsOf(u)) {
        introducedElsewhere |=
            mergesAdding.get(blob) > 1
                || introductions.contains(blob)
                || introductions.addedWhereExcluded(blob);
      }
      if (!introducedElsewhere) {
        if (u.added() != null) {
          introductions.introduce(u.commit().index(), u.added());
        }
        continue;
      }
      CommitTrees c = u.commit();
      again.add(
          new CommitTrees(c.commit(), c.index(), c.tree(), c.parents(), c.parentTrees(), false));
      if (again.size() == COMMITS_PER_TASK) {
        tasks.submit(again);
        again = new ArrayList<>(COMMITS_PER_TASK);
      }
    }
    tasks.submit(again);
    drain(tasks.pending);
  }

  private static Set<ObjectId> blobsOf(Unchecked u) {
    Set<ObjectId> blobs = new HashSet<>();
    for (int i = 0; u.added() != null && i < u.added().size(); i++) {
      blobs.add(u.added().blob(i));
    }
    return blobs;
  }

  /**
   * Diffs runs of commits on the pool, at most a few runs per thread waiting, each with what a diff
   * records into and reads through.
   */
  private final class DiffTasks {
    final Introductions introductions;
    final ExecutorService pool;
    final Readers readers;
    final UnreadableObjects unreadable;
    final FragmentSink sink;
    final Moves moves;
    final Semaphore inFlight = new Semaphore(options.threads() * 4);
    final List<Future<?>> pending = new ArrayList<>();

    /**
     * Each diffing thread's tree differ, which keeps the trees it parsed: 16 MiB a thread, at most
     * a thirty-second of the heap. Held by the walk's tasks, not by the threads, so that they are
     * let go when the walk is over rather than kept through the blob scan.
     */
    final Map<Thread, TreeDiff> treeDiffs = new java.util.concurrent.ConcurrentHashMap<>();

    DiffTasks(
        Introductions introductions,
        ExecutorService pool,
        Readers readers,
        UnreadableObjects unreadable,
        FragmentSink sink,
        Moves moves) {
      this.introductions = introductions;
      this.pool = pool;
      this.readers = readers;
      this.unreadable = unreadable;
      this.sink = sink;
      this.moves = moves;
    }

    void submit(List<CommitTrees> run) {
      if (run.isEmpty()) {
        return;
      }
      inFlight.acquireUninterruptibly();
      pending.add(
          pool.submit(
              () -> {
                try {
                  UnreadableObjects.Tolerant reader = unreadable.tolerant(readers.get());
                  TreeDiff treeDiff =
                      treeDiffs.computeIfAbsent(
                          Thread.currentThread(),
                          t ->
                              new TreeDiff(
                                  Math.min(16L << 20, Runtime.getRuntime().maxMemory() / 32)));
                  for (CommitTrees c : run) {
                    reader.diffing(c.commit(), c.tree(), c.parents(), c.parentTrees());
                    diff(reader, treeDiff, c, introductions, sink, moves);
                  }
                } finally {
                  inFlight.release();
                }
              }));
    }
  }

  private static void drain(List<Future<?>> pending) throws IOException {
    for (Future<?> f : pending) {
      try {
        f.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof OutOfMemoryError) {
          throw new IOException(OutOfMemory.incomplete());
        }
        throw new IOException("scanning failed: " + e.getCause(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted");
      }
    }
    pending.clear();
  }

  /**
   * Records the blobs {@code c} introduced relative to its parents (see the class comment), or
   * holds a merge's in {@code moves} to be checked once the walk is over.
   */
  private void diff(
      ObjectReader reader,
      TreeDiff treeDiff,
      CommitTrees c,
      Introductions introductions,
      FragmentSink sink,
      Moves moves) {
    TreeDiff.Additions[] added = new TreeDiff.Additions[1];
    try {
      boolean unchecked =
          treeDiff.diff(
              reader,
              c.tree(),
              c.parentTrees(),
              new TreeDiff.Changes() {
                @Override
                public void submodule(String path) {
                  // Said once per path (the scanner drops repeated notices), however often it
                  // was bumped.
                  sink.notice(
                      "submodule "
                          + path
                          + " is not scanned: it is a repository of its own"
                          + " (scan it as a separate target; its checked-out files with scan"
                          + " --files)");
                }

                @Override
                public void added(TreeDiff.Additions additions) {
                  added[0] = additions;
                }
              },
              c.movesUnchecked());
      if (unchecked) {
        moves.unchecked.add(new Unchecked(c, added[0]));
      } else if (added[0] != null) {
        introductions.introduce(c.index(), added[0]);
      }
    } catch (IOException | RuntimeException e) {
      moves.incomplete = true;
      sink.failed("commit " + c.commit().name(), "cannot read its tree: " + BlobReader.problem(e));
    }
  }

  /** Each thread's share of the blobs is handed out in this many runs (see {@link BlobRuns}). */
  private static final int RUNS_PER_THREAD = 4;

  private void scanBlobs(
      int[] blobs,
      Introductions introductions,
      ExecutorService pool,
      Readers readers,
      Lineage.Memo memo,
      FragmentSink sink)
      throws IOException {
    int threads = options.threads();
    BlobRuns runs =
        new BlobRuns(
            blobs.length,
            threads,
            Math.max(
                64, (blobs.length + threads * RUNS_PER_THREAD - 1) / (threads * RUNS_PER_THREAD)));
    AtomicLong done = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    AtomicLong lastReport = new AtomicLong();
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int worker = t;
      workers.add(
          pool.submit(
              () -> {
                ObjectReader reader = readers.get();
                for (int i; (i = runs.next(worker)) >= 0; ) {
                  bytes.addAndGet(
                      scanBlob(introductions.blob(blobs[i]), introductions, reader, memo, sink));
                  long d = done.incrementAndGet();
                  long now = System.nanoTime();
                  long last = lastReport.get();
                  if (now - last > 200_000_000L && lastReport.compareAndSet(last, now)
                      || d == blobs.length) {
                    options.progress().update(d, blobs.length, bytes.get());
                  }
                }
              }));
    }
    drain(workers);
  }

  /**
   * Names each path the blob was introduced at to the sink (for rules that flag files by path, with
   * the commit that put it there), then reads the blob and hands it to the sink; returns its size,
   * 0 when it was skipped. A method of its own because the JIT compiles a method after a few
   * hundred calls, but a loop that runs once, however long, only after 60,000 turns: written inside
   * the workers' loop, this ran in the interpreter for a whole 94 MB scan (the top interpreted
   * frame of the blob phase).
   */
  private int scanBlob(
      Introductions.Blob blob,
      Introductions introductions,
      ObjectReader reader,
      Lineage.Memo memo,
      FragmentSink sink) {
    List<Introductions.Intro> intros = blob.intros();
    for (Introductions.Intro intro : intros) {
      sink.file(intro.path(), introductions.provenance(blob, intro, reader));
    }
    String first = intros.get(0).path();
    String where = first + " (blob " + blob.id.abbreviate(12).name() + ")";
    try {
      byte[] data =
          reader instanceof PackObjectReader packed
              ? BlobReader.read(
                  packed, blob.id, blob.packPosition, where, options.maxBlobSize(), sink)
              : BlobReader.read(reader, blob.id, where, options.maxBlobSize(), sink);
      if (data == null) {
        return 0;
      }
      boolean onePath = true;
      for (Introductions.Intro intro : intros) {
        onePath &= intro.path().equals(first);
      }
      sink.accept(
          new Fragment(
              data,
              data.length,
              onePath ? first : null,
              introductions.provenance(blob, reader, options.maxBlobSize()),
              reader instanceof PackObjectReader packed ? packed.lineage(data, memo) : null));
      return data.length;
    } catch (OutOfMemoryError e) {
      sink.failed(where, OutOfMemory.problem(-1));
      return 0;
    }
  }

  /**
   * One ObjectReader per thread (JGit readers are not thread-safe), all closed at the end. With
   * {@link HistoryOptions.ObjectReading#PACKS} each reads packed objects through its own {@link
   * PackObjects.Reader}, and the objects they keep are shared; with {@link
   * HistoryOptions.ObjectReading#JGIT} they are JGit's own readers, and blobs are scanned in the
   * order the walk met them.
   */
  private static final class Readers implements AutoCloseable {
    private final Repository repo;

    /** Null when JGit reads every object. */
    private final PackObjects packs;

    private final long maxBlobSize;
    private final ThreadLocal<ObjectReader> perThread = new ThreadLocal<>();
    private final List<ObjectReader> all = Collections.synchronizedList(new ArrayList<>());

    /**
     * @param cacheBytes how much of the objects read the pack reader keeps for all threads
     */
    Readers(Repository repo, HistoryOptions options, long cacheBytes) {
      this.repo = repo;
      this.packs =
          options.objectReading() == HistoryOptions.ObjectReading.PACKS
              ? PackObjects.of(repo, cacheBytes)
              : null;
      this.maxBlobSize = options.maxBlobSize();
    }

    ObjectReader get() {
      ObjectReader reader = perThread.get();
      if (reader == null) {
        reader =
            packs == null
                ? repo.newObjectReader()
                : new PackObjectReader(repo.newObjectReader(), packs.newReader(), maxBlobSize);
        perThread.set(reader);
        all.add(reader);
      }
      return reader;
    }

    /** See {@link PackObjects#position}; Long.MAX_VALUE for every object when JGit reads them. */
    long position(AnyObjectId id) {
      return packs == null ? Long.MAX_VALUE : packs.position(id);
    }

    /** The damaged packs the pack reader found; JGit reports damage as it meets it, by object. */
    List<PackObjects.Damage> damage() {
      return packs == null ? List.of() : packs.damage();
    }

    @Override
    public void close() {
      all.forEach(ObjectReader::close);
      if (packs != null) {
        packs.close();
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "leakstop-git");
      t.setDaemon(true);
      return t;
    };
  }
}
