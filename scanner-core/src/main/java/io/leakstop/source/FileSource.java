package io.leakstop.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * The files under a path as they are on disk. Skips {@code .git}, symbolic links (so nothing
 * outside the path is read), excluded paths, binary files and files over the size limit; reads and
 * delivers files on {@code threads} threads.
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
    ExecutorService pool = Executors.newFixedThreadPool(threads, daemon());
    // Bounds the files read ahead of the detector so memory stays flat on huge trees.
    Semaphore inFlight = new Semaphore(threads * 4);
    List<Future<?>> pending = new ArrayList<>();
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              if (!dir.equals(root)
                  && (dir.getFileName().toString().equals(".git") || excludes.excludes(relative(dir)))) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (!attrs.isRegularFile()) {
                return FileVisitResult.CONTINUE;
              }
              String name = relative(file);
              if (excludes.excludes(name)) {
                return FileVisitResult.CONTINUE;
              }
              if (attrs.size() > maxFileSize) {
                sink.skipped(name, FragmentSink.SkipReason.TOO_LARGE);
                return FileVisitResult.CONTINUE;
              }
              inFlight.acquireUninterruptibly();
              pending.add(
                  pool.submit(
                      () -> {
                        try {
                          read(file, name, sink);
                        } finally {
                          inFlight.release();
                        }
                      }));
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              sink.failed(relative(file), problem(e));
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

  private void read(Path file, String name, FragmentSink sink) {
    byte[] bytes = readText(file, name, maxFileSize, sink);
    if (bytes != null) {
      sink.accept(Fragment.of(name, bytes));
    }
  }

  /**
   * A file's bytes for scanning, or null when it was left out: over {@code maxFileSize} or binary
   * (told to {@code sink} as skipped) or unreadable (told as failed). {@code name} names it.
   */
  public static byte[] readText(Path file, String name, long maxFileSize, FragmentSink sink) {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      // Read at most one byte over the limit: the file may have grown since it was listed.
      bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxFileSize + 1));
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

  private String relative(Path path) {
    if (path.equals(root)) {
      return path.toString().replace(java.io.File.separatorChar, '/');
    }
    return root.relativize(path).toString().replace(java.io.File.separatorChar, '/');
  }

  static String problem(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "cannot read: permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "cannot read: file vanished during the scan";
    }
    return "cannot read: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
  }

  static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "leakstop-scan");
      t.setDaemon(true);
      return t;
    };
  }
}
