package io.leakstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.leakstop.testing.GitRepo;
import io.leakstop.testing.Tokens;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The self-contained jar, run as its own process the way the launcher runs it. */
class PackagedJarIT {
  static Path jar;
  @TempDir Path dir;

  @BeforeAll
  static void findJar() {
    // The build names the release jar (leakstop-<version>.jar) through failsafe.
    String built = System.getProperty("leakstop.jar");
    assertTrue(
        built != null,
        "run through Maven (mvn verify): the system property leakstop.jar names the jar");
    jar = Path.of(built).toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), "package the CLI first: " + jar);
  }

  record Result(int code, String out, String err) {}

  static Result java(List<String> prefix, String... args) throws Exception {
    return java(prefix, List.of(), args);
  }

  /** The jar run after {@code prefix} (e.g. setpriv), with {@code jvmOptions} (e.g. -Xmx16m). */
  static Result java(List<String> prefix, List<String> jvmOptions, String... args)
      throws Exception {
    return java(prefix, jvmOptions, new File("/dev/null"), args);
  }

  static Result java(List<String> prefix, List<String> jvmOptions, File input, String... args)
      throws Exception {
    List<String> command = new ArrayList<>(prefix);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(input)).start();
    var out = p.getInputStream().readAllBytes();
    var err = p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return new Result(
        p.exitValue(),
        new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }

  /**
   * The release artifact: leakstop-<version>.jar, runnable with java -jar, and a checksum file
   * sha256sum -c reads.
   */
  @Test
  void theReleaseJarIsVersionedAndCarriesItsChecksum() throws Exception {
    Result version = java(List.of(), "--version");
    assertEquals(0, version.code(), version.err());
    String name = jar.getFileName().toString();
    assertEquals(
        "leakstop-" + version.out().strip().substring("leakstop ".length()) + ".jar", name);
    String sum = Files.readString(jar.resolveSibling(name + ".sha256"));
    byte[] digest =
        java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar));
    assertEquals(java.util.HexFormat.of().formatHex(digest) + "  " + name, sum.strip());
  }

  @Test
  void theJarCarriesTheCatalogueAndFindsLeaks() throws Exception {
    Files.writeString(dir.resolve("a.txt"), "token " + Tokens.githubPat());
    Result r = java(List.of(), "scan", "--files", dir.toString());
    assertEquals(1, r.code(), r.err());
    assertTrue(r.out().contains("a.txt:1:7"), r.out());
  }

  @Test
  void runningOutOfMemoryOnAFileNamesItScansTheRestAndExitsThree() throws Exception {
    String token = Tokens.githubPat();
    GitRepo repo = GitRepo.init(dir.resolve("repo"));
    repo.write("small.env", "GITHUB_TOKEN=" + token + "\n");
    // 24 MiB of text: more than a 16 MiB heap can hold, under the size limit given below.
    String line =
        "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ\n";
    try (var out = Files.newBufferedWriter(repo.dir().resolve("big.txt"))) {
      for (int i = 0; i < (24 << 20) / line.length(); i++) {
        out.write(line);
      }
    }
    repo.commitAll("a big file");
    for (List<String> how :
        List.of(List.of("scan"), List.of("scan", "--files"), List.of("scan", "--staged"))) {
      if (how.contains("--staged")) {
        Files.writeString(
            repo.dir().resolve("big.txt"), "changed\n", java.nio.file.StandardOpenOption.APPEND);
        repo.write("small.env", "GITHUB_TOKEN=" + Tokens.githubPat() + "\n");
        repo.git("add", "-A");
      }
      List<String> args = new ArrayList<>(how);
      args.addAll(List.of("--max-file-size", "100MiB", repo.dir().toString()));
      Result r = java(List.of(), List.of("-Xmx16m"), args.toArray(String[]::new));
      assertEquals(3, r.code(), how + ": " + r.out() + r.err());
      assertTrue(
          r.err()
              .lines()
              .anyMatch(l -> l.startsWith("leakstop: big.txt") && l.contains("out of memory")),
          how + ": " + r.err());
      assertTrue(r.out().contains("small.env:1:14"), how + ": " + r.out());
      assertTrue(r.out().contains("INCOMPLETE: 1 error"), how + ": " + r.out());
      assertFalse(
          r.err().contains("Exception") || r.err().contains("\tat "),
          how + ": no stack trace: " + r.err());
    }
  }

  @Test
  void standardInputLargerThanTheHeapEndsIncompleteWithOneLineNotAStackTrace() throws Exception {
    Path log = dir.resolve("ci.log");
    try (var out = Files.newBufferedWriter(log)) {
      for (int i = 0; i < 400_000; i++) {
        out.write(
            "step " + i + ": compiling module, all fine, nothing to see in this line of the log\n");
      }
    }
    Result r = java(List.of(), List.of("-Xmx16m"), log.toFile(), "scan", "--stdin");
    assertEquals(3, r.code(), r.out() + r.err());
    assertTrue(
        r.err().contains("leakstop: <stdin>: out of memory with a heap of at most"), r.err());
    assertFalse(
        r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace: " + r.err());
  }

  @Test
  void anUnreadableFileIsNamedTheRestIsScannedAndTheExitCodeSaysIncomplete() throws Exception {
    // Root reads any file whatever its mode, so the scan runs as an unprivileged user.
    boolean root = "root".equals(System.getProperty("user.name"));
    List<String> asNobody =
        root ? List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups") : List.of();
    assumeTrue(
        !root || new File("/usr/bin/setpriv").canExecute(), "setpriv is needed to drop root");
    Path tree = Files.createTempDirectory("leakstop-perm");
    Path shared = Files.createTempDirectory("leakstop-jar");
    try {
      Files.setPosixFilePermissions(tree, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path copy = Files.copy(jar, shared.resolve("leakstop.jar"));
      Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
      Path locked = Files.writeString(tree.resolve("locked.txt"), Tokens.githubPat());
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rw-------"));
      Path open = Files.writeString(tree.resolve("open.txt"), Tokens.githubPat());
      Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
      if (!root) {
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
      }
      Path saved = jar;
      jar = copy;
      Result r;
      try {
        r = java(asNobody, "scan", "--files", tree.toString());
      } finally {
        jar = saved;
      }
      assertEquals(3, r.code(), r.out() + r.err());
      assertTrue(r.err().contains("leakstop: locked.txt: cannot read: permission denied"), r.err());
      assertTrue(r.out().contains("open.txt:1:1"), r.out());
    } finally {
      try (var files = Files.walk(tree)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
      try (var files = Files.walk(shared)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
