package io.leakstop.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A real repository on disk driven by the git CLI, with a fixed author, for tests. */
public final class GitRepo {
  public static final String AUTHOR = "Alice Example";
  public static final String EMAIL = "alice@example.com";

  private final Path dir;
  private String date;

  private GitRepo(Path dir) {
    this.dir = dir;
  }

  /** A new repository with branch {@code main} at {@code dir}. */
  public static GitRepo init(Path dir) throws IOException {
    Files.createDirectories(dir);
    GitRepo repo = new GitRepo(dir);
    repo.git("init", "-q", "-b", "main");
    return repo;
  }

  /** An existing repository or worktree at {@code dir}. */
  public static GitRepo at(Path dir) {
    return new GitRepo(dir);
  }

  public Path dir() {
    return dir;
  }

  /**
   * Author and committer date of the next commits, e.g. {@code 2020-01-01T00:00:00Z}; null for now.
   */
  public GitRepo date(String isoDate) {
    this.date = isoDate;
    return this;
  }

  public GitRepo write(String path, String content) throws IOException {
    Path file = dir.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    return this;
  }

  /** Stages everything and commits; returns the new commit id. */
  public String commitAll(String message) throws IOException {
    git("add", "-A");
    return commit(message);
  }

  /** Commits what is staged (allowing an empty commit); returns the new commit id. */
  public String commit(String message) throws IOException {
    git("commit", "-q", "--allow-empty", "-m", message);
    return head();
  }

  public String head() throws IOException {
    return git("rev-parse", "HEAD").trim();
  }

  /** Runs git in the repository and returns its standard output; fails on a non-zero exit. */
  public String git(String... args) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "git",
                "-c",
                "user.name=" + AUTHOR,
                "-c",
                "user.email=" + EMAIL,
                "-c",
                "commit.gpgsign=false",
                "-c",
                "init.defaultBranch=main",
                "-c",
                "protocol.file.allow=always"));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(false);
    Map<String, String> env = pb.environment();
    env.put("GIT_AUTHOR_NAME", AUTHOR);
    env.put("GIT_AUTHOR_EMAIL", EMAIL);
    env.put("GIT_COMMITTER_NAME", AUTHOR);
    env.put("GIT_COMMITTER_EMAIL", EMAIL);
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_CONFIG_GLOBAL", "/dev/null");
    if (date != null) {
      env.put("GIT_AUTHOR_DATE", date);
      env.put("GIT_COMMITTER_DATE", date);
    }
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    try {
      if (p.waitFor() != 0) {
        throw new IOException(
            "git "
                + String.join(" ", args)
                + " failed: "
                + new String(err, StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
