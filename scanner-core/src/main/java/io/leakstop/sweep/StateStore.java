package io.leakstop.sweep;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The state file, held under an exclusive lock on {@code FILE.lock} for as long as it is open. The
 * lock is the operating system's, so a killed sweep releases it; a second sweep on the same file
 * fails at once instead of waiting or corrupting it. Every save writes a temporary file in the same
 * folder, forces it to disk, renames it over the state and forces the folder: a reader (or a crash)
 * sees either the old state or the new one, never half of one.
 */
public final class StateStore implements AutoCloseable {
  /**
   * Enums (severities, statuses) as their lower-case labels, the form state files have always had.
   */
  static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(EnumFeature.WRITE_ENUMS_TO_LOWERCASE)
          .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
          .build();

  private final Path file;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private StateStore(Path file, FileChannel lockChannel, FileLock lock) {
    this.file = file;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Locks {@code file}; throws {@link LockedException} if another sweep holds it. The lock and the
   * saves go to the file's real path, so that two sweeps reaching one state through different links
   * (or folders linked elsewhere) take the same lock, and a save replaces the state rather than the
   * link to it.
   */
  public static StateStore open(Path file) throws IOException {
    Path absolute = realPath(file.toAbsolutePath());
    if (absolute.getParent() != null) {
      Files.createDirectories(absolute.getParent());
    }
    Path lockFile = absolute.resolveSibling(absolute.getFileName() + ".lock");
    FileChannel channel =
        FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new LockedException(
          file + ": another sweep is using this state file (lock " + lockFile + " is held)");
    }
    return new StateStore(absolute, channel, lock);
  }

  /**
   * Where {@code file} really is: every link on the way resolved, also when the file (or the link's
   * target) does not exist yet.
   */
  static Path realPath(Path file) throws IOException {
    Path current = file;
    for (int hops = 0; hops < 40; hops++) {
      if (Files.exists(current)) {
        return current.toRealPath();
      }
      if (Files.isSymbolicLink(current)) {
        current = current.resolveSibling(Files.readSymbolicLink(current)).normalize();
        continue;
      }
      Path parent = current.getParent();
      return parent == null ? current : realPath(parent).resolve(current.getFileName());
    }
    throw new IOException(file + ": too many levels of symbolic links");
  }

  public Path file() {
    return file;
  }

  /** The saved state, or an empty one if there is no file yet. */
  public SweepState load() throws IOException {
    return read(file);
  }

  /** Reads a state file without locking it (for merging finished shards' states). */
  public static SweepState read(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return new SweepState();
    }
    SweepState state;
    try {
      state = JSON.readValue(bytes, SweepState.class);
    } catch (IOException e) {
      throw new IOException(file + ": not a leakstop sweep state file: " + MirrorCache.oneLine(e));
    }
    if (!SweepState.SCHEMA.equals(state.schema)) {
      throw new IOException(
          file + ": not a leakstop sweep state file (schema '" + state.schema + "')");
    }
    if (state.version > SweepState.VERSION) {
      throw new IOException(
          file
              + ": state version "
              + state.version
              + " is newer than this leakstop understands ("
              + SweepState.VERSION
              + ")");
    }
    return state;
  }

  public void save(SweepState state) throws IOException {
    write(file, state);
  }

  /**
   * Writes {@code state} to {@code target} atomically (temporary file, fsync, rename, fsync
   * folder).
   */
  public static void write(Path target, SweepState state) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    Path temp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
    try {
      byte[] bytes = JSON.writeValueAsBytes(state);
      try (FileChannel out =
          FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        out.force(true);
      }
      try {
        Files.move(
            temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
      forceDirectory(dir);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void forceDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Some platforms cannot open a folder for syncing; the rename itself is still atomic.
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      lockChannel.close();
    }
  }

  /** Another sweep holds the state file. */
  public static final class LockedException extends IOException {
    private static final long serialVersionUID = 1L;

    LockedException(String message) {
      super(message);
    }
  }
}
