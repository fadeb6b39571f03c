package io.leakstop.git;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakstop.finding.ScanResult;
import io.leakstop.source.PathFilter;
import io.leakstop.testing.GitRepo;
import io.leakstop.testing.Tokens;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackObjectsTest {
  @TempDir Path tmp;

  /** Many versions of a few files and directories, so that git packs long delta chains. */
  private static GitRepo history(Path dir) throws IOException {
    GitRepo repo = GitRepo.init(dir);
    Random random = new Random(5);
    StringBuilder text = new StringBuilder();
    for (int commit = 0; commit < 60; commit++) {
      for (int line = 0; line < 40; line++) {
        text.append("line ")
            .append(commit)
            .append('.')
            .append(line)
            .append(" value=")
            .append(random.nextInt(1000))
            .append('\n');
      }
      repo.write("src/main/app.txt", text.toString());
      repo.write(
          "src/dir" + (commit % 7) + "/notes.txt",
          "notes " + commit + "\n" + text.substring(0, text.length() / 3));
      repo.write("empty.txt", "");
      repo.commitAll("commit " + commit);
    }
    return repo;
  }

  /** Every tree and blob as PackObjects reads it, against JGit; returns how many deltas it read. */
  private static int assertSameAsJgit(Path dir) throws IOException {
    int deltas = 0;
    List<String> packed =
        List.of(GitRepo.at(dir).git("verify-pack", "-v", packIndex(dir).toString()).split("\n"));
    try (Repository repo = GitRepositories.open(dir);
        PackObjects packs = PackObjects.of(repo, 1 << 20);
        PackObjects.Reader reader = packs.newReader();
        ObjectReader jgit = repo.newObjectReader()) {
      for (String line : packed) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 5 || !(f[1].equals("tree") || f[1].equals("blob"))) {
          continue;
        }
        ObjectId id = ObjectId.fromString(f[0]);
        PackObjects.Loaded object = reader.read(id, Long.MAX_VALUE);
        int type = f[1].equals("tree") ? Constants.OBJ_TREE : Constants.OBJ_BLOB;
        assertEquals(type, object.type(), f[0]);
        assertArrayEquals(jgit.open(id, type).getCachedBytes(), object.bytes(), f[0]);
        if (f.length >= 7) {
          deltas++;
        }
      }
    }
    return deltas;
  }

  private static Path packIndex(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve(".git/objects/pack"))) {
      return files.filter(p -> p.toString().endsWith(".idx")).findFirst().orElseThrow();
    }
  }

  @Test
  void readsEveryObjectOfADeltaChainedPackAsJgitDoes() throws IOException {
    GitRepo repo = history(tmp.resolve("r"));
    repo.git("repack", "-adfq", "--depth=50", "--window=50");
    assertTrue(assertSameAsJgit(repo.dir()) > 100, "the pack has delta chains to read");
  }

  /**
   * The blob scan reads through the file channel a window at a time. With windows of 64 bytes a
   * delta's zlib stream mostly runs past the window its header is in, and telling a blob over the
   * size limit reads the delta's head first: the delta must still be inflated from where it starts,
   * not from where the window moved to (damaged-data errors on three of jackson-core's blobs
   * otherwise).
   */
  @Test
  void readsBlobsThroughSmallWindowsWithTheSizeLimitAsJgitDoes() throws IOException {
    GitRepo repo = history(tmp.resolve("r"));
    repo.git("repack", "-adfq", "--depth=50", "--window=50");
    List<ObjectId> blobs = new ArrayList<>();
    for (String line :
        repo.git("cat-file", "--batch-all-objects", "--batch-check=%(objecttype) %(objectname)")
            .split("\n")) {
      if (line.startsWith("blob ")) {
        blobs.add(ObjectId.fromString(line.substring(5, 45)));
      }
    }
    try (Repository jgit = GitRepositories.open(repo.dir());
        PackObjects packs = PackObjects.of(jgit, 4 << 10);
        PackObjects.Reader reader = packs.newReader(64, 64);
        ObjectReader expected = jgit.newObjectReader()) {
      blobs.sort(java.util.Comparator.comparingLong(packs::position));
      for (ObjectId id : blobs) {
        PackObjects.Loaded object = reader.readUnlessBinary(packs.position(id), 1 << 20);
        assertArrayEquals(expected.open(id).getCachedBytes(), object.bytes(), id.name());
      }
    }
    assertTrue(blobs.size() > 100, blobs.size() + " blobs");
  }

  @Test
  void readsDeltasThatNameTheirBaseById() throws IOException {
    GitRepo repo = history(tmp.resolve("r"));
    repo.git(
        "-c", "repack.useDeltaBaseOffset=false", "repack", "-adfq", "--depth=50", "--window=50");
    assertTrue(assertSameAsJgit(repo.dir()) > 100, "the pack has delta chains to read");
  }

  /**
   * Readers on several threads share what they keep: each reads every object, in its own order,
   * under a limit small enough that they keep evicting each other's objects.
   */
  @Test
  void readersOnSeveralThreadsReadEveryObjectAsJgitDoes() throws Exception {
    GitRepo repo = history(tmp.resolve("r"));
    repo.git("repack", "-adfq", "--depth=50", "--window=50");
    List<ObjectId> ids = new ArrayList<>();
    for (String line : repo.git("rev-list", "--objects", "--all").split("\n")) {
      ids.add(ObjectId.fromString(line.substring(0, 40)));
    }
    Map<ObjectId, byte[]> expected = new HashMap<>();
    try (Repository jgit = GitRepositories.open(repo.dir());
        ObjectReader reader = jgit.newObjectReader()) {
      for (ObjectId id : ids) {
        expected.put(id, reader.open(id).getCachedBytes());
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (Repository jgit = GitRepositories.open(repo.dir());
        PackObjects packs = PackObjects.of(jgit, 64 << 10)) {
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        List<ObjectId> order = new ArrayList<>(ids);
        Collections.shuffle(order, new Random(t));
        done.add(
            pool.submit(
                () -> {
                  try (PackObjects.Reader reader = packs.newReader()) {
                    for (ObjectId id : order) {
                      assertArrayEquals(
                          expected.get(id), reader.read(id, Long.MAX_VALUE).bytes(), id.name());
                    }
                  }
                  return order.size();
                }));
      }
      for (Future<Integer> f : done) {
        assertEquals(ids.size(), f.get());
      }
      assertTrue(packs.cachedBytes() <= 64 << 10, packs.cachedBytes() + " bytes kept");
    } finally {
      pool.shutdownNow();
    }
  }

  /** Blobs outgrow trees: the kept objects must stay under the limit however their sizes mix. */
  @Test
  void keepsNoMoreThanItsLimit() throws IOException {
    GitRepo repo = history(tmp.resolve("r"));
    repo.git("repack", "-adfq", "--depth=50", "--window=50");
    try (Repository jgit = GitRepositories.open(repo.dir());
        PackObjects packs = PackObjects.of(jgit, 16 << 10);
        PackObjects.Reader reader = packs.newReader()) {
      int read = 0;
      for (String id : repo.git("rev-list", "--objects", "--all").split("\n")) {
        reader.read(ObjectId.fromString(id.substring(0, 40)), Long.MAX_VALUE);
        assertTrue(packs.cachedBytes() <= 16 << 10, packs.cachedBytes() + " bytes kept");
        read++;
      }
      assertTrue(read > 200, read + " objects read");
    }
  }

  @Test
  void leavesLooseAndOversizedObjectsToJgit() throws IOException {
    GitRepo repo = history(tmp.resolve("r"));
    repo.git("repack", "-adq");
    String packedBlob = repo.git("rev-parse", "HEAD:src/main/app.txt").trim();
    repo.write("loose.txt", "only loose\n").commitAll("loose");
    String looseBlob = repo.git("rev-parse", "HEAD:loose.txt").trim();
    try (Repository jgit = GitRepositories.open(repo.dir());
        PackObjects packs = PackObjects.of(jgit, 1 << 20);
        PackObjects.Reader reader = packs.newReader()) {
      assertNull(reader.read(ObjectId.fromString(looseBlob), Long.MAX_VALUE));
      assertNull(reader.read(ObjectId.fromString(packedBlob), 100));
      assertEquals(
          Constants.OBJ_BLOB, reader.read(ObjectId.fromString(packedBlob), Long.MAX_VALUE).type());
    }
  }

  /**
   * Objects spread over two packs, and a clone that borrows them through objects/info/alternates.
   */
  @Test
  void scansHistorySpreadOverPacksAndAlternates() throws IOException {
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    String first = repo.write("a.txt", "T=" + Tokens.githubPat() + "\n").commitAll("first");
    repo.git("repack", "-adq");
    String second = repo.write("b.txt", "T=" + Tokens.githubPat() + "\n").commitAll("second");
    repo.git("repack", "-dq");
    try (Stream<Path> packs = Files.list(repo.dir().resolve(".git/objects/pack"))) {
      assertEquals(2, packs.filter(p -> p.toString().endsWith(".pack")).count(), "two packs");
    }
    GitRepo.at(tmp)
        .git("clone", "-q", "--shared", repo.dir().toString(), tmp.resolve("shared").toString());
    GitRepo shared = GitRepo.at(tmp.resolve("shared"));
    String third = shared.write("c.txt", "T=" + Tokens.githubPat() + "\n").commitAll("third");
    for (Path dir : List.of(repo.dir(), shared.dir())) {
      ScanResult result =
          GitHistorySourceTest.scan(dir, GitHistorySourceTest.options().withWorktree(false));
      assertEquals(List.of(), result.problems());
      GitHistorySourceTest.assertAt(result.findings().get(0), "a.txt", 1, 3, first, "first");
      GitHistorySourceTest.assertAt(result.findings().get(1), "b.txt", 1, 3, second, "second");
    }
    ScanResult borrowed =
        GitHistorySourceTest.scan(shared.dir(), GitHistorySourceTest.options().withWorktree(false));
    assertEquals(3, borrowed.findings().size(), borrowed.findings().toString());
    GitHistorySourceTest.assertAt(borrowed.findings().get(2), "c.txt", 1, 3, third, "third");
  }

  @Test
  void aDeltaThatDoesNotFitItsBaseIsAnError() {
    byte[] base = "hello".getBytes();
    // base size 6 (wrong), result size 5, copy 5 bytes from 0
    byte[] delta = {6, 5, (byte) 0x90, 5};
    assertThrows(IOException.class, () -> PackObjects.applyDelta(base, delta));
    byte[] outside = {5, 9, (byte) 0x91, 3, 6};
    assertThrows(IOException.class, () -> PackObjects.applyDelta(base, outside));
    assertArrayEquals(
        "llo".getBytes(), assertDoesNotThrowApply(base, new byte[] {5, 3, (byte) 0x91, 2, 3}));
  }

  /**
   * A delta is inflated into a reused buffer that may be longer: a command that runs past the
   * delta's end is an error, whatever the buffer holds after it.
   */
  @Test
  void aDeltaCutShortInALongerBufferIsAnError() throws IOException {
    byte[] base = "hello".getBytes();
    byte[] buffer = {5, 3, (byte) 0x91, 2, 3, 7, 7, 7};
    assertArrayEquals("llo".getBytes(), PackObjects.applyDelta(base, buffer, 5, null));
    assertThrows(IOException.class, () -> PackObjects.applyDelta(base, buffer, 4, null));
    byte[] inserts = {5, 5, 5, 'w', 'o', 'r', 'l', 'd', 0, 0};
    assertArrayEquals("world".getBytes(), PackObjects.applyDelta(base, inserts, 8, null));
    assertThrows(IOException.class, () -> PackObjects.applyDelta(base, inserts, 6, null));
  }

  private static byte[] assertDoesNotThrowApply(byte[] base, byte[] delta) {
    try {
      return PackObjects.applyDelta(base, delta);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * A binary blob is inflated only as far as it takes to tell: damage further into it goes unread,
   * where reading all of it (as git does) fails.
   */
  @Test
  void aBinaryBlobIsReadOnlyAsFarAsItsFirstBytes() throws IOException {
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    byte[] image = new byte[600_000];
    new Random(9).nextBytes(image);
    image[10] = 0;
    Files.write(repo.dir().resolve("image.bin"), image);
    String text = repo.write("k.txt", "T=" + Tokens.githubPat() + "\n").commitAll("image and key");
    repo.git("repack", "-adq");
    String blob = repo.git("rev-parse", "HEAD:image.bin").trim();
    corruptPacked(repo, blob, 400_000, 1_000);
    assertThrows(
        IOException.class,
        () -> repo.git("cat-file", "blob", blob),
        "the blob is damaged past its start");
    ScanResult result =
        GitHistorySourceTest.scanWith(
            repo.dir(),
            GitHistorySourceTest.options().withWorktree(false),
            HistoryOptions.ObjectReading.PACKS);
    assertEquals(List.of(), result.problems());
    assertEquals(1, result.stats().skippedBinary(), result.stats().toString());
    assertEquals(1, result.findings().size(), result.findings().toString());
    GitHistorySourceTest.assertAt(result.findings().get(0), "k.txt", 1, 3, text, "image and key");
  }

  /**
   * A blob over the size limit is skipped on the size in its pack header: neither inflated by the
   * pack reader nor handed to JGit, which inflates all of it to learn its size (and, meeting the
   * damage here, drops the whole pack). Whole and as a delta.
   */
  @Test
  void aBlobOverTheSizeLimitIsSkippedWithoutInflatingIt() throws IOException {
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    StringBuilder big = new StringBuilder();
    Random random = new Random(5);
    for (int i = 0; i < 20_000; i++) {
      big.append("line ").append(random.nextInt()).append('\n');
    }
    repo.write("big.txt", big.toString()).commitAll("big");
    // Edited all through, so that the delta between the versions is a few hundred bytes.
    repo.write("big.txt", big.toString().replaceAll("line (-?\\d*)7\n", "edited $1\n"))
        .commitAll("bigger");
    String text = repo.write("k.txt", "T=" + Tokens.githubPat() + "\n").commitAll("key");
    repo.git("repack", "-adq");
    // Each object's offset and packed size, read before any damage (verify-pack stops at it).
    Map<String, long[]> packed = new HashMap<>();
    for (String line :
        repo.git("verify-pack", "-v", packIndex(repo.dir()).toString()).split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 5 && f[0].length() == 40) {
        packed.put(
            f[0], new long[] {Long.parseLong(f[4]), Long.parseLong(f[3]), f.length >= 7 ? 1 : 0});
      }
    }
    assertEquals(
        1,
        packed.get(repo.git("rev-parse", "HEAD~1:big.txt").trim())[2]
            + packed.get(repo.git("rev-parse", "HEAD~2:big.txt").trim())[2],
        "one version is a delta of the other");
    Path pack = Path.of(packIndex(repo.dir()).toString().replace(".idx", ".pack"));
    pack.toFile().setWritable(true);
    for (String rev : List.of("HEAD~1:big.txt", "HEAD~2:big.txt")) {
      long[] at = packed.get(repo.git("rev-parse", rev).trim());
      // The last bytes of its data, past the first ones (a delta's header is in those).
      try (RandomAccessFile file = new RandomAccessFile(pack.toFile(), "rw")) {
        file.seek(at[0] + at[1] - Math.min(20, at[1] / 3));
        file.write(new byte[(int) Math.min(20, at[1] / 3)]);
      }
    }
    HistoryOptions options =
        new HistoryOptions(List.of(), List.of(), null, false, PathFilter.NONE, 4096, 2, null);
    ScanResult result =
        GitHistorySourceTest.scanWith(repo.dir(), options, HistoryOptions.ObjectReading.PACKS);
    assertEquals(List.of(), result.problems());
    assertEquals(2, result.stats().tooLarge().size(), result.stats().toString());
    assertEquals(1, result.findings().size(), result.findings().toString());
    GitHistorySourceTest.assertAt(result.findings().get(0), "k.txt", 1, 3, text, "key");
  }

  /**
   * Overwrites {@code length} bytes of a packed object's data, {@code from} bytes after its start.
   */
  private static void corruptPacked(GitRepo repo, String object, long from, int length)
      throws IOException {
    long offset = -1;
    for (String line :
        repo.git("verify-pack", "-v", packIndex(repo.dir()).toString()).split("\n")) {
      if (line.startsWith(object)) {
        offset = Long.parseLong(line.trim().split("\\s+")[4]);
      }
    }
    assertTrue(offset > 0, "the object is packed");
    Path pack = Path.of(packIndex(repo.dir()).toString().replace(".idx", ".pack"));
    pack.toFile().setWritable(true);
    try (RandomAccessFile file = new RandomAccessFile(pack.toFile(), "rw")) {
      file.seek(offset + from);
      file.write(new byte[length]);
    }
  }

  /**
   * A damaged object inside a pack is reported by id; the other objects of the pack are still
   * scanned.
   */
  @Test
  void aCorruptPackedObjectIsReportedByIdAndTheScanGoesOn() throws IOException {
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    String good = repo.write("good.txt", "T=" + Tokens.githubPat() + "\n").commitAll("good");
    StringBuilder filler = new StringBuilder();
    Random random = new Random(3);
    for (int i = 0; i < 400; i++) {
      filler.append(Long.toHexString(random.nextLong())).append('\n');
    }
    repo.write("bad.txt", "T=" + Tokens.githubPat() + "\n" + filler).commitAll("bad");
    repo.git("repack", "-adq");
    String blob = repo.git("rev-parse", "HEAD:bad.txt").trim();
    corruptPacked(repo, blob, 40, 200);
    ScanResult result =
        GitHistorySourceTest.scanWith(
            repo.dir(),
            GitHistorySourceTest.options().withWorktree(false),
            HistoryOptions.ObjectReading.PACKS);
    assertEquals(
        1,
        result.findings().size(),
        result.findings() + " " + result.problems() + " " + result.notices() + result.stats());
    GitHistorySourceTest.assertAt(result.findings().get(0), "good.txt", 1, 3, good, "good");
    assertEquals(1, result.problems().size(), result.problems().toString());
    assertTrue(
        result.problems().get(0).where().contains(blob.substring(0, 12)),
        result.problems().toString());
    assertEquals(3, result.exitCode());
  }

  /**
   * The lineage of a blob the history scan read says how its own delta built it from its base (the
   * base verify-pack names, copies that hold the base's bytes), even when a binary blob was read
   * after it: the detector moves keyword hits by it, so a wrong one would lose hits.
   */
  @Test
  void aBlobsLineageIsItsOwnDeltaEvenAfterABinaryBlobIsRead() throws IOException {
    GitRepo repo = history(tmp.resolve("r"));
    Random random = new Random(9);
    byte[] binary = new byte[4_000];
    random.nextBytes(binary);
    binary[0] = 0;
    for (int commit = 0; commit < 12; commit++) {
      // Versions a few bytes apart, so that git packs them as deltas of each other.
      binary[1 + random.nextInt(binary.length - 1)] = (byte) commit;
      Files.write(repo.dir().resolve("image.bin"), binary);
      repo.commitAll("binary " + commit);
    }
    repo.git("repack", "-adfq", "--window=10", "--depth=50");
    List<String[]> deltas = new ArrayList<>();
    for (String line :
        repo.git("verify-pack", "-v", packIndex(repo.dir()).toString()).split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 7 && f[1].equals("blob")) {
        deltas.add(f);
      }
    }
    int checked = 0;
    try (Repository git = GitRepositories.open(repo.dir());
        // Keeping nothing, so that every blob is rebuilt from its delta as it is read.
        PackObjects packs = PackObjects.of(git, 1);
        PackObjectReader reader =
            new PackObjectReader(git.newObjectReader(), packs.newReader(), Long.MAX_VALUE);
        ObjectReader jgit = git.newObjectReader()) {
      io.leakstop.source.Lineage.Memo memo = new io.leakstop.source.Lineage.Memo(1 << 20);
      List<ObjectId> binaries = new ArrayList<>();
      for (String[] f : deltas) {
        ObjectId id = ObjectId.fromString(f[0]);
        if (reader.blobUnlessBinary(id, packs.position(id)) == PackObjectReader.BINARY) {
          binaries.add(id);
        }
      }
      assertTrue(binaries.size() > 5, "deltified binary blobs: " + binaries.size());
      for (String[] text : deltas) {
        ObjectId id = ObjectId.fromString(text[0]);
        if (binaries.contains(id)) {
          continue;
        }
        byte[] data = reader.blobUnlessBinary(id, packs.position(id));
        ObjectId image = binaries.get(checked % binaries.size());
        assertEquals(
            PackObjectReader.BINARY, reader.blobUnlessBinary(image, packs.position(image)));
        io.leakstop.source.Lineage lineage = reader.lineage(data, memo);
        ObjectId baseId = ObjectId.fromString(text[6]);
        assertEquals(packs.position(baseId), lineage.baseKey(), text[0]);
        byte[] base = jgit.open(baseId, Constants.OBJ_BLOB).getCachedBytes();
        int[] copies = lineage.copies();
        assertTrue(copies.length > 0, text[0]);
        for (int c = 0; c < copies.length; c += 3) {
          assertArrayEquals(
              java.util.Arrays.copyOfRange(base, copies[c + 1], copies[c + 1] + copies[c + 2]),
              java.util.Arrays.copyOfRange(data, copies[c], copies[c] + copies[c + 2]),
              text[0]);
        }
        checked++;
      }
    }
    assertTrue(checked > 20, "deltified text blobs checked: " + checked);
  }
}
