package io.leakstop.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.leakstop.filter.IgnoreFile;
import io.leakstop.finding.Finding;
import io.leakstop.finding.Fingerprint;
import io.leakstop.finding.ScanResult;
import io.leakstop.rules.Config;
import io.leakstop.source.FileSource;
import io.leakstop.source.PathFilter;
import io.leakstop.testing.TestKeys;
import io.leakstop.testing.Tokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileScanTest {
  @TempDir Path dir;

  private ScanResult scan(Config config) {
    return Scanner.forConfig(config)
        .scan(new FileSource(dir, new PathFilter(config.excludes()), config.maxFileSize(), 2));
  }

  @Test
  void findsSecretsInFilesWithRelativePathsInOrder() throws IOException {
    String a = Tokens.githubPat();
    String b = Tokens.npm();
    Files.createDirectories(dir.resolve("src/deep"));
    Files.writeString(dir.resolve("src/deep/config.js"), "const t = '" + a + "';\n");
    Files.writeString(dir.resolve("b.env"), "X=1\nNPM_TOKEN=" + b + "\n");
    ScanResult result = scan(Config.DEFAULT);
    assertEquals(
        List.of("b.env", "src/deep/config.js"),
        result.findings().stream().map(f -> f.location().path()).toList());
    assertEquals(2, result.findings().get(0).location().line());
    assertEquals(1, result.exitCode());
    assertTrue(result.complete());
  }

  @Test
  void allowCommentsSilenceTheirLineOnly() throws IOException {
    String a = Tokens.githubPat();
    String b = Tokens.githubPat();
    Files.writeString(
        dir.resolve("x.py"),
        "t1 = '"
            + a
            + "'  # leakstop:allow\nt2 = '"
            + b
            + "'  \n"
            + "t3 = '"
            + Tokens.githubPat()
            + "' // gitleaks:allow\n");
    ScanResult result = scan(Config.DEFAULT);
    assertEquals(List.of(b), result.findings().stream().map(Finding::secret).toList());
    assertEquals(2, result.stats().filtered());
  }

  @Test
  void skipsGitBinaryExcludedAndOversizedFilesAndSaysSo() throws IOException {
    String token = Tokens.githubPat();
    Files.createDirectories(dir.resolve(".git"));
    Files.writeString(dir.resolve(".git/config"), token);
    Files.createDirectories(dir.resolve("vendor/lib"));
    Files.writeString(dir.resolve("vendor/lib/x.js"), token);
    byte[] binary = ("\0\0" + token).getBytes();
    Files.write(dir.resolve("image.png"), binary);
    Files.writeString(dir.resolve("huge.txt"), "x".repeat(5000) + token);
    Files.writeString(dir.resolve("ok.txt"), "nothing here");
    ScanResult result = scan(Config.DEFAULT.withExcludes(List.of("vendor")).withMaxFileSize(4096));
    assertTrue(result.findings().isEmpty(), result.findings().toString());
    assertEquals(1, result.stats().skippedBinary());
    assertEquals(List.of("huge.txt"), result.stats().tooLarge());
    assertEquals(0, result.exitCode());
  }

  @Test
  void anUnreadableFileIsReportedAndTheRestIsStillScanned() throws IOException {
    // Root reads every file whatever its mode; ScanCommandTest covers this case as an unprivileged
    // user.
    assumeTrue(!"root".equals(System.getProperty("user.name")), "root reads everything");
    Path locked = dir.resolve("locked.txt");
    Files.writeString(locked, Tokens.githubPat());
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    Files.writeString(dir.resolve("open.txt"), Tokens.githubPat());
    ScanResult result = scan(Config.DEFAULT);
    assertEquals(1, result.findings().size());
    assertFalse(result.complete());
    assertEquals("locked.txt", result.problems().get(0).where());
    assertEquals(3, result.exitCode());
  }

  @Test
  void aFileThatIsADanglingSymlinkOrPointsOutsideIsNotFollowed() throws IOException {
    Path outside = Files.createTempFile("outside", ".txt");
    try {
      Files.writeString(outside, Tokens.githubPat());
      Files.createSymbolicLink(dir.resolve("link.txt"), outside);
      ScanResult result = scan(Config.DEFAULT);
      assertTrue(result.findings().isEmpty());
      assertTrue(result.complete());
    } finally {
      Files.delete(outside);
    }
  }

  @Test
  void aKeyStoreIsOneFindingByItsNameBinaryOrOverTheSizeLimit() throws IOException {
    Files.write(dir.resolve("keystore.p12"), TestKeys.keyStoreBytes(2048));
    Files.createDirectories(dir.resolve("certs"));
    Files.write(dir.resolve("certs/Client.PFX"), TestKeys.keyStoreBytes(8192));
    Files.writeString(dir.resolve("cert.p12.md"), "How to make keystore.p12: openssl pkcs12\n");
    ScanResult result = scan(Config.DEFAULT.withMaxFileSize(4096));
    assertEquals(
        List.of("certs/Client.PFX:1:1", "keystore.p12:1:1"),
        result.findings().stream().map(f -> f.location().display()).toList());
    Finding store = result.findings().get(1);
    assertEquals("pkcs12-file", store.ruleId());
    assertEquals("(the whole file)", store.redacted());
    assertEquals("", store.secret(), "the file is the secret; nothing of it is read or shown");
    assertEquals(Fingerprint.of("pkcs12-file", "keystore.p12"), store.fingerprint());
    // Detection left both files out as content, as before: the name alone found them.
    assertEquals(1, result.stats().skippedBinary());
    assertEquals(List.of("certs/Client.PFX"), result.stats().tooLarge());
    assertEquals(1, result.exitCode());
  }

  @Test
  void excludedAllowedOrIgnoredKeyStoresAreNotReported() throws IOException {
    Files.createDirectories(dir.resolve("vendor"));
    Files.createDirectories(dir.resolve("test/fixtures"));
    Files.write(dir.resolve("vendor/bundled.p12"), TestKeys.keyStoreBytes(512));
    Files.write(dir.resolve("test/fixtures/self-signed.pfx"), TestKeys.keyStoreBytes(512));
    Files.write(dir.resolve("old.p12"), TestKeys.keyStoreBytes(512));
    Files.write(dir.resolve("legacy.pfx"), TestKeys.keyStoreBytes(512));
    Files.write(dir.resolve("deploy.p12"), TestKeys.keyStoreBytes(512));
    Files.writeString(
        dir.resolve(".leakstop.yaml"), "exclude: [vendor]\nallow:\n  paths: ['^test/fixtures/']\n");
    Files.writeString(dir.resolve(".gitleaksignore"), "old.p12:pkcs12-file:1\n");
    Files.writeString(
        dir.resolve(IgnoreFile.FILE_NAME),
        Fingerprint.of("pkcs12-file", "legacy.pfx") + "  # test key store\n");
    Detection detection = Detection.builder().threads(2).build();
    Config config = detection.config(dir);
    ScanResult result =
        detection
            .scanner(config, dir)
            .scan(new FileSource(dir, new PathFilter(config.excludes()), config.maxFileSize(), 2));
    assertEquals(
        List.of("deploy.p12"), result.findings().stream().map(f -> f.location().path()).toList());
  }
}
