package io.leakstop.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * The files under a path as they are on disk. The path itself is followed when it is a symbolic
 * link (as {@code find -H} does: the user named it); links met inside the tree are skipped and
 * counted, so nothing outside the path is read. Also skips {@code .git}, excluded paths, binary
 * files and files over the size limit; reads and delivers files on {@code threads} threads. Every
 * file not excluded is named to {@link FragmentSink#file} first, binary or large ones too.
 */
public final class FileSource implements Source {
  private final Path root;
  private final PathFilter excludes;
  private final long maxFileSize;
  private final int threads;

  public FileSource(Path root, PathFilter excludes, long maxFileSize, int threads) {
    this.root = root;
    this.excludes = excludes;
    this.maxFileSize = maxFileSize;
    this.threads = Math.max(1, threads);
  }

  @Override
  public String describe() {
    return root.toString();
  }

  @Override
  public void feed(FragmentSink sink) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw new NoSuchFileException(root.toString(), null, "no such file or directory");
    }
    // Walked from where the link points, named as under the path given.
    Path start = Files.isSymbolicLink(root) ? root.toRealPath() : root;
    ExecutorService pool = Executors.newFixedThreadPool(threads, daemon());
    // Bounds the files read ahead of the detector so memory stays flat on huge trees.
    Semaphore inFlight = new Semaphore(threads * 4);
    List<Future<?>> pending = new ArrayList<>();
    try {
      Files.walkFileTree(
          start,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              if (!dir.equals(start)
                  && (dir.getFileName().toString().equals(".git")
                      || excludes.excludes(relative(start, dir)))) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              String name = relative(start, file);
              if (attrs.isSymbolicLink() && !excludes.excludes(name)) {
                sink.skipped(name, FragmentSink.SkipReason.SYMLINK);
              }
              if (!attrs.isRegularFile()) {
                return FileVisitResult.CONTINUE;
              }
              if (excludes.excludes(name)) {
                return FileVisitResult.CONTINUE;
              }
              sink.file(name, Provenance.file(name));
              if (attrs.size() > maxFileSize) {
                sink.skipped(name, FragmentSink.SkipReason.TOO_LARGE);
                return FileVisitResult.CONTINUE;
              }
              inFlight.acquireUninterruptibly();
              pending.add(
                  pool.submit(
                      () -> {
                        try {
                          read(file, name, attrs.size(), sink);
                        } finally {
                          inFlight.release();
                        }
                      }));
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              sink.failed(relative(start, file), problem(e));
              return FileVisitResult.CONTINUE;
            }
          });
      for (Future<?> f : pending) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException("scanning failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted");
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Files over a sixteenth of the heap are read and scanned one at a time: in a small heap a few of
   * them at once do not fit together although each fits alone, and the threads then spend seconds
   * collecting garbage before all but one run out of memory. With the default heap and size limit
   * no file is that large.
   */
  private static final Semaphore ONE_LARGE_FILE = new Semaphore(1);

  private void read(Path file, String name, long size, FragmentSink sink) {
    boolean large = size > Runtime.getRuntime().maxMemory() / 16;
    if (large) {
      ONE_LARGE_FILE.acquireUninterruptibly();
    }
    try {
      byte[] bytes = readText(file, name, maxFileSize, sink);
      if (bytes != null) {
        sink.accept(Fragment.of(name, bytes));
      }
    } catch (OutOfMemoryError e) {
      sink.failed(name, OutOfMemory.problem(size));
    } finally {
      if (large) {
        ONE_LARGE_FILE.release();
      }
    }
  }

  /**
   * A file's bytes for scanning (UTF-16 text as UTF-8), or null when it was left out: over {@code
   * maxFileSize} or binary (told to {@code sink} as skipped) or unreadable (told as failed). {@code
   * name} names it.
   */
  public static byte[] readText(Path file, String name, long maxFileSize, FragmentSink sink) {
    byte[] bytes = readUnlessBinary(file, name, maxFileSize, sink);
    return bytes == null ? null : Utf16.asUtf8(bytes);
  }

  /** As {@link #readText}, but UTF-16 text as it is on disk (to compare it with a git blob). */
  public static byte[] readUnlessBinary(
      Path file, String name, long maxFileSize, FragmentSink sink) {
    byte[] bytes;
    try (SeekableByteChannel channel = Files.newByteChannel(file)) {
      bytes = readAtMost(Channels.newInputStream(channel), channel.size(), maxFileSize + 1);
    } catch (IOException e) {
      sink.failed(name, problem(e));
      return null;
    }
    if (bytes.length > maxFileSize) {
      sink.skipped(name, FragmentSink.SkipReason.TOO_LARGE);
      return null;
    }
    if (Binary.isBinary(bytes, bytes.length)) {
      sink.skipped(name, FragmentSink.SkipReason.BINARY);
      return null;
    }
    return bytes;
  }

  /**
   * At most {@code limit} bytes of {@code in}, which held {@code expected} when it was opened: read
   * into an array of that size, so that a large file takes its own size of heap and no more
   * (reading an unknown length gathers chunks and copies them, twice the size at the end). A file
   * that grew meanwhile is read on, up to the limit; one byte over it says the file is too large.
   */
  private static byte[] readAtMost(InputStream in, long expected, long limit) throws IOException {
    int first = (int) Math.min(Math.min(expected, limit), Integer.MAX_VALUE - 8);
    byte[] bytes = new byte[first];
    int n = in.readNBytes(bytes, 0, first);
    if (n < first) {
      return Arrays.copyOf(bytes, n);
    }
    byte[] rest = in.readNBytes((int) Math.min(limit - n, Integer.MAX_VALUE - 8 - n));
    if (rest.length == 0) {
      return bytes;
    }
    byte[] all = Arrays.copyOf(bytes, n + rest.length);
    System.arraycopy(rest, 0, all, n, rest.length);
    return all;
  }

  /** {@code path}'s name under the root, walked from {@code start}; the root itself as given. */
  private String relative(Path start, Path path) {
    if (path.equals(start)) {
      return root.toString().replace(java.io.File.separatorChar, '/');
    }
    return start.relativize(path).toString().replace(java.io.File.separatorChar, '/');
  }

  static String problem(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "cannot read: permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "cannot read: file vanished during the scan";
    }
    return "cannot read: "
        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
  }

  static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "leakstop-scan");
      t.setDaemon(true);
      return t;
    };
  }
}
