package io.leakstop.sweep;

import io.leakstop.git.GitRepositories;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;

/**
 * Bare mirrors of the swept repositories, one folder each. The first run clones (into a temporary
 * folder renamed into place when complete, so a killed clone leaves nothing half-made); later runs
 * fetch every ref, pruning deleted ones. Local paths are opened in place, not mirrored.
 */
public final class MirrorCache {
  private final Path dir;

  public MirrorCache(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** The folder holding {@code target}'s mirror: readable name plus a hash of the key. */
  public Path folder(Target target) {
    String readable = target.shortName().replaceAll("[^A-Za-z0-9._-]+", "_");
    return dir.resolve(readable + "-" + hash(target.key()) + ".git");
  }

  /** Brings the mirror up to date and returns its folder (a local target's own folder). */
  public Path update(Target target, CredentialsProvider credentials) throws IOException {
    if (target.isLocal()) {
      openLocal(target).close();
      return Path.of(target.url());
    }
    Path folder = folder(target);
    try {
      if (Files.isDirectory(folder)) {
        try (Git git = Git.open(folder.toFile())) {
          git.fetch()
              .setRemote("origin")
              .setRefSpecs(new RefSpec("+refs/*:refs/*"))
              .setRemoveDeletedRefs(true)
              .setCredentialsProvider(credentials)
              .setTimeout(120)
              .call();
        }
      } else {
        Files.createDirectories(dir);
        Path partial = Files.createTempDirectory(dir, ".clone-");
        try {
          Git.cloneRepository()
              .setURI(target.url())
              .setMirror(true)
              .setBare(true)
              .setDirectory(partial.toFile())
              .setCredentialsProvider(credentials)
              .setTimeout(120)
              .call()
              .close();
          Files.move(partial, folder, StandardCopyOption.ATOMIC_MOVE);
        } finally {
          deleteTree(partial);
        }
      }
    } catch (TransportException e) {
      throw new IOException("fetch failed: " + oneLine(e), e);
    } catch (GitAPIException | RuntimeException e) {
      throw new IOException("mirror failed: " + oneLine(e), e);
    }
    return folder;
  }

  static Repository openLocal(Target target) throws IOException {
    return openMirror(Path.of(target.url()));
  }

  /** Opens a repository folder: a bare mirror, or a working tree with {@code .git}. */
  static Repository openMirror(Path path) throws IOException {
    if (!Files.isDirectory(path)) {
      throw new IOException("no such repository " + path);
    }
    if (!GitRepositories.isRepository(path)) {
      throw new IOException("not a git repository: " + path);
    }
    try {
      return GitRepositories.open(path);
    } catch (IOException | RuntimeException e) {
      throw new IOException("cannot open the repository: " + oneLine(e), e);
    }
  }

  static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    Throwable cause = e.getCause();
    if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
      message += ": " + cause.getMessage();
    }
    return message.replaceAll("\\s+", " ").trim();
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
      for (Path p : paths) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static String hash(String key) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
