package io.leakstop.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.storage.file.WindowCacheConfig;
import org.eclipse.jgit.util.FS;

/** Finds and opens git repositories: a working tree, a linked worktree or a bare repository. */
public final class GitRepositories {
  private static volatile boolean tuned;

  private GitRepositories() {}

  /**
   * True when {@code path} is the top of a working tree (with a {@code .git} folder or, for a linked
   * worktree, a {@code .git} file) or is itself a git directory such as a bare repository.
   */
  public static boolean isRepository(Path path) {
    Path dotGit = path.resolve(".git");
    if (Files.isDirectory(dotGit)) {
      return RepositoryCache.FileKey.isGitRepository(dotGit.toFile(), FS.DETECTED);
    }
    if (Files.isRegularFile(dotGit)) {
      return linkedGitDir(dotGit).isPresent();
    }
    return Files.isDirectory(path) && RepositoryCache.FileKey.isGitRepository(path.toFile(), FS.DETECTED);
  }

  /** Opens the repository at {@code path} (see {@link #isRepository}). */
  public static Repository open(Path path) throws IOException {
    tune();
    FileRepositoryBuilder builder = new FileRepositoryBuilder().setMustExist(true);
    Path dotGit = path.resolve(".git");
    if (Files.exists(dotGit)) {
      // A .git file (linked worktree) is followed by the builder, including its commondir.
      builder.setWorkTree(path.toFile()).findGitDir(path.toFile());
    } else {
      builder.setGitDir(path.toFile()).setBare();
    }
    if (builder.getGitDir() == null) {
      throw new IOException(path + ": not a git repository");
    }
    return builder.build();
  }

  private static Optional<Path> linkedGitDir(Path dotGitFile) {
    try {
      String text = Files.readString(dotGitFile, StandardCharsets.UTF_8).trim();
      if (!text.startsWith("gitdir:")) {
        return Optional.empty();
      }
      Path dir = dotGitFile.getParent().resolve(text.substring("gitdir:".length()).trim());
      return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * JGit's defaults (10 MiB of pack windows, 10 MiB of delta bases) make it re-inflate delta chains
   * over and over on a full-history read; larger caches keep it close to git's own speed. Global to
   * JGit, so set once, only up to a quarter of the heap.
   */
  static void tune() {
    if (tuned) {
      return;
    }
    synchronized (GitRepositories.class) {
      if (tuned) {
        return;
      }
      long quarter = Runtime.getRuntime().maxMemory() / 4;
      WindowCacheConfig config = new WindowCacheConfig();
      config.setPackedGitLimit(Math.max(10L << 20, Math.min(256L << 20, quarter / 2)));
      config.setDeltaBaseCacheLimit((int) Math.max(10L << 20, Math.min(96L << 20, quarter / 2)));
      config.setPackedGitOpenFiles(512);
      config.install();
      tuned = true;
    }
  }
}
