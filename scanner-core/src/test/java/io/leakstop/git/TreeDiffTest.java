package io.leakstop.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.TreeFormatter;
import org.junit.jupiter.api.Test;

/**
 * {@link TreeDiff} against JGit's {@code TreeWalk} (as {@link RealShapedHistoryTest#treeWalkDiff}
 * runs it) on generated trees: merges of two and three parents whose resolution keeps one side,
 * mixes the sides, adds files, or moves a file one parent had to another path; folders one parent
 * lacks; names that sort around '/'; files turned into folders; symlinks and submodules; the same
 * trees diffed many times, in walk order and oldest first, with a cache small enough that trees are
 * read again.
 */
class TreeDiffTest {
  private static final String[] NAMES = {"a", "a.b", "a-b", "a0", "b", "t", "t0", "z"};
  private static final int[] FILE_MODES = {
    FileMode.REGULAR_FILE.getBits(),
    FileMode.REGULAR_FILE.getBits(),
    FileMode.REGULAR_FILE.getBits(),
    FileMode.EXECUTABLE_FILE.getBits(),
    FileMode.SYMLINK.getBits()
  };

  private final InMemoryRepository repo =
      new InMemoryRepository(new DfsRepositoryDescription("tree-diff"));
  private final List<ObjectId> blobs = new ArrayList<>();

  /** A file's mode and blob. */
  private record File(int mode, ObjectId id) {}

  /** A generated diff: the commit's tree and its parents'. */
  private record Case(ObjectId tree, List<ObjectId> parents) {}

  @Test
  void mergesRenamesAndSharedTreesDiffAsTreeWalkDoes() throws IOException {
    Random random = new Random(18);
    try (ObjectInserter inserter = repo.newObjectInserter()) {
      for (int i = 0; i < 12; i++) {
        blobs.add(
            inserter.insert(Constants.OBJ_BLOB, ("blob " + i).getBytes(StandardCharsets.UTF_8)));
      }
      List<Case> cases = new ArrayList<>();
      for (int history = 0; history < 60; history++) {
        Map<String, Object> base = randomFolder(random, 0);
        List<Map<String, Object>> lineage = new ArrayList<>();
        lineage.add(base);
        for (int c = 0; c < 8; c++) {
          Map<String, Object> parent = lineage.get(random.nextInt(lineage.size()));
          List<Map<String, Object>> parents = new ArrayList<>(List.of(parent));
          int merge = random.nextInt(4);
          for (int p = 1; merge >= 2 && p < merge; p++) {
            parents.add(edit(random, lineage.get(random.nextInt(lineage.size())), 3));
          }
          Map<String, Object> child =
              parents.size() > 1
                  ? resolve(random, parents)
                  : edit(random, parent, 1 + random.nextInt(3));
          List<ObjectId> parentTrees = new ArrayList<>();
          for (Map<String, Object> p : parents) {
            parentTrees.add(write(inserter, p));
          }
          cases.add(new Case(write(inserter, child), parentTrees));
          lineage.add(child);
        }
        cases.add(new Case(write(inserter, base), List.of()));
      }
      inserter.flush();
      int merges = (int) cases.stream().filter(c -> c.parents().size() > 1).count();
      int octopus = (int) cases.stream().filter(c -> c.parents().size() > 2).count();
      assertTrue(merges > 100 && octopus > 40, merges + " merges, " + octopus + " of 3 parents");

      int changes = 0;
      try (ObjectReader reader = repo.newObjectReader()) {
        // One differ for all, as a walking thread has: trees it parsed are met again, as a commit's
        // and as a parent's, in either order.
        TreeDiff diff = new TreeDiff(4 << 10);
        changes += check(reader, diff, cases);
        List<Case> reversed = new ArrayList<>(cases);
        Collections.reverse(reversed);
        changes += check(reader, diff, reversed);
        changes += check(reader, new TreeDiff(64 << 20), cases);
        Collections.shuffle(reversed, random);
        changes += check(reader, new TreeDiff(64 << 20), reversed);
      }
      assertTrue(changes > 2000, changes + " changes");
    }
  }

  /** Diffs each case and compares it with TreeWalk's answer; returns the number of changes. */
  private static int check(ObjectReader reader, TreeDiff diff, List<Case> cases)
      throws IOException {
    int changes = 0;
    for (Case c : cases) {
      List<String> expected = RealShapedHistoryTest.treeWalkDiff(reader, c.tree(), c.parents());
      List<String> found = new ArrayList<>();
      List<String> submodules = new ArrayList<>();
      diff.diff(reader, c.tree(), c.parents(), RealShapedHistoryTest.recording(found, submodules));
      // A merge names a submodule only where it differs from every parent (see TreeDiff).
      if (c.parents().size() > 1) {
        expected.removeIf(e -> e.startsWith("submodule ") && !submodules.contains(e));
      }
      found.addAll(submodules);
      assertEquals(
          expected.stream().sorted().toList(),
          found.stream().sorted().toList(),
          "tree " + c.tree().name() + " against " + c.parents());
      changes += found.size();
    }
    return changes;
  }

