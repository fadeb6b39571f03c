package io.leakstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakstop.testing.Tokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --max-decode-depth}: what a user sees of a secret hidden in base64, and of a bad value.
 */
class DecodeDepthOptionTest {
  @TempDir Path dir;

  @Test
  void aBase64HiddenTokenIsReportedAtTheEncodedTextAsDecodedUnlessDecodingIsOff() throws Exception {
    String token = Tokens.githubPat();
    String encoded = Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8));
    Files.writeString(
        dir.resolve("secret.yaml"), "kind: Secret\ndata:\n  value: " + encoded + "\n");
    Cli.Run run = Cli.run("scan", "--files", dir.toString());
    assertEquals(1, run.code(), run.err());
    assertTrue(run.out().contains("secret.yaml:3:10"), run.out());
    assertTrue(run.out().contains("decoded      base64"), run.out());
    assertFalse(run.out().contains(token), "the decoded secret must be redacted");
    assertFalse(
        run.out().contains("kubernetes-secret-data"),
        "the decoded token stands for the Secret's value");
    // Without decoding the token is not seen; the Secret's data value itself still is, as written.
    Cli.Run off = Cli.run("scan", "--files", dir.toString(), "--max-decode-depth", "0");
    assertEquals(1, off.code(), off.out());
    assertTrue(off.out().contains("kubernetes-secret-data"), off.out());
    assertFalse(off.out().contains("github-pat") || off.out().contains("decoded"), off.out());
  }

  @Test
  void aDepthOutOfRangeIsAUsageError() throws Exception {
    Cli.Run run = Cli.run("scan", "--files", dir.toString(), "--max-decode-depth", "99");
    assertEquals(2, run.code());
    assertTrue(run.err().contains("--max-decode-depth") && run.err().contains("99"), run.err());
  }
}
