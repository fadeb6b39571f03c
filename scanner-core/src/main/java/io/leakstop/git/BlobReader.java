package io.leakstop.git;

import io.leakstop.source.Binary;
import io.leakstop.source.FragmentSink;
import io.leakstop.source.Utf16;
import java.io.IOException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * Reads a blob for scanning, leaving out (and reporting) what is too large, binary or unreadable.
 */
final class BlobReader {
  private BlobReader() {}

  /**
   * A blob of the history scan, from the packs at {@code packPosition} ({@link
   * PackObjects#position}) when it is there, so that a binary one is inflated only as far as it
   * takes to tell; else as {@link #read(ObjectReader, ObjectId, String, long, FragmentSink)}.
   */
  static byte[] read(
      PackObjectReader reader,
      ObjectId id,
      long packPosition,
      String where,
      long maxSize,
      FragmentSink sink) {
    try {
      byte[] text = reader.blobUnlessBinary(id, packPosition);
      if (text == PackObjectReader.BINARY) {
        sink.skipped(where, FragmentSink.SkipReason.BINARY);
        return null;
      }
      if (text == PackObjectReader.TOO_LARGE) {
        // Told from the pack header: handed to JGit, it would be inflated whole to learn its size.
        sink.skipped(where, FragmentSink.SkipReason.TOO_LARGE);
        return null;
      }
      if (text != null) {
        return Utf16.asUtf8(text);
      }
    } catch (IOException | RuntimeException e) {
      sink.failed(where, "cannot read: " + problem(e));
      return null;
    }
    return read((ObjectReader) reader, id, where, maxSize, sink);
  }

  /**
   * The blob's bytes (UTF-16 text as UTF-8), or null when it was skipped or failed; {@code where}
   * names it in the report.
   */
  static byte[] read(
      ObjectReader reader, ObjectId id, String where, long maxSize, FragmentSink sink) {
    try {
      ObjectLoader loader = reader.open(id, Constants.OBJ_BLOB);
      if (loader.getSize() > maxSize) {
        sink.skipped(where, FragmentSink.SkipReason.TOO_LARGE);
        return null;
      }
      byte[] bytes = loader.getCachedBytes((int) Math.min(Integer.MAX_VALUE - 8, maxSize));
      if (Binary.isBinary(bytes, bytes.length)) {
        sink.skipped(where, FragmentSink.SkipReason.BINARY);
        return null;
      }
      return Utf16.asUtf8(bytes);
    } catch (IOException | RuntimeException e) {
      sink.failed(where, "cannot read: " + problem(e));
      return null;
    }
  }

  static String problem(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MissingObjectException missing) {
        // JGit says "Missing unknown <id>".
        return "object "
            + missing.getObjectId().name()
            + " is missing (no pack or loose object holds it)";
      }
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    Throwable cause = e.getCause();
    if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
      message += " (" + cause.getMessage() + ")";
    }
    return message;
  }
}
