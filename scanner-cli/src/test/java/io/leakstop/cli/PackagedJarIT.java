package io.leakstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
    assertTrue(built != null, "run through Maven (mvn verify): the system property leakstop.jar names the jar");
    jar = Path.of(built).toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), "package the CLI first: " + jar);
  }

  record Result(int code, String out, String err) {}

  static Result java(List<String> prefix, String... args) throws Exception {
    List<String> command = new ArrayList<>(prefix);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    var out = p.getInputStream().readAllBytes();
    var err = p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }

  /** The release artifact: leakstop-<version>.jar, runnable with java -jar, and a checksum file sha256sum -c reads. */
  @Test
  void theReleaseJarIsVersionedAndCarriesItsChecksum() throws Exception {
    Result version = java(List.of(), "--version");
    assertEquals(0, version.code(), version.err());
    String name = jar.getFileName().toString();
    assertEquals("leakstop-" + version.out().strip().substring("leakstop ".length()) + ".jar", name);
    String sum = Files.readString(jar.resolveSibling(name + ".sha256"));
    byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar));
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
  void anUnreadableFileIsNamedTheRestIsScannedAndTheExitCodeSaysIncomplete() throws Exception {
    // Root reads any file whatever its mode, so the scan runs as an unprivileged user.
    boolean root = "root".equals(System.getProperty("user.name"));
    List<String> asNobody = root ? List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups") : List.of();
    assumeTrue(!root || new File("/usr/bin/setpriv").canExecute(), "setpriv is needed to drop root");
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
