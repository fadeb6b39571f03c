package io.leakstop.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakstop.finding.Finding;
import io.leakstop.finding.ScanResult;
import io.leakstop.testing.GitRepo;
import io.leakstop.testing.Tokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated history with the shape of a real one (bench/real_history.py's, smaller): nested
 * folders, small edits, feature branches merged back (conflicts resolved by hand), renames of files
 * and folders, deletions, a file turned into a folder, mode changes, symlinks, a submodule, names
 * that sort around '/' (a, a.b, a-b, a0), tags; packed with deltas. Its tree diffs are compared,
 * commit by commit, with JGit's {@code TreeWalk} as the history walk used it before {@link
 * TreeDiff}; its scan with both object readers, and with the planted secrets.
 */
class RealShapedHistoryTest {
  @TempDir static Path tmp;
  static Path repo;

  /** Commit message of each commit that planted a secret -> the secret's file. */
  static final Map<String, String> planted = new TreeMap<>();

  @BeforeAll
  static void generate() throws IOException, InterruptedException {
    repo = tmp.resolve("real.git");
    GitRepo.at(tmp).git("init", "-q", "--bare", repo.toString());
    Path stream = tmp.resolve("stream");
    Files.write(stream, new Generator(new Random(18), 700).stream());
    Process p =
        new ProcessBuilder("git", "-C", repo.toString(), "fast-import", "--quiet")
            .redirectInput(stream.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    GitRepo.at(repo).git("repack", "-adq", "--window=10", "--depth=50");
  }

  /**
   * Changes as "added BLOB PATH [BEFORE...]" and "submodule PATH" lines, as the walk names them.
   */
  static TreeDiff.Changes recording(List<String> added, List<String> submodules) {
    return new TreeDiff.Changes() {
      @Override
      public void submodule(String path) {
        submodules.add("submodule " + path);
      }

      @Override
      public void added(TreeDiff.Additions additions) {
        for (int i = 0; i < additions.size(); i++) {
          added.add(
              "added "
                  + additions.blob(i).name()
                  + " "
                  + additions.path(i)
                  + " "
                  + Arrays.stream(additions.before(i)).map(ObjectId::name).toList());
        }
      }
    };
  }

  /**
   * The introductions of a commit as JGit's TreeWalk found them (the history walk before TreeDiff).
   */
  static List<String> treeWalkDiff(ObjectReader reader, ObjectId tree, List<ObjectId> parentTrees)
      throws IOException {
    List<String> out = new ArrayList<>();
    try (TreeWalk tw = new TreeWalk(reader)) {
      tw.addTree(tree);
      for (ObjectId parent : parentTrees) {
        tw.addTree(parent);
      }
      tw.setRecursive(true);
      tw.setFilter(parentTrees.isEmpty() ? TreeFilter.ALL : TreeFilter.ANY_DIFF);
      int n = tw.getTreeCount();
      List<String[]> added = new ArrayList<>();
      Set<AnyObjectId> leftBehind = new HashSet<>();
      while (tw.next()) {
        if ((tw.getRawMode(0) & FileMode.TYPE_MASK) == FileMode.TYPE_GITLINK) {
          out.add("submodule " + tw.getPathString());
        }
        boolean isFile = (tw.getRawMode(0) & FileMode.TYPE_MASK) == FileMode.TYPE_FILE;
        ObjectId id = isFile ? tw.getObjectId(0) : null;
        boolean inAParent = false;
        List<String> before = new ArrayList<>();
        for (int p = 1; p < n; p++) {
          if ((tw.getRawMode(p) & FileMode.TYPE_MASK) != FileMode.TYPE_FILE) {
            continue;
          }
          if (id != null && tw.idEqual(0, p)) {
            inAParent = true;
          } else {
            leftBehind.add(tw.getObjectId(p));
            before.add(tw.getObjectId(p).name());
          }
        }
        if (id != null && !inAParent) {
          added.add(new String[] {id.name(), tw.getPathString(), before.toString()});
        }
      }
      for (String[] a : added) {
        if (!leftBehind.contains(ObjectId.fromString(a[0]))) {
          out.add("added " + a[0] + " " + a[1] + " " + a[2]);
        }
      }
    }
    return out;
  }

  @Test
  void everyCommitsTreeDiffIsTreeWalks() throws IOException {
    int commits = 0;
    int merges = 0;
    int changes = 0;
    Set<String> submodules = new TreeSet<>();
    try (Repository r = GitRepositories.open(repo);
        ObjectReader reader = r.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      for (Ref ref : r.getRefDatabase().getRefs()) {
        walk.markStart(walk.parseCommit(ref.getObjectId()));
      }
      TreeDiff diff = new TreeDiff(64 << 10); // small, so that trees are dropped and read again
      for (RevCommit c; (c = walk.next()) != null; ) {
        List<ObjectId> parentTrees = new ArrayList<>();
        for (RevCommit parent : c.getParents()) {
          parentTrees.add(walk.parseCommit(parent).getTree().copy());
        }
        List<String> expected = treeWalkDiff(reader, c.getTree(), parentTrees);
        List<String> found = new ArrayList<>();
        List<String> submodulesHere = new ArrayList<>();
        diff.diff(reader, c.getTree().copy(), parentTrees, recording(found, submodulesHere));
        found.addAll(0, submodulesHere);
        // A merge reads a subtree it took from one parent only when needed: a submodule in it is
        // named where it entered that parent's history (see TreeDiff).
        List<String> expectedHere = new ArrayList<>(expected);
        if (parentTrees.size() > 1) {
          expectedHere.removeIf(e -> e.startsWith("submodule ") && !submodulesHere.contains(e));
        }
        assertEquals(
            expectedHere.stream().sorted().toList(),
            found.stream().sorted().toList(),
            "commit " + c.name());
        expected.stream().filter(e -> e.startsWith("submodule ")).forEach(submodules::add);
        commits++;
        merges += parentTrees.size() > 1 ? 1 : 0;
        changes += found.size();
      }
    }
    assertTrue(
        commits > 700 && merges > 20 && changes > 1000,
        commits + " commits, " + merges + " merges, " + changes);
    assertEquals(Set.of("submodule vendor/lib"), submodules);
  }

  @Test
  void findsThePlantedSecretsWhereTheyEnteredWithEitherObjectReader() throws IOException {
    HistoryOptions options = GitHistorySourceTest.options().withWorktree(false);
    ScanResult packs =
        GitHistorySourceTest.scanWith(repo, options, HistoryOptions.ObjectReading.PACKS);
    ScanResult jgit =
        GitHistorySourceTest.scanWith(repo, options, HistoryOptions.ObjectReading.JGIT);
    assertEquals(packs.findings(), jgit.findings());
    assertEquals(List.of(), packs.problems());
    Set<String> found = new TreeSet<>();
    for (Finding f : packs.findings()) {
      found.add(f.location().commit().summary() + " -> " + f.location().path());
    }
    Set<String> expected = new TreeSet<>();
    planted.forEach((commit, path) -> expected.add(commit + " -> " + path));
    // Also found: a copy of a secret renamed and edited in one commit (a new blob at a new path).
    assertTrue(found.containsAll(expected), "planted " + expected + "\nfound " + found);
    assertEquals(planted.size(), packs.distinctSecrets().size());
    assertTrue(planted.size() >= 8, planted.toString());
  }

  /** Writes a {@code git fast-import} stream of a real-shaped history. */
  static final class Generator {
    private final Random random;
    private final int commits;
    private final StringBuilder out = new StringBuilder();
    private int mark;
    private long time = 1_600_000_000L;
    private int secrets;

    Generator(Random random, int commits) {
      this.random = random;
      this.commits = commits;
    }

    /** One branch's files: path -> mode and content. */
    private record File(String mode, String content) {}

    private static final String[] ROOTS = {"src", "test", "docs", "a", "a.b", "a-b", "a0", "lib"};

    byte[] stream() {
      TreeMap<String, File> main = new TreeMap<>();
      for (int i = 0; i < 120; i++) {
        main.put(newPath(), regular(text(5 + random.nextInt(60))));
      }
      int mainMark = commit("refs/heads/main", "initial import", -1, -1, new TreeMap<>(), main);
      int made = 1;
      int tags = 0;
      while (made < commits) {
        if (random.nextInt(8) == 0) {
          // A feature branch, commits on main meanwhile, merged back with a merge commit.
          TreeMap<String, File> base = new TreeMap<>(main);
          TreeMap<String, File> feature = new TreeMap<>(base);
          String branch = "refs/heads/feature-" + made;
          int featureMark = mainMark;
          for (int k = 3 + random.nextInt(6); k > 0; k--, made++) {
            TreeMap<String, File> next = edit(feature);
            featureMark = commit(branch, "feature work " + made, featureMark, -1, feature, next);
            feature = next;
          }
          for (int k = random.nextInt(4); k > 0; k--, made++) {
            TreeMap<String, File> next = edit(main);
            mainMark = commit("refs/heads/main", "main work " + made, mainMark, -1, main, next);
            main = next;
          }
          TreeMap<String, File> merged = merge(base, main, feature);
          String message = "Merge " + branch + " " + made;
          if (random.nextInt(3) == 0 && !merged.isEmpty()) {
            message = plant(merged, message);
          }
          mainMark = commit("refs/heads/main", message, mainMark, featureMark, main, merged);
          main = merged;
          made++;
          if (random.nextInt(3) > 0) {
            out.append("reset ")
                .append(branch)
                .append("\nfrom 0000000000000000000000000000000000000000\n\n");
          }
        } else {
          TreeMap<String, File> next = edit(main);
          String message = "change " + made;
          if (random.nextInt(60) == 0) {
            message = plant(next, message);
          }
          mainMark = commit("refs/heads/main", message, mainMark, -1, main, next);
          main = next;
          made++;
        }
        if (made / 100 > tags) {
          tags++;
          if (tags % 2 == 0) {
            out.append("reset refs/tags/v")
                .append(tags)
                .append("\nfrom :")
                .append(mainMark)
                .append("\n\n");
          } else {
            out.append("tag v")
                .append(tags)
                .append("\nfrom :")
                .append(mainMark)
                .append("\ntagger T <t@example.com> ")
                .append(time)
                .append(" +0000\n");
            data("release " + tags);
          }
        }
      }
      return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Puts a new secret into a file of {@code files}; the message names the commit for the test.
     */
    private String plant(TreeMap<String, File> files, String message) {
      List<String> paths = new ArrayList<>();
      files.forEach(
          (p, f) -> {
            if (f.mode().startsWith("100")) {
              paths.add(p);
            }
          });
      String path = paths.get(random.nextInt(paths.size()));
      File f = files.get(path);
      files.put(path, new File(f.mode(), f.content() + "token = " + Tokens.githubPat() + "\n"));
      String named = message + " (secret " + ++secrets + ")";
      planted.put(named, path);
      return named;
    }

    private String newPath() {
      StringBuilder p = new StringBuilder(ROOTS[random.nextInt(ROOTS.length)]);
      for (int depth = random.nextInt(4); depth > 0; depth--) {
        p.append('/')
            .append(
                new String[] {"core", "util", "x", "x.y", "x-y", "io", "net"}[random.nextInt(7)]);
      }
      return p.append('/')
          .append(new String[] {"Main", "x", "x.txt", "x-y", "Util", "a"}[random.nextInt(6)])
          .append(random.nextInt(40))
          .append(random.nextBoolean() ? ".java" : ".txt")
          .toString();
    }

    private String text(int lines) {
      StringBuilder t = new StringBuilder();
      for (int i = 0; i < lines; i++) {
        t.append("line ")
            .append(random.nextInt(1000))
            .append(" of text, value = ")
            .append(random.nextInt(1 << 20))
            .append('\n');
      }
      return t.toString();
    }

    private static File regular(String content) {
      return new File("100644", content);
    }

    /**
     * One commit's worth of change: mostly small edits of 1-3 files, now and then something else.
     */
    private TreeMap<String, File> edit(TreeMap<String, File> files) {
      TreeMap<String, File> next = new TreeMap<>(files);
      List<String> paths = new ArrayList<>(next.keySet());
      int what = random.nextInt(100);
      if (what < 70 || paths.size() < 20) {
        for (int k = 1 + random.nextInt(3); k > 0; k--) {
          String p = paths.get(random.nextInt(paths.size()));
          File f = next.get(p);
          if (f.mode().startsWith("100")) {
            String[] lines = f.content().split("\n", -1);
            lines[random.nextInt(Math.max(1, lines.length - 1))] =
                "edited " + random.nextInt(1 << 20);
            next.put(p, new File(f.mode(), String.join("\n", lines)));
          }
        }
        if (random.nextInt(4) == 0) {
          next.put(newPath(), regular(text(3 + random.nextInt(30))));
        }
      } else if (what < 76) {
        next.remove(paths.get(random.nextInt(paths.size())));
      } else if (what < 84) {
        // A rename, edited in the same commit half the time.
        String from = paths.get(random.nextInt(paths.size()));
        File f = next.remove(from);
        String content = random.nextBoolean() ? f.content() : f.content() + "renamed\n";
        next.put(newPath(), new File(f.mode(), content));
      } else if (what < 88) {
        // A folder renamed: everything under it moves.
        String from = paths.get(random.nextInt(paths.size()));
        String folder = from.substring(0, from.lastIndexOf('/') + 1);
        String to = ROOTS[random.nextInt(ROOTS.length)] + "/moved" + random.nextInt(5) + "/";
        for (String p : paths) {
          if (p.startsWith(folder) && !next.containsKey(to + p.substring(folder.length()))) {
            next.put(to + p.substring(folder.length()), next.remove(p));
          }
        }
      } else if (what < 91) {
        // A file becomes a folder of the same name.
        String p = paths.get(random.nextInt(paths.size()));
        if (next.keySet().stream().noneMatch(q -> q.startsWith(p + "/"))) {
          File f = next.remove(p);
          next.put(p + "/part1.txt", f);
          next.put(p + "/part2.txt", regular(text(4)));
        }
      } else if (what < 94) {
        String p = paths.get(random.nextInt(paths.size()));
        File f = next.get(p);
        if (f.mode().startsWith("100")) {
          next.put(p, new File(f.mode().equals("100644") ? "100755" : "100644", f.content()));
        }
      } else if (what < 97) {
        String p = paths.get(random.nextInt(paths.size()));
        next.put(
            p.substring(0, p.lastIndexOf('/') + 1) + "link" + random.nextInt(9),
            new File("120000", p));
      } else {
        // The submodule: added, then bumped now and then.
        next.put("vendor/lib", new File("160000", String.format("%040x", random.nextInt(1 << 30))));
      }
      return next;
    }

    /** A three-way merge of whole files; both sides changed: a hand-written resolution. */
    private TreeMap<String, File> merge(
        TreeMap<String, File> base, TreeMap<String, File> ours, TreeMap<String, File> theirs) {
      TreeMap<String, File> merged = new TreeMap<>(ours);
      Set<String> all = new TreeSet<>(theirs.keySet());
      all.addAll(base.keySet());
      for (String p : all) {
        File b = base.get(p);
        File o = ours.get(p);
        File t = theirs.get(p);
        if (java.util.Objects.equals(t, b) || java.util.Objects.equals(t, o)) {
          continue;
        }
        if (java.util.Objects.equals(o, b)) {
          if (t == null) {
            merged.remove(p);
          } else {
            merged.put(p, t);
          }
        } else if (o != null
            && t != null
            && o.mode().startsWith("100")
            && t.mode().startsWith("100")) {
          merged.put(p, regular(o.content() + "resolved " + random.nextInt(1000) + "\n"));
        }
      }
      // A file and a folder of one name cannot both be there: keep the folder.
      merged.keySet().removeIf(p -> merged.keySet().stream().anyMatch(q -> q.startsWith(p + "/")));
      return merged;
    }

    private int commit(
        String ref,
        String message,
        int from,
        int mergeFrom,
        TreeMap<String, File> parent,
        TreeMap<String, File> files) {
      int m = ++mark;
      time += 60 + random.nextInt(3600);
      out.append("commit ").append(ref).append("\nmark :").append(m).append('\n');
      out.append("author ")
          .append(GitRepo.AUTHOR)
          .append(" <")
          .append(GitRepo.EMAIL)
          .append("> ")
          .append(time)
          .append(" +0000\n");
      out.append("committer ")
          .append(GitRepo.AUTHOR)
          .append(" <")
          .append(GitRepo.EMAIL)
          .append("> ")
          .append(time)
          .append(" +0000\n");
      data(message);
      if (from > 0) {
        out.append("from :").append(from).append('\n');
      }
      if (mergeFrom > 0) {
        out.append("merge :").append(mergeFrom).append('\n');
      }
      for (String p : parent.keySet()) {
        if (!files.containsKey(p)) {
          out.append("D ").append(p).append('\n');
        }
      }
      files.forEach(
          (p, f) -> {
            if (!f.equals(parent.get(p))) {
              if (f.mode().equals("160000")) {
                out.append("M 160000 ").append(f.content()).append(' ').append(p).append('\n');
              } else {
                out.append("M ").append(f.mode()).append(" inline ").append(p).append('\n');
                data(f.content());
              }
            }
          });
      out.append('\n');
      return m;
    }

    private void data(String text) {
      out.append("data ")
          .append(text.getBytes(StandardCharsets.UTF_8).length)
          .append('\n')
          .append(text)
          .append('\n');
    }
  }
}
