package io.leakstop.git;

import java.util.Arrays;
import org.eclipse.jgit.lib.AnyObjectId;

/**
 * Object id to position in the packs, in one open-addressing table built from the pack indexes once
 * per scan: a history walk looks up every tree and blob it meets, and the binary search of a pack
 * index per lookup (and per pack) was a tenth of the walk. Ids are kept as five ints each, as JGit
 * compares them. Read-only once built, so shared by all threads.
 */
final class ObjectPositions {
  /** Beyond this many objects (about 58 MB of table) the pack indexes are searched instead. */
  static final long MAX_OBJECTS = 1L << 20;

  private final int[] ids;
  private final long[] positions;
  private final int mask;

  private ObjectPositions(int capacity) {
    ids = new int[5 * capacity];
    positions = new long[capacity];
    Arrays.fill(positions, -1);
    mask = capacity - 1;
  }

  /** A table for {@code objects} ids at most: at most half full. */
  static ObjectPositions forObjects(long objects) {
    return new ObjectPositions(Integer.highestOneBit((int) Math.max(16, objects * 2 - 1)) << 1);
  }

  /**
   * Adds {@code id} at {@code position} unless it is there already (the first pack holding it
   * wins).
   */
  void add(AnyObjectId id, long position) {
    int slot = slot(id);
    while (positions[slot] >= 0) {
      if (id.compareTo(ids, 5 * slot) == 0) {
        return;
      }
      slot = (slot + 1) & mask;
    }
    id.copyRawTo(ids, 5 * slot);
    positions[slot] = position;
  }

  /** The position of {@code id}, or Long.MAX_VALUE when no pack holds it. */
  long get(AnyObjectId id) {
    int slot = slot(id);
    for (long p; (p = positions[slot]) >= 0; slot = (slot + 1) & mask) {
      if (id.compareTo(ids, 5 * slot) == 0) {
        return p;
      }
    }
    return Long.MAX_VALUE;
  }

  private int slot(AnyObjectId id) {
    // The second word of an id: as random as any, and what ObjectId.hashCode answers.
    return id.hashCode() & mask;
  }
}