  private Map<String, Object> randomFolder(Random random, int depth) {
    Map<String, Object> folder = new TreeMap<>();
    for (String name : NAMES) {
      int pick = random.nextInt(10);
      if (pick < 4) {
        folder.put(name, randomFile(random));
      } else if (pick < 6 && depth < 3) {
        folder.put(name, randomFolder(random, depth + 1));
      }
    }
    return folder;
  }

  private File randomFile(Random random) {
    if (random.nextInt(40) == 0) {
      return new File(FileMode.GITLINK.getBits(), blobs.get(random.nextInt(blobs.size())));
    }
    return new File(
        FILE_MODES[random.nextInt(FILE_MODES.length)], blobs.get(random.nextInt(blobs.size())));
  }

  /** A copy of {@code folder} with {@code edits} random changes somewhere in it. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> edit(Random random, Map<String, Object> folder, int edits) {
    Map<String, Object> out = copy(folder);
    for (int e = 0; e < edits; e++) {
      Map<String, Object> at = out;
      while (true) {
        List<String> folders =
            at.entrySet().stream()
                .filter(x -> x.getValue() instanceof Map)
                .map(Map.Entry::getKey)
                .toList();
        if (folders.isEmpty() || random.nextInt(3) == 0) {
          break;
        }
        at = (Map<String, Object>) at.get(folders.get(random.nextInt(folders.size())));
      }
      String name = NAMES[random.nextInt(NAMES.length)];
      switch (random.nextInt(6)) {
        case 0 -> at.remove(name);
        case 1 -> at.put(name, randomFolder(random, 2));
        case 2 -> {
          // A move: some file of this folder goes to another name.
          for (String from : List.copyOf(at.keySet())) {
            if (at.get(from) instanceof File) {
              at.put(name, at.remove(from));
              break;
            }
          }
        }
        default -> at.put(name, randomFile(random));
      }
    }
    return out;
  }

  /**
   * A merge's tree: per name, one parent's entry (the first's most often), a mix of the parents'
   * folders, or a new file; sometimes with a file one parent had elsewhere.
   */
  @SuppressWarnings("unchecked")
  private Map<String, Object> resolve(Random random, List<Map<String, Object>> parents) {
    Map<String, Object> out = new TreeMap<>();
    for (String name : NAMES) {
      int pick = random.nextInt(10);
      Object chosen;
      if (pick < 5) {
        chosen = parents.get(0).get(name);
      } else if (pick < 8) {
        chosen = parents.get(random.nextInt(parents.size())).get(name);
      } else if (pick < 9) {
        List<Map<String, Object>> sides = new ArrayList<>();
        for (Map<String, Object> p : parents) {
          if (p.get(name) instanceof Map) {
            sides.add((Map<String, Object>) p.get(name));
          }
        }
        chosen = sides.isEmpty() ? randomFile(random) : resolve(random, sides);
      } else {
        chosen = randomFile(random);
      }
      if (chosen instanceof Map<?, ?> m) {
        out.put(name, copy((Map<String, Object>) m));
      } else if (chosen != null) {
        out.put(name, chosen);
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> copy(Map<String, Object> folder) {
    Map<String, Object> out = new TreeMap<>();
    folder.forEach((k, v) -> out.put(k, v instanceof Map ? copy((Map<String, Object>) v) : v));
    return out;
  }

  /** Writes {@code folder} as tree objects, entries in git's order; an empty folder is left out. */
  @SuppressWarnings("unchecked")
  private static ObjectId write(ObjectInserter inserter, Map<String, Object> folder)
      throws IOException {
    List<Object[]> entries = new ArrayList<>();
    for (Map.Entry<String, Object> e : folder.entrySet()) {
      if (e.getValue() instanceof Map<?, ?> sub) {
        if (!sub.isEmpty()) {
          entries.add(
              new Object[] {
                e.getKey() + "/",
                e.getKey(),
                FileMode.TREE.getBits(),
                write(inserter, (Map<String, Object>) sub)
              });
        }
      } else {
        File f = (File) e.getValue();
        entries.add(new Object[] {e.getKey(), e.getKey(), f.mode(), f.id()});
      }
    }
    entries.sort((x, y) -> ((String) x[0]).compareTo((String) y[0]));
    TreeFormatter tree = new TreeFormatter();
    for (Object[] e : entries) {
      tree.append((String) e[1], FileMode.fromBits((int) e[2]), (ObjectId) e[3]);
    }
    return inserter.insert(tree);
  }
}
