package io.leakstop.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.leakstop.rules.Rule;
import io.leakstop.rules.RuleSet;
import io.leakstop.source.Lineage;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A blob built from its delta base gets, from {@link DeltaHits}, exactly the hits a pass over all
 * of it reports, in the same order: with the default rules' keywords, over random edits of
 * keyword-dense text, whatever the copies look like.
 */
class DeltaHitsTest {
  private static final List<String> KEYWORDS = builtinKeywords();
  private static final KeywordMatcher MATCHER = new KeywordMatcher(KEYWORDS);

  private static List<String> builtinKeywords() {
    TreeSet<String> all = new TreeSet<>();
    for (Rule rule : RuleSet.builtin().rules()) {
      all.addAll(rule.keywords());
    }
    return new ArrayList<>(all);
  }

  private static int[] fullPass(byte[] data) {
    List<Integer> pairs = new ArrayList<>();
    MATCHER.scan(
        data,
        0,
        data.length,
        (keyword, end) -> {
          pairs.add(keyword);
          pairs.add(end);
        });
    return pairs.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Text where keywords, their pieces and case flips are frequent. */
  private static byte[] text(Random random, int length) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String filler = " =:\"'\n_-/.abcxyzAZ09";
    while (out.size() < length) {
      switch (random.nextInt(4)) {
        case 0 -> {
          String keyword = KEYWORDS.get(random.nextInt(KEYWORDS.size()));
          if (random.nextBoolean()) {
            keyword = keyword.substring(random.nextInt(keyword.length()));
          }
          if (random.nextBoolean()) {
            keyword = keyword.toUpperCase(java.util.Locale.ROOT);
          }
          out.writeBytes(keyword.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        case 1 -> out.write(0x80 + random.nextInt(0x80));
        default -> out.write(filler.charAt(random.nextInt(filler.length())));
      }
    }
    return java.util.Arrays.copyOf(out.toByteArray(), length);
  }

  /** A blob and the copies that build it from {@code base}: the shape of a git delta. */
  private record Derived(byte[] data, int[] copies) {}

  private static Derived derive(Random random, byte[] base) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<Integer> copies = new ArrayList<>();
    int pieces = 1 + random.nextInt(40);
    for (int p = 0; p < pieces; p++) {
      if (random.nextInt(3) == 0) {
        out.writeBytes(text(random, 1 + random.nextInt(random.nextBoolean() ? 8 : 120)));
      } else {
        // Short copies (git copies 16-byte blocks from anywhere), long ones, ones at either end.
        int size = 1 + random.nextInt(random.nextBoolean() ? 40 : base.length);
        int from =
            switch (random.nextInt(4)) {
              case 0 -> 0;
              case 1 -> base.length - Math.min(size, base.length);
              default -> random.nextInt(base.length - Math.min(size, base.length) + 1);
            };
        size = Math.min(size, base.length - from);
        if (size == 0) {
          continue;
        }
        int lastAt = copies.size() - 3;
        if (lastAt >= 0
            && copies.get(lastAt) + copies.get(lastAt + 2) == out.size()
            && random.nextBoolean()) {
          // Two copies that meet, from places of the base that do not.
          from =
              (copies.get(lastAt + 1) + copies.get(lastAt + 2) + 1 + random.nextInt(5))
                  % base.length;
          size = Math.min(size, base.length - from);
          if (size == 0) {
            continue;
          }
        }
        copies.add(out.size());
        copies.add(from);
        copies.add(size);
        out.write(base, from, size);
      }
    }
    return new Derived(out.toByteArray(), copies.stream().mapToInt(Integer::intValue).toArray());
  }

  @Test
  void aBlobBuiltFromItsBaseHasTheHitsOfAPassOverAllOfIt() {
    Random random = new Random(18);
    for (int round = 0; round < 400; round++) {
      byte[] base = text(random, 1 + random.nextInt(round % 10 == 0 ? 20_000 : 1_500));
      checkChain(base, 3, previous -> derive(random, previous), "round " + round);
    }
  }

  /**
   * Reads {@code base} whole, then each of a chain of {@code depth} blobs, each built from the one
   * before as git chains deltas, from its lineage, and compares every answer with a full pass.
   */
  private static void checkChain(
      byte[] base, int depth, java.util.function.Function<byte[], Derived> next, String what) {
    Lineage.Memo memo = new Lineage.Memo(1 << 22);
    int[] baseHits = DeltaHits.find(MATCHER, base, base.length, Lineage.root(memo, 1));
    assertArrayEquals(fullPass(base), baseHits, "the base, read whole");
    byte[] previous = base;
    for (int key = 1; key <= depth; key++) {
      Derived derived = next.apply(previous);
      int[] hits =
          DeltaHits.find(
              MATCHER,
              derived.data(),
              derived.data().length,
              new Lineage(memo, key + 1, key, derived.copies()));
      assertArrayEquals(fullPass(derived.data()), hits, what + ", depth " + key);
      previous = derived.data();
    }
  }

  /**
   * A blob as a small edit of {@code base} makes it, the shape of most of a real history's deltas:
   * the base copied in long and short pieces, a few bytes inserted or left out here and there, now
   * and then a piece copied from elsewhere, and two long copies that meet.
   */
  private static Derived edit(Random random, byte[] base) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<Integer> copies = new ArrayList<>();
    int at = 0;
    while (at < base.length) {
      switch (random.nextInt(8)) {
        case 0 -> out.writeBytes(text(random, 1 + random.nextInt(random.nextBoolean() ? 4 : 40)));
        case 1 -> at += 1 + random.nextInt(30);
        case 2 -> {
          int size = 1 + random.nextInt(Math.min(200, base.length));
          int from = random.nextInt(base.length - size + 1);
          copies.add(out.size());
          copies.add(from);
          copies.add(size);
          out.write(base, from, size);
        }
        default -> {
          int size =
              Math.min(base.length - at, 1 + random.nextInt(random.nextBoolean() ? 64 : 600));
          copies.add(out.size());
          copies.add(at);
          copies.add(size);
          out.write(base, at, size);
          at += size;
        }
      }
    }
    return new Derived(out.toByteArray(), copies.stream().mapToInt(Integer::intValue).toArray());
  }

