package io.leakstop.git;

import io.leakstop.source.Lineage;
import java.io.IOException;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * A JGit object reader whose objects come from {@link PackObjects} when they are in the
 * repository's packs; JGit reads the rest (loose objects, alternates, objects over the size limit).
 * A damaged packed object is reported from here and never handed to JGit: on reading one, JGit
 * drops the whole pack from its list, and every later object of that pack, commits included, would
 * then be missing. Not thread-safe, like the reader it wraps.
 */
final class PackObjectReader extends ObjectReader.Filter {
  private final ObjectReader delegate;
  private final PackObjects.Reader packs;
  private final long maxBlobSize;

  PackObjectReader(ObjectReader delegate, PackObjects.Reader packs, long maxBlobSize) {
    this.delegate = delegate;
    this.packs = packs;
    this.maxBlobSize = maxBlobSize;
  }

  @Override
  protected ObjectReader delegate() {
    return delegate;
  }

  /** What {@link #blobUnlessBinary} answers for a binary blob. */
  static final byte[] BINARY = new byte[0];

  /** What {@link #blobUnlessBinary} answers for a blob over the size limit. */
  static final byte[] TOO_LARGE = new byte[0];

  /**
   * The content of the text blob {@code id}, which sits at {@code position} in the packs ({@link
   * PackObjects#position}, Long.MAX_VALUE for none); {@link #BINARY} for a binary one, read only as
   * far as it takes to tell ({@link PackObjects.Reader#readUnlessBinary}); {@link #TOO_LARGE} for
   * one over the size limit, told without inflating it. Null when the packs do not hold it as a
   * blob within the size limit: ask {@link #open}.
   */
  byte[] blobUnlessBinary(AnyObjectId id, long position) throws IOException {
    PackObjects.Loaded object;
    try {
      object = packs.readUnlessBinary(position, maxBlobSize);
    } catch (IOException e) {
      throw corrupt(id, e);
    }
    if (object == PackObjects.TOO_LARGE) {
      return TOO_LARGE;
    }
    if (object == null || object.type() != Constants.OBJ_BLOB) {
      return null;
    }
    if (object.bytes() == null) {
      return BINARY;
    }
    lastBlob = object.bytes();
    lastBlobPosition = position;
    // Taken now: a later read (another blob, binary or not) changes what the pack reader says.
    lastBlobBase = packs.lastBase();
    lastBlobCopies = packs.lastCopies();
    return object.bytes();
  }

  private byte[] lastBlob;
  private long lastBlobPosition;
  private long lastBlobBase;
  private int[] lastBlobCopies;

  /**
   * How {@code data}, the blob {@link #blobUnlessBinary} last returned as it is, was built from its
   * delta base (see {@link Lineage}); null for any other bytes (a UTF-16 blob read as UTF-8, one
   * JGit read).
   */
  Lineage lineage(byte[] data, Lineage.Memo memo) {
    if (data != lastBlob) {
      return null;
    }
    return lastBlobBase < 0
        ? Lineage.root(memo, lastBlobPosition)
        : new Lineage(memo, lastBlobPosition, lastBlobBase, lastBlobCopies);
  }

  /** Damage in a pack is reported by id, and never handed to JGit. */
  private static CorruptObjectException corrupt(AnyObjectId id, IOException e) {
    return new CorruptObjectException(id, e.getMessage());
  }

  @Override
  public void close() {
    packs.close();
    delegate.close();
  }

  /** Filter would hand this one straight to JGit (a walk's {@code parseAny} asks it). */
  @Override
  public ObjectLoader open(AnyObjectId id) throws IOException {
    return open(id, OBJ_ANY);
  }

  @Override
  public ObjectLoader open(AnyObjectId id, int typeHint) throws IOException {
    PackObjects.Loaded object;
    try {
      object =
          packs.read(id, typeHint == Constants.OBJ_BLOB ? maxBlobSize : PackObjects.MAX_OBJECT);
    } catch (IOException e) {
      throw corrupt(id, e);
    }
    if (object != null && (typeHint == OBJ_ANY || object.type() == typeHint)) {
      return new ObjectLoader.SmallObject(object.type(), object.bytes());
    }
    // Not packed, too large to hold, or of another type than asked: JGit streams or reports it.
    return delegate.open(id, typeHint);
  }
}
