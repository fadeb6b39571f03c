package io.leakstop.git;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.storage.file.WindowCacheConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/** Finds and opens git repositories: a working tree, a linked worktree or a bare repository. */
public final class GitRepositories {
  private static volatile boolean tuned;

  private GitRepositories() {}

  /**
   * True when {@code path} is the top of a working tree (with a {@code .git} folder or, for a
   * linked worktree, a {@code .git} file) or is itself a git directory such as a bare repository.
   */
  public static boolean isRepository(Path path) {
    Path dotGit = path.resolve(".git");
    if (Files.isDirectory(dotGit)) {
      return RepositoryCache.FileKey.isGitRepository(dotGit.toFile(), FS.DETECTED);
    }
    if (Files.isRegularFile(dotGit)) {
      return linkedGitDir(dotGit).isPresent();
    }
    return Files.isDirectory(path)
        && RepositoryCache.FileKey.isGitRepository(path.toFile(), FS.DETECTED);
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
   * Starts JGit's one-time set-up on a daemon thread (see {@link #tune}), so that a command can
   * parse its arguments meanwhile; the first {@link #open} then waits for it. That set-up, a
   * noticeable part of a cold start (bench/RESULTS.md, Figures from comments), otherwise ran alone
   * on the main thread between argument parsing and the first commit. A failure here is left for
   * {@link #open} to meet again and report.
   */
  public static void prepareInBackground() {
    Thread preparer =
        new Thread(
            () -> {
              try {
                tune();
              } catch (RuntimeException | LinkageError e) {
                // open() tunes again and reports it.
              }
            },
            "leakstop-jgit");
    preparer.setDaemon(true);
    preparer.start();
  }

  /**
   * JGit's defaults (10 MiB of pack windows, 10 MiB of delta bases) make it re-inflate delta chains
   * over and over on a full-history read; larger caches keep it close to git's own speed. Global to
   * JGit, so set once, only up to a quarter of the heap. Also tells JGit where git's system-wide
   * config is (see {@link #systemConfig}), and reads git's system and user config, which JGit keeps
   * for every repository it opens.
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
      if (System.getenv("GIT_CONFIG_NOSYSTEM") == null) {
        FS.DETECTED.setGitSystemConfig(
            systemConfig(System.getenv("GIT_CONFIG_SYSTEM"), System.getenv("PATH")));
      }
      try {
        SystemReader.getInstance().getUserConfig();
      } catch (IOException | ConfigInvalidException e) {
        // Opening a repository reads them again and reports the problem with the file's name.
      }
      tuned = true;
    }
  }

  /**
   * git's system-wide config file, found the way git itself places it: {@code GIT_CONFIG_SYSTEM},
   * or {@code etc/gitconfig} under the prefix of the {@code git} on the path ({@code
   * /etc/gitconfig} for a {@code /usr} install); null without git. JGit would otherwise ask by
   * running {@code git --version} and {@code git config --system --show-origin}: two processes on
   * every start, a noticeable part of a pre-commit scan (bench/RESULTS.md, Figures from comments).
   */
  static File systemConfig(String gitConfigSystem, String path) {
    if (gitConfigSystem != null && !gitConfigSystem.isEmpty()) {
      return new File(gitConfigSystem);
    }
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path git = Path.of(dir, "git");
      if (!Files.isExecutable(git)) {
        git = Path.of(dir, "git.exe");
      }
      if (Files.isExecutable(git)) {
        // Not resolving links: /opt/homebrew/bin/git links into a Cellar, but reads
        // /opt/homebrew/etc.
        Path prefix = git.toAbsolutePath().getParent().getParent();
        if (prefix == null) {
          return null;
        }
        return prefix.equals(Path.of("/usr"))
            ? new File("/etc/gitconfig")
            : prefix.resolve("etc/gitconfig").toFile();
      }
    }
    return null;
  }
}