  @Test
  void aBlobEditedALittleFromItsBaseHasTheHitsOfAPassOverAllOfIt() {
    Random random = new Random(1818);
    for (int round = 0; round < 300; round++) {
      byte[] base = text(random, 200 + random.nextInt(round % 10 == 0 ? 30_000 : 4_000));
      checkChain(base, 4, previous -> edit(random, previous), "round " + round);
    }
  }

  /**
   * What shows which way a blob's hits were found: a hit the memo says its base has at a place the
   * base does not hold it. A blob that copies that place in one long piece has it, moved; a blob
   * mostly inserted is read whole and has only its own.
   */
  @Test
  void aBlobMostlyCopiedTakesItsBasesHitsAndOneMostlyInsertedIsReadWhole() {
    byte[] base = "=".repeat(4_000).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    int keyword = KEYWORDS.indexOf("password");
    Lineage.Memo memo = new Lineage.Memo(1 << 20);
    memo.put(1, new int[] {keyword, 2_008});
    byte[] copied = base.clone();
    copied[10] = '-';
    int[] mostlyCopied = {0, 0, 10, 11, 11, 3_989};
    assertArrayEquals(
        new int[] {keyword, 2_008},
        DeltaHits.find(MATCHER, copied, copied.length, new Lineage(memo, 2, 1, mostlyCopied)));
    int[] mostlyInserted = {0, 0, 10, 3_000, 3_000, 1_000};
    assertArrayEquals(
        fullPass(copied),
        DeltaHits.find(MATCHER, copied, copied.length, new Lineage(memo, 3, 1, mostlyInserted)));
    assertEquals(0, fullPass(copied).length);
  }

  @Test
  void withoutItsBaseInTheMemoABlobIsReadWholeAndLeavesItsHitsForItsOwnDescendants() {
    Random random = new Random(7);
    byte[] base = text(random, 5_000);
    Derived derived = derive(random, base);
    Lineage.Memo memo = new Lineage.Memo(1 << 20);
    int[] hits =
        DeltaHits.find(
            MATCHER,
            derived.data(),
            derived.data().length,
            new Lineage(memo, 2, 1, derived.copies()));
    assertArrayEquals(fullPass(derived.data()), hits);
    assertNotNull(memo.get(2));
    assertEquals(hits.length, memo.get(2).length);
  }

  @Test
  void copiesThatDoNotFitTheBlobAreNotFollowed() {
    Random random = new Random(3);
    byte[] base = text(random, 2_000);
    Lineage.Memo memo = new Lineage.Memo(1 << 20);
    DeltaHits.find(MATCHER, base, base.length, Lineage.root(memo, 1));
    byte[] other = text(random, 1_000);
    int[][] misfits = {{0, 0, 1_001}, {500, 0, 100, 400, 0, 50}, {0, -1, 10}, {0, 0, 0}};
    for (int[] copies : misfits) {
      assertArrayEquals(
          fullPass(other),
          DeltaHits.find(MATCHER, other, other.length, new Lineage(memo, 9, 1, copies)));
    }
  }

  @Test
  void theLongestKeywordIsFoundAcrossEveryPlaceWhereTwoCopiesOrACopyAndAnInsertMeet() {
    String longest = KEYWORDS.stream().max(java.util.Comparator.comparingInt(String::length)).get();
    byte[] keyword = longest.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    for (int split = 1; split < keyword.length; split++) {
      // The base holds the keyword's two parts far apart; the blob joins them.
      String head = "=".repeat(100) + longest.substring(0, split);
      String tail = longest.substring(split) + "=".repeat(100);
      byte[] base =
          (head + "|".repeat(50) + tail).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
      Lineage.Memo memo = new Lineage.Memo(1 << 20);
      DeltaHits.find(MATCHER, base, base.length, Lineage.root(memo, 1));
      byte[] joined = (head + tail).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
      int[] twoCopies = {0, 0, head.length(), head.length(), head.length() + 50, tail.length()};
      int[] copyThenInsert = {0, 0, head.length()};
      int[] insertThenCopy = {head.length(), head.length() + 50, tail.length()};
      for (int[] copies : new int[][] {twoCopies, copyThenInsert, insertThenCopy}) {
        int[] hits =
            DeltaHits.find(MATCHER, joined, joined.length, new Lineage(memo, 2, 1, copies));
        assertArrayEquals(fullPass(joined), hits, "split at " + split);
      }
    }
  }
}
