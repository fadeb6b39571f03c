package io.leakstop.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;

class IntroductionsTest {
  /** An introduction as a map of lists would keep it: in the order recorded. */
  private record Naive(int commit, String path, List<ObjectId> before) {}

  /**
   * Thousands of blobs (many alike in the word the table hashes), paths (some not ASCII, some
   * excluded) and commits recorded in shuffled commit order, as the walk's threads would: what
   * comes out (blobs in scan order, each one's introductions and befores, which blobs were added
   * where excluded) is what a plain map from id to a list of introductions answers.
   */
  @Test
  void recordsWhatAMapOfListsWould() {
    Random random = new Random(18);
    List<ObjectId> blobs = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      byte[] raw = new byte[20];
      random.nextBytes(raw);
      if (i % 2 == 0) {
        raw[4] = raw[5] = raw[6] = raw[7] = 7;
      }
      blobs.add(ObjectId.fromRaw(raw));
    }
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < 2500; i++) {
      paths.add("src/d" + (i % 37) + "/f\u00fc" + i + (i % 11 == 0 ? ".skip" : ".txt"));
    }
    Map<ObjectId, Long> positions = new HashMap<>();
    for (ObjectId blob : blobs) {
      positions.put(blob, random.nextInt(5) == 0 ? Long.MAX_VALUE : random.nextLong() >>> 2);
    }
    Introductions introductions =
        new Introductions(id -> positions.get(id.toObjectId()), p -> p.endsWith(".skip"));
    List<ObjectId> commits = new ArrayList<>();
    List<TreeDiff.Additions> additions = new ArrayList<>();
    Map<ObjectId, List<Naive>> expected = new HashMap<>();
    Set<ObjectId> excluded = new HashSet<>();
    for (int c = 0; c < 400; c++) {
      byte[] raw = new byte[20];
      random.nextBytes(raw);
      commits.add(ObjectId.fromRaw(raw));
      assertEquals(c, introductions.addCommit(commits.get(c)));
      int size = random.nextInt(20);
      ByteArrayOutputStream ids = new ByteArrayOutputStream();
      ByteArrayOutputStream pathBytes = new ByteArrayOutputStream();
      ByteArrayOutputStream befores = new ByteArrayOutputStream();
      int[] pathEnds = new int[size];
      int[] beforeEnds = new int[size];
      int beforeCount = 0;
      for (int i = 0; i < size; i++) {
        ObjectId blob = blobs.get(random.nextInt(blobs.size()));
        String path = paths.get(random.nextInt(paths.size()));
        List<ObjectId> before = new ArrayList<>();
        for (int b = random.nextInt(3); b > 0; b--) {
          before.add(blobs.get(random.nextInt(blobs.size())));
        }
        ids.writeBytes(raw(blob));
        pathBytes.writeBytes(path.getBytes(StandardCharsets.UTF_8));
        pathEnds[i] = pathBytes.size();
        for (ObjectId b : before) {
          befores.writeBytes(raw(b));
        }
        beforeCount += before.size();
        beforeEnds[i] = beforeCount;
        if (path.endsWith(".skip")) {
          excluded.add(blob);
        } else {
          expected.computeIfAbsent(blob, k -> new ArrayList<>()).add(new Naive(c, path, before));
        }
      }
      additions.add(
          new TreeDiff.Additions(
              size,
              ids.toByteArray(),
              pathBytes.toByteArray(),
              pathEnds,
              befores.toByteArray(),
              beforeEnds));
    }
    List<Integer> order = new ArrayList<>();
    for (int c = 0; c < commits.size(); c++) {
      order.add(c);
    }
    Collections.shuffle(order, random);
    for (int c : order) {
      introductions.introduce(c, additions.get(c));
    }

    List<ObjectId> expectedOrder = new ArrayList<>(expected.keySet());
    expectedOrder.sort(
        Comparator.<ObjectId>comparingLong(positions::get)
            .thenComparingInt(
                id -> expected.get(id).stream().mapToInt(Naive::commit).min().orElseThrow())
            .thenComparing(Comparator.naturalOrder()));
    List<ObjectId> scanned = new ArrayList<>();
    for (int e : introductions.blobsInScanOrder()) {
      Introductions.Blob blob = introductions.blob(e);
      scanned.add(blob.id);
      assertEquals(positions.get(blob.id), blob.packPosition);
      List<Naive> naive = new ArrayList<>(expected.get(blob.id));
      naive.sort(Comparator.comparingInt(Naive::commit));
      assertEquals(
          naive,
          blob.intros().stream()
              .map(i -> new Naive(i.commit(), i.path(), Arrays.asList(i.before())))
              .toList());
    }
    assertEquals(expectedOrder, scanned);
    for (ObjectId blob : blobs) {
      assertEquals(expected.containsKey(blob), introductions.contains(blob), blob.name());
      assertEquals(excluded.contains(blob), introductions.addedWhereExcluded(blob), blob.name());
    }
    assertFalse(introductions.contains(commits.get(0)));
    for (int c = 0; c < commits.size(); c++) {
      assertEquals(commits.get(c), introductions.commit(c));
    }
  }

  private static byte[] raw(ObjectId id) {
    byte[] out = new byte[20];
    id.copyRawTo(out, 0);
    return out;
  }

  /** The search that decides whether a parent's version of a file already held a secret. */
  @Test
  void indexOfFindsTheFirstOccurrenceLikeANaiveSearch() {
    Random random = new Random(7);
    for (int round = 0; round < 20_000; round++) {
      // A small alphabet makes partial matches, repeats and overlaps common.
      byte[] data = randomBytes(random, random.nextInt(200), 1 + random.nextInt(4));
      byte[] needle = randomBytes(random, 1 + random.nextInt(6), 1 + random.nextInt(4));
      if (random.nextBoolean() && data.length >= needle.length) {
        System.arraycopy(
            needle, 0, data, random.nextInt(data.length - needle.length + 1), needle.length);
      }
      assertEquals(
          naiveIndexOf(data, needle), Introductions.indexOf(data, needle), "round " + round);
    }
  }

  @Test
  void indexOfHandlesEdges() {
    byte[] text = "token ghp_abc and ghp_abc".getBytes(StandardCharsets.UTF_8);
    assertEquals(6, Introductions.indexOf(text, "ghp_abc".getBytes(StandardCharsets.UTF_8)));
    assertEquals(0, Introductions.indexOf(text, text));
    assertEquals(
        -1,
        Introductions.indexOf(
            "ghp_ab".getBytes(StandardCharsets.UTF_8), "ghp_abc".getBytes(StandardCharsets.UTF_8)));
    assertEquals(-1, Introductions.indexOf(new byte[0], "x".getBytes(StandardCharsets.UTF_8)));
    byte[] high = {(byte) 0xe2, (byte) 0x82, (byte) 0xac, 'x', (byte) 0xff};
    assertEquals(3, Introductions.indexOf(high, new byte[] {'x', (byte) 0xff}));
  }

  private static byte[] randomBytes(Random random, int length, int alphabet) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] =
          (byte)
              (random.nextBoolean()
                  ? 'a' + random.nextInt(alphabet)
                  : 0xf0 + random.nextInt(alphabet));
    }
    return bytes;
  }

  private static int naiveIndexOf(byte[] data, byte[] needle) {
    outer:
    for (int i = 0; i <= data.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (data[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
