package io.leakstop.git;

import io.leakstop.source.Binary;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * Reads objects straight from a repository's pack files, the way {@code git cat-file --batch} does:
 * the objects read or rebuilt from a delta chain are kept, least recently used dropped first, up to
 * a number of bytes, so that the next object, usually a delta against one of them, costs one
 * inflate and one delta, and a tree read as a commit's is still there as its child's parent tree.
 * JGit keeps only the base immediately below the object it was asked for and rebuilds the rest of
 * the chain on every read, which made reading objects half of a history walk. Keeping whole blobs
 * as well as rebuilt ones took the bench repository's inflated bytes from 130 to 103 MB (git
 * inflates 96 MB): a whole blob is often the base of a later one.
 *
 * <p>The kept objects are shared by all readers. Threads diff neighbouring commits and read
 * neighbouring blobs, and a chain one thread rebuilt is what the next needs: with a cache per
 * thread, the bench repository's walk inflated 28,300 tree deltas for its 16,063 deltified trees
 * and rebuilt 1,150 chains from their whole base, 23 deltas deep on average.
 *
 * <p>It reads only objects in this repository's own packs, up to a size: {@link Reader#read}
 * answers null for anything else (loose objects, alternates, large objects), for the caller to ask
 * JGit. Damaged data is an {@link IOException} naming the pack and offset.
 *
 * <p>Thread-safe; each thread takes its own {@link Reader}.
 */
final class PackObjects implements AutoCloseable {
  /** Larger objects are left to JGit, which streams them. */
  static final int MAX_OBJECT = 64 << 20;

  private static final int OBJ_OFS_DELTA = 6;
  private static final int OBJ_REF_DELTA = 7;

  /** Git allows delta chains up to 4095 deep; a longer one is a loop in damaged data. */
  private static final int MAX_CHAIN = 10_000;

  private final List<PackData> packs;
  private final List<Damage> damage;

  /**
   * Kept objects by {@link #key}, weighed by their bytes and {@link #ENTRY_BYTES}; the least
   * recently used go first.
   */
  private final ObjectCache<Loaded> cache;

  /**
   * What an entry costs beyond its content (its object, array header and table slots): so that
   * thousands of empty blobs still count against the bound.
   */
  private static final int ENTRY_BYTES = 64;

  private final long cacheLimit;

  private PackObjects(List<PackData> packs, List<Damage> damage, long cacheLimit) {
    this.packs = packs;
    this.damage = damage;
    this.cacheLimit = cacheLimit;
    this.cache = new ObjectCache<>(Math.max(1, cacheLimit));
  }

  /** A pack file found damaged on opening: its file name and what is wrong with it. */
  record Damage(String pack, String problem) {}

  /**
   * The packs of {@code repo}, keeping up to {@code cacheBytes} of objects. A pack that cannot be
   * opened is left out, for JGit to read (and report its objects missing); it is listed in {@link
   * #damage()}, as is a pack cut short or overwritten (its objects are read as far as they are
   * intact) and a pack without its index (git reads none of its objects either).
   */
  static PackObjects of(Repository repo, long cacheBytes) {
    List<PackData> packs = new ArrayList<>();
    List<Damage> damage = new ArrayList<>();
    for (JGitPackFiles.PackFile pack : JGitPackFiles.packs(repo)) {
      String name = pack.file().getFileName().toString();
      try {
        PackData data = PackData.open(pack);
        packs.add(data);
        if (!data.endsWithItsChecksum()) {
          damage.add(
              new Damage(
                  name,
                  "does not end with the checksum its index records (cut short or overwritten);"
                      + " its objects are read as far as they are intact"));
        }
      } catch (IOException | RuntimeException e) {
        damage.add(
            new Damage(
                name,
                "cannot read: "
                    + BlobReader.problem(e)
                    + "; none of its objects were read from it"));
      }
    }
    JGitPackFiles.objectsDirectory(repo)
        .ifPresent(objects -> damage.addAll(packsWithoutIndex(objects.resolve("pack"))));
    return new PackObjects(List.copyOf(packs), List.copyOf(damage), cacheBytes);
  }

