package io.leakstop.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs programs the way a user's shell does: the repository's root, tools on the PATH, a chosen
 * environment.
 */
final class Processes {
  /** The repository's top directory (tests run in scanner-cli). */
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private Processes() {}

  /**
   * Runs {@code command} in {@code dir} with {@code env} laid over this process's environment
   * ({@code null} values remove).
   */
  static PackagedJarIT.Result run(
      Path dir, Map<String, String> env, long timeoutSeconds, List<String> command)
      throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    env.forEach(
        (name, value) -> {
          if (value == null) {
            pb.environment().remove(name);
          } else {
            pb.environment().put(name, value);
          }
        });
    Process p = pb.start();
    CompletableFuture<byte[]> err =
        CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(
        p.waitFor(timeoutSeconds, TimeUnit.SECONDS),
        "still running after " + timeoutSeconds + " s: " + command);
    return new PackagedJarIT.Result(
        p.exitValue(),
        new String(out, StandardCharsets.UTF_8),
        new String(err.get(), StandardCharsets.UTF_8));
  }

  private static byte[] readAll(java.io.InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The named program as the PATH finds it. */
  static Optional<Path> onPath(String program) {
    for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(entry.isEmpty() ? "." : entry, program);
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * A directory to use as the whole PATH, holding links to just these programs ({@code java} is the
   * JVM running the tests): the launcher run where, say, Maven is not installed.
   */
  static Path toolbox(Path dir, String... programs) throws IOException {
    Files.createDirectories(dir);
    for (String program : programs) {
      Path target =
          program.equals("java")
              ? Path.of(System.getProperty("java.home"), "bin", "java")
              : onPath(program)
                  .orElseThrow(() -> new IllegalStateException(program + " is not on the PATH"));
      Files.createSymbolicLink(dir.resolve(program), target);
    }
    return dir;
  }

  /** Programs the launcher itself uses, besides java, mvn and git. */
  static final String[] SHELL_TOOLS = {
    "bash", "dirname", "sed", "find", "mkdir", "mktemp", "rm", "cat", "grep", "awk", "sort", "mv",
    "tail", "head"
  };

  /**
   * Copies the tree at {@code from} to {@code to}, leaving out what is under {@code skip}; files as
   * hard links where it can.
   */
  static void copyTree(Path from, Path to, Path skip, boolean link) throws IOException {
    try (java.util.stream.Stream<Path> paths = Files.walk(from)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        if (skip != null && path.startsWith(skip)) {
          continue;
        }
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else if (link) {
          try {
            Files.createLink(target, path);
          } catch (IOException | UnsupportedOperationException e) {
            Files.copy(path, target); // another file system
          }
        } else {
          Files.copy(path, target);
        }
      }
    }
  }

  static String[] plus(String[] tools, String... more) {
    String[] all = java.util.Arrays.copyOf(tools, tools.length + more.length);
    System.arraycopy(more, 0, all, tools.length, more.length);
    return all;
  }
}
