package io.leakstop.rules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one way to read the files a scanned repository supplies to leakstop itself ({@code
 * .leakstop.yaml}, {@code .leakstopignore}, {@code .gitleaks.toml} and what its {@code [extend]
 * path} names, {@code .gitleaksignore}), and the files a user names on the command line.
 *
 * <p>A repository is hostile input: a link {@code .leakstopignore -> /proc/self/environ} must not
 * make leakstop read the environment and echo it in an error. So a supplied file is read only when
 * its real path (links resolved) is a regular file inside the repository's real path, and no larger
 * than {@link #MAX_BYTES}. A file the user names is the user's choice and may be anywhere, through
 * links too, but it must still be a regular file of bounded size (a FIFO or device would block or
 * never end). Errors about either name the file and the problem, never its content.
 */
public final class RepositoryFiles {
  /**
   * Far above any real ignore file, config or baseline report; a bound, so a huge file is an error,
   * not a heap.
   */
  public static final long MAX_BYTES = 16L << 20;

  private RepositoryFiles() {}

  /**
   * The text of {@code file}, found in the repository at {@code root}; empty when there is no such
   * file (nor a link of that name).
   *
   * @throws ConfigException naming the file when it is a link leaving the repository, not a regular
   *     file, too large or unreadable
   */
  public static Optional<String> readSupplied(Path root, Path file) {
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    return Optional.of(read(file, checkedInside(root, file)));
  }

  /** The text of a file the user named; it must exist. */
  public static String readNamed(Path file) {
    Path real;
    try {
      real = file.toRealPath();
    } catch (NoSuchFileException e) {
      throw new ConfigException(file.toString(), 0, "no such file");
    } catch (IOException e) {
      throw new ConfigException(file.toString(), 0, "cannot read: " + problem(e));
    }
    return read(file, real);
  }

  /**
   * Where to write {@code file} in the repository at {@code root}: the file itself when it does not
   * exist yet or is a regular file whose real path is inside the repository.
   *
   * @throws ConfigException when it is a link leaving the repository or not a regular file
   */
  public static Path writable(Path root, Path file) {
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return file;
    }
    return checkedInside(root, file);
  }

  /** The real path of {@code file}, checked to be a regular file inside {@code root}. */
  private static Path checkedInside(Path root, Path file) {
    Path real;
    Path realRoot;
    try {
      realRoot = root.toRealPath();
      real = file.toRealPath();
    } catch (NoSuchFileException e) {
      throw new ConfigException(file.toString(), 0, "is a symbolic link to nothing; not read");
    } catch (IOException e) {
      throw new ConfigException(file.toString(), 0, "cannot read: " + problem(e));
    }
    if (!real.startsWith(realRoot)) {
      throw new ConfigException(
          file.toString(),
          0,
          "is a symbolic link to a file outside the repository; not read (a scanned repository supplies only its own files)");
    }
    return real;
  }

  private static String read(Path file, Path real) {
    if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
      throw new ConfigException(file.toString(), 0, "is not a regular file; not read");
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS)) {
      // Sizes can lie (files in /proc say 0): read one byte past the limit rather than trust them.
      bytes = in.readNBytes((int) MAX_BYTES + 1);
    } catch (IOException e) {
      throw new ConfigException(file.toString(), 0, "cannot read: " + problem(e));
    }
    if (bytes.length > MAX_BYTES) {
      throw new ConfigException(
          file.toString(), 0, "is larger than " + (MAX_BYTES >> 20) + " MiB; not read");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** An I/O failure in words, without the path again (Java repeats it in the message). */
  private static String problem(IOException e) {
    String name = e.getClass().getSimpleName();
    return switch (name) {
      case "AccessDeniedException" -> "permission denied";
      case "FileSystemLoopException" -> "too many levels of symbolic links";
      default -> e.getMessage() == null ? name : e.getMessage();
    };
  }

  /**
   * A parser's complaint about a file's text, safe to print: its first line, with anything it
   * quotes from the file left out (parsers quote the offending token, which may be a secret).
   */
  public static String parserProblem(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    String first = nl < 0 ? message : message.substring(0, nl);
    return first.replaceAll("'[^']*'", "'…'").replaceAll("\"[^\"]*\"", "\"…\"").strip();
  }
}