  /** Pack files whose {@code .idx} is gone: without it neither git nor JGit finds their objects. */
  private static List<Damage> packsWithoutIndex(Path dir) {
    List<Damage> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.pack")) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (!Files.exists(
            dir.resolve(name.substring(0, name.length() - ".pack".length()) + ".idx"))) {
          out.add(
              new Damage(
                  name,
                  "has no index (.idx), so none of its objects were read"
                      + " (git index-pack "
                      + name
                      + " rebuilds it)"));
        }
      }
    } catch (IOException e) {
      // No pack folder: nothing is packed.
    }
    out.sort(java.util.Comparator.comparing(Damage::pack));
    return out;
  }

  /** The damaged packs found on opening. */
  List<Damage> damage() {
    return damage;
  }

  /**
   * Where {@code id} sits in these packs, as a number that sorts in pack order (pack, then offset);
   * Long.MAX_VALUE when it is in none of them.
   */
  long position(AnyObjectId id) {
    ObjectPositions table = positions;
    if (table != null) {
      return table.get(id);
    }
    if (lookups.incrementAndGet() == TABLE_AFTER) {
      buildPositions();
    }
    for (int p = 0; p < packs.size(); p++) {
      long offset = packs.get(p).index().findOffset(id);
      if (offset >= 0) {
        return key(p, offset);
      }
    }
    return Long.MAX_VALUE;
  }

  /** A scan looks up this many ids by binary search in the pack indexes, then builds a table. */
  private static final int TABLE_AFTER = 4096;

  private final java.util.concurrent.atomic.AtomicInteger lookups =
      new java.util.concurrent.atomic.AtomicInteger();
  private volatile ObjectPositions positions;

  private void buildPositions() {
    long objects = 0;
    for (PackData pack : packs) {
      objects += pack.index().objectCount();
    }
    if (objects > ObjectPositions.MAX_OBJECTS) {
      return;
    }
    ObjectPositions table = ObjectPositions.forObjects(objects);
    for (int p = 0; p < packs.size(); p++) {
      int pack = p;
      packs.get(p).index().forEach((id, offset) -> table.add(id, key(pack, offset)));
    }
    positions = table;
  }

  Reader newReader() {
    return new Reader(Reader.WINDOW, Reader.JUMP);
  }

  /**
   * A reader whose reads through the file channel take {@code onward} bytes when reading on and
   * {@code jump} after a jump: small ones, in tests, put objects across window ends.
   */
  Reader newReader(int onward, int jump) {
    return new Reader(onward, jump);
  }

  /** What is kept now, in bytes of object content. */
  long cachedBytes() {
    return cache.weight();
  }

  private Loaded cached(long key) {
    return cache.get(key);
  }

  /** Keeps {@code object}, dropping the least recently used ones beyond the byte limit. */
  private void remember(long key, Loaded object) {
    if (object.bytes().length > cacheLimit / 4) {
      return;
    }
    cache.put(key, object, object.bytes().length + ENTRY_BYTES);
  }

  /** Pack number and offset in one long: the key of kept objects, and a {@link #position}. */
  private static long key(int pack, long offset) {
    return (long) pack << 48 | offset;
  }

  private static final long OFFSET = (1L << 48) - 1;

  private static final int[] NO_COPIES = {};

  @Override
  public void close() {
    cache.clear();
    for (PackData pack : packs) {
      try {
        pack.channel.close();
      } catch (IOException e) {
        // Read-only: nothing is lost.
      }
    }
  }

  /**
   * An object's type ({@link Constants#OBJ_TREE}, ...) and content; no content (null) for a binary
   * blob read with {@link Reader#readUnlessBinary}.
   */
  record Loaded(int type, byte[] bytes) {}

  /**
   * What {@link Reader#readUnlessBinary} answers for a blob over the size it was given, told by the
   * size in its header (a delta's: the first bytes of the delta) before the rest is inflated.
   */
  static final Loaded TOO_LARGE = new Loaded(Constants.OBJ_BLOB, new byte[0]);

  /**
   * @param mapped the whole file mapped into memory, or null for a pack of 2 GiB or more, read
   *     through {@code channel} a window at a time
   */
  private record PackData(
      String name, JGitPackFiles.Index index, FileChannel channel, long length, ByteBuffer mapped) {
    /** A pack ends with the checksum of all of it, which its index records too. */
    boolean endsWithItsChecksum() throws IOException {
      byte[] expected = index.packChecksum();
      if (length < 12 + expected.length) {
        return false;
      }
      ByteBuffer trailer = ByteBuffer.allocate(expected.length);
      while (trailer.hasRemaining()
          && channel.read(trailer, length - expected.length + trailer.position()) > 0) {
        // a short read: go on from where it stopped
      }
      return !trailer.hasRemaining() && java.util.Arrays.equals(trailer.array(), expected);
    }

    static PackData open(JGitPackFiles.PackFile pack) throws IOException {
      JGitPackFiles.Index index = pack.index();
      FileChannel channel = FileChannel.open(pack.file(), StandardOpenOption.READ);
      try {
        ByteBuffer header = ByteBuffer.allocate(12);
        while (header.hasRemaining() && channel.read(header, header.position()) > 0) {
          // a short read: go on from where it stopped
        }
        int version = header.getInt(4);
        if (header.hasRemaining()
            || header.getInt(0) != 0x5041434b
            || (version != 2 && version != 3)) {
          throw new IOException(
              channel.size() == 0 ? "the file is empty" : "not a version 2 or 3 pack");
        }
        long length = channel.size();
        // Mapped, as git maps its packs: a history walk jumps from tree to tree all over the pack,
        // and a read per jump was a tenth of the walk (pread).
        ByteBuffer mapped =
            length < Integer.MAX_VALUE
                ? channel.map(FileChannel.MapMode.READ_ONLY, 0, length)
                : null;
        return new PackData(pack.file().getFileName().toString(), index, channel, length, mapped);
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
    }
  }

  /** Reads objects for one thread: its own file window and inflater, the packs' kept objects. */
  final class Reader implements AutoCloseable {
    private static final int WINDOW = 128 << 10;
    private static final int JUMP = 8 << 10;

    private final Inflater inflater = new Inflater();

    /**
     * The copies of the delta last read with {@link #readUnlessBinary}, filled anew for each: made
     * per blob, and grown, they were a large share of what a history scan allocated.
     */
    private final Copies copies = new Copies();

    /**
     * Per place in a delta chain (the object asked for first), a buffer its delta is inflated into,
     * reused from object to object: a delta is read only while the object is rebuilt. Deltas
     * further down a chain, or larger than {@link #KEPT_DELTA}, get buffers of their own.
     */
    private final byte[][] deltaBuffers = new byte[16][];

    private static final int KEPT_DELTA = 256 << 10;

    /**
     * The last bytes read from a pack file: objects are mostly read in pack order. Direct, so that
     * the file channel reads into it and zlib reads from it without copies: a heap buffer is read
     * through a temporary direct one and copied, for each read (bench/RESULTS.md, "Figures from
     * comments").
     */
    private final ByteBuffer ownWindow;

    private final int onwardBytes;
    private final int jumpBytes;

    /**
     * {@link #ownWindow}, or all of a mapped pack (read with absolute gets and slices only:
     * shared).
     */
    private ByteBuffer window;

    private PackData windowPack;
    private long windowStart;
    private int windowLength;

    /**
     * Whether this read goes through a pack's mapping. The walk's jumps from tree to tree do; the
     * blob scan, which reads the packs in order, reads them through {@link #ownWindow}: every page
     * of a mapping it touched stayed in the process's resident memory, and on git/git, whose pack
     * it reads whole, that took the peak RSS to the edge of its bound (bench/RESULTS.md).
     */
    private boolean throughMapping = true;

    private Reader(int onwardBytes, int jumpBytes) {
      this.onwardBytes = onwardBytes;
      this.jumpBytes = Math.min(jumpBytes, onwardBytes);
      this.ownWindow = ByteBuffer.allocateDirect(onwardBytes);
      this.window = ownWindow;
    }

    /** Frees the inflater's native memory now rather than when it is collected. */
    @Override
    public void close() {
      inflater.end();
    }

    /**
     * The object, or null when these packs do not hold it or it is larger than {@code maxSize} (or
     * {@link #MAX_OBJECT}).
     *
     * @throws IOException if its data is damaged
     */
    Loaded read(AnyObjectId id, long maxSize) throws IOException {
      return load(position(id), maxSize, false);
    }

    /**
     * As {@link #read}, for the object at {@code position} (see {@link #position}), except that a
     * binary blob comes back with null bytes, and one stored whole is inflated no further than its
     * first {@link Binary#PROBE} bytes, which tell: scanning history skips binary blobs, and
     * inflating all of a large image or archive only to skip it was most of the cost of such a
     * blob. Taking the position the walk found spares a second lookup in the pack index per blob. A
     * blob over {@code maxSize} is {@link #TOO_LARGE}, found so without inflating it.
     */
    Loaded readUnlessBinary(long position, long maxSize) throws IOException {
      return load(position, maxSize, true);
    }

    /**
     * Where the blob {@link #readUnlessBinary} last returned came from: the {@link #position} of
     * the object its delta was applied to, or -1 when it was stored whole or kept.
     */
    long lastBase() {
      return lastBase;
    }

    /** The copies of that delta (see {@link Copies}); empty without a base. */
    int[] lastCopies() {
      return lastCopies;
    }

    private long lastBase = -1;
    private int[] lastCopies = NO_COPIES;

    private Loaded load(long position, long maxSize, boolean stopIfBinary) throws IOException {
      lastBase = -1;
      lastCopies = NO_COPIES;
      if (position == Long.MAX_VALUE) {
        return null;
      }
      int p = (int) (position >>> 48);
      throughMapping = !stopIfBinary;
      try {
        return load(
            p,
            position & OFFSET,
            Math.min(maxSize, MAX_OBJECT),
            stopIfBinary ? maxSize : Long.MAX_VALUE,
            stopIfBinary);
      } catch (IOException | RuntimeException e) {
        // Out-of-range reads included: they come from damaged sizes or offsets.
        throw new IOException(packs.get(p).name() + ": " + e.getMessage(), e);
      }
    }

    /**
     * Walks the delta chain down from {@code offset} to an object it keeps or a whole one, then
     * applies the deltas back up, keeping each object it builds.
     */
    private Loaded load(int p, long offset, long maxSize, long tooLarge, boolean stopIfBinary)
        throws IOException {
      PackData pack = packs.get(p);
      List<Long> chain = new ArrayList<>(4);
      List<byte[]> deltas = new ArrayList<>(4);
      // The length of each of deltas (a reused buffer may be longer).
      int[] deltaLengths = new int[4];
      long deltaBytes = 0;
      boolean probed = false;
      Loaded base;
      long at = offset;
      while (true) {
        base = cached(key(p, at));
        if (base != null) {
          break;
        }
        if (chain.size() > MAX_CHAIN) {
          throw new IOException("delta chain at offset " + offset + " loops");
        }
        fill(pack, at, 64);
        int i = (int) (at - windowStart);
        int c = window.get(i++) & 0xff;
        int type = (c >> 4) & 7;
        long size = c & 15;
        for (int shift = 4; (c & 0x80) != 0; shift += 7) {
          c = window.get(i++) & 0xff;
          size |= (long) (c & 0x7f) << shift;
        }
        if (i + Constants.OBJECT_ID_LENGTH > windowLength) {
          throw new EOFException("object header at offset " + at + " is cut off");
        }
        if (type == OBJ_OFS_DELTA || type == OBJ_REF_DELTA) {
          long baseAt;
          if (type == OBJ_OFS_DELTA) {
            c = window.get(i++) & 0xff;
            long back = c & 0x7f;
            while ((c & 0x80) != 0) {
              c = window.get(i++) & 0xff;
              back = ((back + 1) << 7) | (c & 0x7f);
            }
            baseAt = at - back;
          } else {
            byte[] baseId = new byte[Constants.OBJECT_ID_LENGTH];
            window.get(i, baseId);
            baseAt = pack.index().findOffset(ObjectId.fromRaw(baseId));
            i += Constants.OBJECT_ID_LENGTH;
          }
          deltaBytes += size;
          if (baseAt >= pack.length()) {
            throw new EOFException(
                "delta base of the object at offset " + at + " is past the end of the pack");
          }
          if (baseAt <= 0 || deltaBytes > MAX_OBJECT) {
            return null;
          }
          // Fixed before reading the head: reading it may move the window.
          long dataAt = windowStart + i;
          if (chain.isEmpty()
              && tooLarge < Long.MAX_VALUE
              && deltaResultSize(inflateHead(pack, dataAt, (int) size)) > tooLarge) {
            return TOO_LARGE;
          }
          byte[] delta = inflate(pack, dataAt, (int) size, false, deltaBuffer(deltas.size(), size));
          if (deltaResultSize(delta) > maxSize) {
            return null;
          }
          if (chain.isEmpty() && stopIfBinary) {
            lastBase = key(p, baseAt);
          }
          if (deltas.size() == deltaLengths.length) {
            deltaLengths = Arrays.copyOf(deltaLengths, deltaLengths.length * 2);
          }
          deltaLengths[deltas.size()] = (int) size;
          chain.add(at);
          deltas.add(delta);
          at = baseAt;
          continue;
        }
        if (type < Constants.OBJ_COMMIT || type > Constants.OBJ_TAG) {
          throw new IOException("unknown object type " + type + " at offset " + at);
        }
        if (deltas.isEmpty() && size > tooLarge) {
          return TOO_LARGE;
        }
        if (size > (deltas.isEmpty() ? maxSize : MAX_OBJECT)) {
          return null;
        }
        probed = stopIfBinary && deltas.isEmpty() && type == Constants.OBJ_BLOB;
        byte[] whole = inflate(pack, windowStart + i, (int) size, probed, new byte[(int) size]);
        if (whole == null) {
          return new Loaded(type, null);
        }
        base = new Loaded(type, whole);
        remember(key(p, at), base);
        break;
      }
      Copies topCopies = lastBase >= 0 ? copies.cleared() : null;
      for (int d = deltas.size() - 1; d >= 0; d--) {
        base =
            new Loaded(
                base.type(),
                applyDelta(
                    base.bytes(), deltas.get(d), deltaLengths[d], d == 0 ? topCopies : null));
        remember(key(p, chain.get(d)), base);
      }
      if (topCopies != null) {
        lastCopies = topCopies.toArray();
      }
      if (base.bytes().length > maxSize) {
        return base.bytes().length > tooLarge ? TOO_LARGE : null;
      }
      // A kept or rebuilt blob is tested here; a whole one was tested as it was inflated.
      if (stopIfBinary
          && !probed
          && base.type() == Constants.OBJ_BLOB
          && Binary.isBinary(base.bytes(), base.bytes().length)) {
        return new Loaded(base.type(), null);
      }
      return base;
    }

    /**
     * Makes the window hold at least {@code need} bytes from {@code at} (fewer at the pack's end).
     */
    private void fill(PackData pack, long at, int need) throws IOException {
      if (at >= pack.length()) {
        // A zlib stream that runs on past the end: the pack was cut short.
        throw new EOFException("offset " + at + " is past the end of the pack");
      }
      if (pack.mapped() != null && throughMapping) {
        window = pack.mapped();
        windowPack = pack;
        windowStart = 0;
        windowLength = (int) pack.length();
        return;
      }
      if (window != ownWindow) {
        window = ownWindow;
        windowPack = null;
      }
      long end = windowStart + windowLength;
      if (pack == windowPack && at >= windowStart && (at + need <= end || end == pack.length())) {
        return;
      }
      // Reading on from the window (the next object of a scan in pack order, or more of a large
      // one) takes a long read; a jump (the next commit's trees, a delta base) a short one. Trees
      // and deltas are mostly a few hundred bytes: reading a whole window for each was a large part
      // of a history walk (bench/RESULTS.md, "Figures from comments").
      boolean onward = pack == windowPack && at >= windowStart && at <= end;
      window = ownWindow;
      ByteBuffer buffer = window.clear().limit(onward ? onwardBytes : jumpBytes);
      windowPack = null;
      while (buffer.hasRemaining()) {
        int n = pack.channel().read(buffer, at + buffer.position());
        if (n < 0) {
          break;
        }
      }
      windowPack = pack;
      windowStart = at;
      windowLength = buffer.position();
      if (windowLength == 0) {
        throw new EOFException("offset " + at + " is past the end of the pack");
      }
    }

    /**
     * The first bytes (up to 20) of the {@code size} bytes the zlib stream at {@code at} holds: a
     * delta's header.
     */
    private byte[] inflateHead(PackData pack, long at, int size) throws IOException {
      byte[] out = new byte[Math.min(size, 20)];
      inflater.reset();
      long next = at;
      int done = 0;
      try {
        while (done < out.length && !inflater.finished()) {
          if (inflater.needsInput()) {
            fill(pack, next, 1);
            int from = (int) (next - windowStart);
            inflater.setInput(window.slice(from, windowLength - from));
            next = windowStart + windowLength;
          }
          int n = inflater.inflate(out, done, out.length - done);
          done += n;
          if (n == 0 && !inflater.needsInput() && !inflater.finished()) {
            throw new IOException("object at offset " + at + " does not inflate");
          }
        }
      } catch (DataFormatException e) {
        throw new IOException("cannot inflate object at offset " + at + ": " + e.getMessage());
      }
      return Arrays.copyOf(out, done);
    }

    /** A buffer of at least {@code size} bytes for the delta at place {@code d} of a chain. */
    private byte[] deltaBuffer(int d, long size) {
      if (d >= deltaBuffers.length || size > KEPT_DELTA) {
        return new byte[(int) size];
      }
      byte[] buffer = deltaBuffers[d];
      if (buffer == null || buffer.length < size) {
        buffer = deltaBuffers[d] = new byte[(int) Math.max(size, 4096)];
      }
      return buffer;
    }

    /**
     * Inflates exactly {@code size} bytes from the zlib stream at {@code at} into the start of
     * {@code out}, and answers {@code out}; with {@code stopIfBinary}, null as soon as the first
     * bytes show binary content.
     */
    private byte[] inflate(PackData pack, long at, int size, boolean stopIfBinary, byte[] out)
        throws IOException {
      inflater.reset();
      long next = at;
      int done = 0;
      int probe = stopIfBinary ? Math.min(size, Binary.PROBE) : -1;
      try {
        // On to the end of the stream, so that zlib checks the data against its checksum.
        while (!inflater.finished()) {
          if (inflater.needsInput()) {
            fill(pack, next, 1);
            int from = (int) (next - windowStart);
            inflater.setInput(window.slice(from, windowLength - from));
            next = windowStart + windowLength;
          }
          int n = inflater.inflate(out, done, (probe > done ? probe : size) - done);
          done += n;
          if (probe >= 0 && done >= probe) {
            if (Binary.isBinary(out, done)) {
              return null;
            }
            probe = -1;
          }
          if (n == 0 && !inflater.needsInput() && !inflater.finished()) {
            throw new IOException(
                "object at offset " + at + " does not inflate to its " + size + " bytes");
          }
        }
      } catch (DataFormatException e) {
        throw new IOException("cannot inflate object at offset " + at + ": " + e.getMessage());
      }
      if (done != size) {
        throw new IOException(
            "object at offset " + at + " inflates to " + done + " bytes, not " + size);
      }
      return out;
    }
  }

  private static long deltaResultSize(byte[] delta) throws IOException {
    int[] at = {0};
    varint(delta, at);
    return varint(delta, at);
  }

  private static long varint(byte[] data, int[] at) throws IOException {
    long value = 0;
    int shift = 0;
    int c;
    do {
      if (at[0] >= data.length || shift > 56) {
        throw new IOException("truncated delta header");
      }
      c = data[at[0]++] & 0xff;
      value |= (long) (c & 0x7f) << shift;
      shift += 7;
    } while ((c & 0x80) != 0);
    return value;
  }

  /**
   * Git's delta format: the base and result sizes, then copy (from the base) and insert commands.
   */
  static byte[] applyDelta(byte[] base, byte[] delta) throws IOException {
    return applyDelta(base, delta, delta.length, null);
  }

  /**
   * As {@link #applyDelta(byte[], byte[])}, for the delta in the first {@code deltaLength} bytes of
   * {@code delta}, also saying in {@code copies} (when not null) which of the result's bytes were
   * copied from the base: (to, from, length) triples, in order.
   */
  static byte[] applyDelta(byte[] base, byte[] delta, int deltaLength, Copies copies)
      throws IOException {
    int[] at = {0};
    long baseSize = varint(delta, at);
    long resultSize = varint(delta, at);
    if (baseSize != base.length || resultSize > MAX_OBJECT) {
      throw new IOException(
          "delta does not fit its base ("
              + baseSize
              + " bytes expected, "
              + base.length
              + " found)");
    }
    byte[] out = new byte[(int) resultSize];
    int o = 0;
    int i = at[0];
    try {
      while (i < deltaLength) {
        int cmd = delta[i++] & 0xff;
        if ((cmd & 0x80) != 0) {
          int copyFrom = 0;
          int copySize = 0;
          if ((cmd & 0x01) != 0) copyFrom = delta[i++] & 0xff;
          if ((cmd & 0x02) != 0) copyFrom |= (delta[i++] & 0xff) << 8;
          if ((cmd & 0x04) != 0) copyFrom |= (delta[i++] & 0xff) << 16;
          if ((cmd & 0x08) != 0) copyFrom |= (delta[i++] & 0xff) << 24;
          if ((cmd & 0x10) != 0) copySize = delta[i++] & 0xff;
          if ((cmd & 0x20) != 0) copySize |= (delta[i++] & 0xff) << 8;
          if ((cmd & 0x40) != 0) copySize |= (delta[i++] & 0xff) << 16;
          if (copySize == 0) {
            copySize = 0x10000;
          }
          System.arraycopy(base, copyFrom, out, o, copySize);
          if (copies != null) {
            copies.add(o, copyFrom, copySize);
          }
          o += copySize;
        } else if (cmd != 0) {
          System.arraycopy(delta, i, out, o, cmd);
          i += cmd;
          o += cmd;
        } else {
          throw new IOException("delta has a zero command");
        }
      }
    } catch (IndexOutOfBoundsException e) {
      throw new IOException("delta reaches outside its base or result");
    }
    if (i > deltaLength) {
      // Its last command reads past its end, into what a longer buffer holds after it.
      throw new IOException("delta reaches outside its base or result");
    }
    if (o != out.length) {
      throw new IOException("delta builds " + o + " bytes, not " + out.length);
    }
    return out;
  }

  /** The copy commands of a delta, as {@link io.leakstop.source.Lineage} takes them. */
  static final class Copies {
    private static final int FIRST_LENGTH = 48;

    private int[] triples = new int[FIRST_LENGTH];
    private int count;

    /** Empty again, for the next delta; a table grown large for one delta is not kept. */
    Copies cleared() {
      count = 0;
      if (triples.length > 1 << 12) {
        triples = new int[FIRST_LENGTH];
      }
      return this;
    }

    void add(int to, int from, int length) {
      if (count > 0
          && triples[count - 3] + triples[count - 1] == to
          && triples[count - 2] + triples[count - 1] == from) {
        // Git splits long copies into commands of at most 64 KiB: one range is one copy.
        triples[count - 1] += length;
        return;
      }
      if (count + 3 > triples.length) {
        triples = Arrays.copyOf(triples, triples.length * 2);
      }
      triples[count++] = to;
      triples[count++] = from;
      triples[count++] = length;
    }

    int[] toArray() {
      return Arrays.copyOf(triples, count);
    }
  }
}
