package io.leakstop.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.eclipse.jgit.lib.Repository;

/**
 * Installs leakstop as a repository's git pre-commit hook. A hook already there is kept: it moves
 * to {@code pre-commit.leakstop-chained} and runs first; uninstalling puts it back.
 */
public final class PreCommitHook {
  static final String MARKER = "# installed by leakstop";
  static final String CHAINED = "pre-commit.leakstop-chained";

  private PreCommitHook() {}

  /** What an install or uninstall did, as one line for the user. */
  public record Outcome(boolean changed, String message) {}

  /**
   * Writes the hook into the repository at {@code repoPath}; {@code command} is how the hook starts
   * leakstop (a path to the launcher, or {@code leakstop} on the PATH).
   */
  public static Outcome install(Path repoPath, String command) throws IOException {
    Path hooks = hooksDir(repoPath);
    Path hook = hooks.resolve("pre-commit");
    Path chained = hooks.resolve(CHAINED);
    Files.createDirectories(hooks);
    boolean ours = Files.exists(hook) && isOurs(hook);
    String kept = "";
    if (Files.exists(hook) && !ours) {
      if (Files.exists(chained)) {
        throw new IOException(chained + " already exists; move it away before installing");
      }
      Files.move(hook, chained, StandardCopyOption.ATOMIC_MOVE);
      kept = "; the previous hook runs first (kept as " + chained.getFileName() + ")";
    }
    Files.writeString(hook, script(command), StandardCharsets.UTF_8);
    makeExecutable(hook);
    return new Outcome(true, (ours ? "updated " : "installed ") + hook + kept);
  }

  /** Removes leakstop's hook and restores the one it chained, if any. */
  public static Outcome uninstall(Path repoPath) throws IOException {
    Path hooks = hooksDir(repoPath);
    Path hook = hooks.resolve("pre-commit");
    Path chained = hooks.resolve(CHAINED);
    if (!Files.exists(hook) || !isOurs(hook)) {
      return new Outcome(false, "no leakstop pre-commit hook in " + hooks);
    }
    Files.delete(hook);
    if (Files.exists(chained)) {
      Files.move(chained, hook, StandardCopyOption.ATOMIC_MOVE);
      return new Outcome(true, "removed leakstop's hook; restored the previous " + hook);
    }
    return new Outcome(true, "removed " + hook);
  }

  /**
   * The hooks folder git uses: {@code core.hooksPath} if set, else the (common) git dir's hooks.
   */
  static Path hooksDir(Path repoPath) throws IOException {
    try (Repository repo = GitRepositories.open(repoPath)) {
      String configured = repo.getConfig().getString("core", null, "hooksPath");
      if (configured != null && !configured.isBlank()) {
        Path p = Path.of(configured);
        Path base = repo.isBare() ? repo.getDirectory().toPath() : repo.getWorkTree().toPath();
        return p.isAbsolute() ? p : base.resolve(p);
      }
      return repo.getCommonDirectory().toPath().resolve("hooks");
    }
  }

  private static boolean isOurs(Path hook) throws IOException {
    return Files.readString(hook, StandardCharsets.UTF_8).contains(MARKER);
  }

  static String script(String command) {
    return "#!/bin/sh\n"
        + MARKER
        + " (leakstop hook uninstall restores the previous hook)\n"
        + "chained=\"$(dirname \"$0\")/"
        + CHAINED
        + "\"\n"
        + "if [ -x \"$chained\" ]; then \"$chained\" \"$@\" || exit $?; fi\n"
        + "exec "
        + shellQuote(command)
        + " scan --staged\n";
  }

  private static String shellQuote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  private static void makeExecutable(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (UnsupportedOperationException e) {
      file.toFile().setExecutable(true);
    }
  }
}
