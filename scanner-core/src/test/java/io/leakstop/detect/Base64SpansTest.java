package io.leakstop.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakstop.source.Lineage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A blob built from its delta base gets, from {@link Base64Spans}, exactly the base64 runs a walk
 * over all of it finds, and {@link EncodedRuns#find} with a lineage exactly the runs (decoded, and
 * within the budget) of a byte-by-byte walk: over chains of random edits of text dense in base64
 * runs, whatever the copies cut.
 */
class Base64SpansTest {
  /** Bytes that end, interrupt or extend base64 runs, or sit beside them. */
  private static final String[] PIECES = {
    " ", "\n", "\"", ".", "=", "==", ":", "-", "_", "/", "+", "a", "Q", "9", "password", "é",
  };

  private static String base64(Random random, int plainLength) {
    StringBuilder plain = new StringBuilder();
    for (int i = 0; i < plainLength; i++) {
      plain.append((char) (' ' + random.nextInt(95)));
    }
    String encoded =
        Base64.getEncoder().encodeToString(plain.toString().getBytes(StandardCharsets.UTF_8));
    return random.nextBoolean() ? encoded : encoded.replace('+', '-').replace('/', '_');
  }

  /** Text where decodable base64 runs, near misses and their separators are frequent. */
  private static byte[] text(Random random, int length) {
    StringBuilder out = new StringBuilder();
    while (out.length() < length) {
      switch (random.nextInt(5)) {
        case 0 -> out.append(base64(random, 13 + random.nextInt(40)));
        case 1 -> {
          for (int j = random.nextInt(30); j > 0; j--) {
            out.append((char) ('+' + random.nextInt('z' - '+' + 1)));
          }
        }
        default -> out.append(PIECES[random.nextInt(PIECES.length)]);
      }
    }
    byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
    return java.util.Arrays.copyOf(bytes, Math.min(bytes.length, length));
  }

  /** A blob and the copies that build it from {@code base}: the shape of a git delta. */
  private record Derived(byte[] data, int[] copies) {}

  /**
   * Up to 30 pieces, each an insert (a byte or a few, which may extend a copied run, or new text)
   * or a copy (short, long, at either end of the base, or meeting the copy before it).
   */
  private static Derived derive(Random random, byte[] base) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int pieces = 1 + random.nextInt(30);
    int[] copies = new int[3 * pieces];
    int copied = 0;
    for (int p = 0; p < pieces; p++) {
      if (random.nextInt(3) == 0) {
        out.writeBytes(text(random, 1 + random.nextInt(random.nextBoolean() ? 3 : 150)));
        continue;
      }
      int longest = random.nextBoolean() ? 60 : base.length;
      int size = Math.min(base.length, 1 + random.nextInt(Math.max(1, longest)));
      int from =
          switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> base.length - size;
            default -> random.nextInt(base.length - size + 1);
          };
      copies[copied++] = out.size();
      copies[copied++] = from;
      copies[copied++] = size;
      out.write(base, from, size);
    }
    return new Derived(out.toByteArray(), java.util.Arrays.copyOf(copies, copied));
  }

  @Test
  void aBlobBuiltFromItsBaseHasTheRunsOfAWalkOverAllOfIt() {
    Random random = new Random(18);
    int carried = 0;
    for (int chain = 0; chain < 300; chain++) {
      Lineage.Memo memo = new Lineage.Memo(1 << 20);
      byte[] data = text(random, 1 + random.nextInt(3_000));
      long key = 0;
      Lineage lineage = Lineage.root(memo, key);
      for (int generation = 0; generation < 6; generation++) {
        int budget = random.nextInt(4) == 0 ? random.nextInt(200) : Detector.MAX_DECODED_BYTES;
        String context = "chain " + chain + ", generation " + generation;
        int[] all = Base64Spans.all(data, data.length);
        assertEquals(
            EncodedRunsTest.described(EncodedRuns.findByteByByte(data, 0, data.length, budget)),
            EncodedRunsTest.described(
                EncodedRuns.find(data, 0, data.length, budget, null, lineage)),
            context);
        assertArrayEquals(all, memo.get(Base64Spans.memoKey(key)), context);
        if (generation > 0) {
          carried += all.length / 2;
        }
        Derived next = derive(random, data);
        lineage = new Lineage(memo, key + 1, key, next.copies());
        data = next.data();
        key++;
      }
    }
    assertTrue(carried > 10_000, "the chains hold runs past their first blob: " + carried);
  }

  @Test
  void withoutItsBaseInTheMemoABlobIsWalkedWholeAndLeavesItsRunsForItsOwnDescendants() {
    Random random = new Random(7);
    byte[] base = text(random, 2_000);
    Derived derived = derive(random, base);
    Lineage.Memo memo = new Lineage.Memo(1 << 20);
    int[] spans = Base64Spans.find(derived.data(), derived.data().length, lineage(memo, derived));
    assertArrayEquals(Base64Spans.all(derived.data(), derived.data().length), spans);
    assertNotNull(memo.get(Base64Spans.memoKey(2)));
  }

  @Test
  void copiesThatDoNotFitTheBlobAreNotFollowed() {
    Random random = new Random(9);
    byte[] base = text(random, 2_000);
    byte[] data = text(random, 500);
    Lineage.Memo memo = new Lineage.Memo(1 << 20);
    Base64Spans.find(base, base.length, Lineage.root(memo, 1));
    // Copies said to reach past the blob's end, and ones out of order: the blob's own runs stand.
    for (int[] copies : new int[][] {{0, 0, 600}, {100, 0, 200, 50, 1_000, 200}}) {
      int[] spans = Base64Spans.find(data, data.length, new Lineage(memo, 2, 1, copies));
      assertArrayEquals(Base64Spans.all(data, data.length), spans);
    }
  }

  @Test
  void aRunCutByACopysEndOrJoinedByAnInsertIsDecidedOnTheBlobsOwnBytes() {
    String run = Base64.getEncoder().encodeToString("user:password1234567890".getBytes());
    // Copies longer than those taken as inserted anyway.
    String before = "the lines before it, in words of a few letters each: ";
    byte[] base = (before + run + " b").getBytes(StandardCharsets.US_ASCII);
    Lineage.Memo memo = new Lineage.Memo(1 << 20);
    assertEquals(2, Base64Spans.find(base, base.length, Lineage.root(memo, 1)).length);
    int size = base.length;
    // The whole base copied, then a '.' inserted right after the run: a dotted token's part.
    byte[] dotted = (before + run + ". b").getBytes(StandardCharsets.US_ASCII);
    int upToRun = before.length() + run.length();
    int[] dottedCopies = {0, 0, upToRun, upToRun + 1, upToRun, size - upToRun};
    assertArrayEquals(
        new int[0], Base64Spans.find(dotted, dotted.length, new Lineage(memo, 2, 1, dottedCopies)));
    // The run's bytes copied, with base64 bytes inserted right before them: a longer run.
    byte[] longer = (before + "xyz" + run + " b").getBytes(StandardCharsets.US_ASCII);
    int[] longerCopies = {
      0, 0, before.length(), before.length() + 3, before.length(), size - before.length()
    };
    assertArrayEquals(
        Base64Spans.all(longer, longer.length),
        Base64Spans.find(longer, longer.length, new Lineage(memo, 3, 1, longerCopies)));
  }

  private static Lineage lineage(Lineage.Memo memo, Derived derived) {
    return new Lineage(memo, 2, 1, derived.copies());
  }
}
