package io.leakstop.filter;

import io.leakstop.finding.Finding;
import io.leakstop.rules.ConfigException;
import io.leakstop.rules.RepositoryFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code .leakstopignore}: one fingerprint per line, {@code #} starts a comment (a whole line or
 * the rest of one). A fingerprint names a rule and a secret, not a place, so an ignore survives
 * rebases and moved lines while a different secret on the same line is still reported.
 */
public final class IgnoreFile implements FindingFilter {
  public static final String FILE_NAME = ".leakstopignore";
  private static final Pattern FINGERPRINT = Pattern.compile("[^\\s:#]+:[0-9a-f]{20}");
  private static final Pattern FINGERPRINT_DIGITS = Pattern.compile("[0-9a-f]{20}");

  private final Set<String> fingerprints;

  private IgnoreFile(Set<String> fingerprints) {
    this.fingerprints = Set.copyOf(fingerprints);
  }

  public static final IgnoreFile EMPTY = new IgnoreFile(Set.of());

  /**
   * The ignore file at the root of the repository holding {@code start}; empty if there is none.
   */
  public static IgnoreFile discover(Path start) {
    Path file = locate(start);
    return RepositoryFiles.readSupplied(file.getParent(), file)
        .map(text -> parse(file, text))
        .orElse(EMPTY);
  }

  /**
   * Where the ignore file of {@code start} is: at the nearest enclosing folder that is a git
   * repository root, else in {@code start} itself (or its folder, for a file).
   */
  public static Path locate(Path start) {
    Path dir = start.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      dir = dir.getParent();
    }
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.exists(d.resolve(".git"))) {
        return d.resolve(FILE_NAME);
      }
    }
    return dir.resolve(FILE_NAME);
  }

  /**
   * Reads {@code file}, one the user named; a line that is not a fingerprint stops with {@code
   * file:line: problem}, without quoting the line (it may hold a secret).
   */
  public static IgnoreFile load(Path file) {
    return parse(file, RepositoryFiles.readNamed(file));
  }

  private static IgnoreFile parse(Path file, String text) {
    String[] lines = text.split("\r?\n", -1);
    Set<String> fingerprints = new LinkedHashSet<>();
    for (int i = 0; i < lines.length; i++) {
      String entry = entry(lines[i]);
      if (entry.isEmpty()) {
        continue;
      }
      if (!FINGERPRINT.matcher(entry).matches()) {
        throw new ConfigException(
            file.toString(),
            i + 1,
            "not a fingerprint (expected rule-id:20-hex-digits, as reports print it)");
      }
      fingerprints.add(entry);
    }
    return new IgnoreFile(fingerprints);
  }

  private static String entry(String line) {
    int hash = line.indexOf('#');
    return (hash >= 0 ? line.substring(0, hash) : line).strip();
  }

  public static boolean isFingerprint(String text) {
    return FINGERPRINT.matcher(text).matches();
  }

  /**
   * Appends {@code fingerprints} to {@code file} (created if missing), each with {@code reason} as
   * its comment, and returns the ones added; those already listed are left as they are.
   */
  public static List<String> append(Path file, List<String> fingerprints, String reason) {
    return append(file, fingerprints, reason, null);
  }

  /**
   * Appends to the ignore file of the repository holding {@code start} (see {@link #locate}), which
   * must be a regular file inside that repository: a link leaving it is refused, not written
   * through.
   */
  public static List<String> appendInRepository(
      Path start, List<String> fingerprints, String reason) {
    Path file = locate(start);
    return append(
        RepositoryFiles.writable(file.getParent(), file), fingerprints, reason, file.getParent());
  }

  /**
   * @param root the repository {@code file} must stay in, or null for a file the user named
   */
  private static List<String> append(
      Path file, List<String> fingerprints, String reason, Path root) {
    for (String fp : fingerprints) {
      if (!isFingerprint(fp)) {
        throw new IllegalArgumentException(
            "'" + fp + "' is not a fingerprint (expected rule-id:20-hex-digits)");
      }
    }
    String why = reason.replaceAll("[\\r\\n]+", " ").strip();
    if (why.isEmpty()) {
      throw new IllegalArgumentException("a reason is required");
    }
    Set<String> present;
    if (root != null) {
      present =
          RepositoryFiles.readSupplied(root, file)
              .map(text -> parse(file, text).fingerprints)
              .orElse(Set.of());
    } else {
      present = Files.exists(file) ? load(file).fingerprints : Set.of();
    }
    List<String> added = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (String fp : new LinkedHashSet<>(fingerprints)) {
      if (!present.contains(fp)) {
        added.add(fp);
        text.append(fp).append("  # ").append(why).append('\n');
      }
    }
    try {
      if (Files.isRegularFile(file) && Files.size(file) > 0 && !endsWithNewline(file)) {
        text.insert(0, '\n');
      }
      if (!added.isEmpty()) {
        // In a repository, file is the checked real path: a link swapped in since is not followed.
        OpenOption[] options =
            root != null
                ? new OpenOption[] {
                  StandardOpenOption.CREATE, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS
                }
                : new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.APPEND};
        Files.writeString(file, text, StandardCharsets.UTF_8, options);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot write: " + e.getMessage(), e);
    }
    return added;
  }

  private static boolean endsWithNewline(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    return bytes.length == 0 || bytes[bytes.length - 1] == '\n';
  }

  public Set<String> fingerprints() {
    return fingerprints;
  }

  @Override
  public String name() {
    return "ignore file";
  }

  /**
   * Drops the ignored fingerprints, and leakstop's own fingerprints where a scan meets them: this
   * file holds nothing else, and in a committed baseline report {@code "fingerprint":
   * "generic-token:3f1c…"} reads to a generic assignment rule like a token assigned a value.
   */
  @Override
  public boolean keep(Finding finding) {
    if (fingerprints.contains(finding.fingerprint())) {
      return false;
    }
    String path = finding.location().path();
    if (path != null && (path.equals(FILE_NAME) || path.endsWith("/" + FILE_NAME))) {
      return false;
    }
    return !("generic".equals(finding.issuer())
        && FINGERPRINT_DIGITS.matcher(finding.secret()).matches());
  }
}
