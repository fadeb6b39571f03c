package io.leakstop.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakstop.finding.Finding;
import io.leakstop.finding.ScanResult;
import io.leakstop.report.JsonReporter;
import io.leakstop.report.JunitReporter;
import io.leakstop.report.ReportOptions;
import io.leakstop.report.Reporter;
import io.leakstop.report.SarifReporter;
import io.leakstop.report.TextReporter;
import io.leakstop.rules.Config;
import io.leakstop.source.FileSource;
import io.leakstop.source.PathFilter;
import io.leakstop.testing.Tokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets hidden in base64, percent-encoding and string escapes are found where the encoded text
 * sits, marked as decoded, and redacted like any other.
 */
class EncodedSecretsTest {
  @TempDir Path dir;

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private List<Finding> scan(String file, String text) throws IOException {
    return scan(Scanner.forConfig(Config.DEFAULT), file, text);
  }

  private List<Finding> scan(Scanner scanner, String file, String text) throws IOException {
    Files.writeString(dir.resolve(file), text);
    return scanner
        .scan(new FileSource(dir, new PathFilter(List.of()), Config.DEFAULT_MAX_FILE_SIZE, 1))
        .findings();
  }

  /** rule@line:column decoding, one per finding. */
  private static List<String> described(List<Finding> findings) {
    return findings.stream()
        .map(
            f ->
                f.ruleId()
                    + "@"
                    + f.location().line()
                    + ":"
                    + f.location().column()
                    + " "
                    + f.decoding())
        .toList();
  }

  @Test
  void kubernetesSecretDataValuesAreDecodedWithTheirKeys() throws IOException {
    String pat = Tokens.githubPat();
    String password = "s9Kq2" + Tokens.random(10) + "#mV";
    String yaml =
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ndata:\n"
            + "  db-password: "
            + base64(password)
            + "\n"
            + "  github-token: "
            + base64(pat)
            + "\n";
    List<Finding> found = scan("secret.yaml", yaml);
    assertEquals(
        List.of("generic-password@6:16 base64", "github-pat@7:17 base64"), described(found));
    assertEquals(password, found.get(0).secret());
    assertEquals(pat, found.get(1).secret());
  }

  /**
   * gitleaks' kubernetes-secret-yaml: a Secret with data is a leak whatever its keys; once per
   * manifest.
   */
  @Test
  void aSecretsDataIsFoundWhateverItsKeys() throws IOException {
    String value = base64("q" + Tokens.random(23));
    String handWritten =
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ndata:\n  sync-credential: "
            + value
            + "\n  other: "
            + base64("z" + Tokens.random(23))
            + "\n";
    List<Finding> found = scan("secret.yaml", handWritten);
    assertEquals(List.of("kubernetes-secret-data@6:20 null"), described(found));
    assertEquals(value, found.get(0).secret());
    Files.delete(dir.resolve("secret.yaml"));
    String listed =
        "apiVersion: v1\ndata:\n  sync-credential: "
            + value
            + "\nkind: Secret\nmetadata:\n  name: app\n";
    assertEquals(
        List.of("kubernetes-secret-data-listed@3:20 null"), described(scan("listed.yaml", listed)));
    Files.delete(dir.resolve("listed.yaml"));
    String configMap = handWritten.replace("kind: Secret", "kind: ConfigMap");
    assertEquals(List.of(), described(scan("config.yaml", configMap)));
  }

  @Test
  void basicAuthHeadersAndBase64JsonHideTheirTokens() throws IOException {
    String stripe = Tokens.stripeLive();
    String pat = Tokens.githubPat();
    String text =
        "curl -H 'Authorization: Basic "
            + base64(stripe + ":")
            + "' https://api.stripe.com\n"
            + "CONFIG="
            + base64("{\"token\": \"" + pat + "\", \"retries\": 3}")
            + "\n";
    List<Finding> found = scan("calls.sh", text);
    assertTrue(
        described(found).contains("stripe-live-secret-key@1:31 base64"),
        described(found).toString());
    assertTrue(described(found).contains("github-pat@2:8 base64"), described(found).toString());
  }

  @Test
  void aBase64WrappedJwtIsFound() throws IOException {
    String jwt =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
            + base64Url("{\"sub\":\"" + Tokens.random(12) + "\",\"iat\":1700000000}")
            + "."
            + Tokens.random(43, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");
    List<Finding> found = scan("session.yaml", "session: " + base64(jwt) + "\n");
    assertEquals(List.of("jwt@1:10 base64"), described(found));
    assertEquals(jwt, found.get(0).secret());
  }

  private static String base64Url(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void percentEncodingAndStringEscapesAreDecoded() throws IOException {
    String password = "s9Kq2" + Tokens.random(10) + "#mV";
    String pat = Tokens.githubPat();
    StringBuilder unicode = new StringBuilder();
    StringBuilder hex = new StringBuilder();
    for (char c : pat.toCharArray()) {
      unicode.append(String.format("\\u%04x", (int) c));
      hex.append(String.format("\\x%02x", (int) c));
    }
    String text =
        "redirect: https://acme.io/cb?state="
            + URLEncoder.encode("password=\"" + password + "\"", StandardCharsets.UTF_8)
            + "\n"
            + "const t = \""
            + unicode
            + "\";\n"
            + "t2 = b\""
            + hex
            + "\"\n";
    List<Finding> found = scan("app.js", text);
    assertEquals(
        List.of("generic-password@1:11 percent", "github-pat@2:12 escape", "github-pat@3:8 escape"),
        described(found));
    assertEquals(password, found.get(0).secret());
  }

  @Test
  void nestedEncodingsAreDecodedAsDeepAsAsked() throws IOException {
    String password = "s9Kq2" + Tokens.random(10) + "#mV";
    String text = "blob: " + base64("password%3D%22" + password + "%22%26x%3D1") + "\n";
    assertEquals(List.of("generic-password@1:7 base64+percent"), described(scan("a.txt", text)));
    assertEquals(
        List.of(),
        described(scan(Scanner.forConfig(Config.DEFAULT).withMaxDecodeDepth(1), "b.txt", text)));
    String plain = "value: " + base64(Tokens.githubPat()) + "\n";
    assertEquals(
        List.of(),
        described(scan(Scanner.forConfig(Config.DEFAULT).withMaxDecodeDepth(0), "c.txt", plain)));
  }

  @Test
  void ordinaryEncodedTextFindsNothing() throws IOException {
    String text =
        """
        "integrity": "sha512-Zq8vK2pLm9Xw4Rt7Yb3NhG5sQ1aB6cD8eF0gH2iJ4kL6mN8oP0qR2sT4uV6wX8yZ0aB2cD4eF6gH8iJ0kL2mN==",
        commit 3f1c9a0e5b7d2c4a6e81b2d3c4e5f60718293a4b
        import io.leakstop.detect.EncodedRuns;
        path = "src/main/java/io/leakstop/detect/Detector.java"
        url = "https://acme.io/search?q=hello%20world&lang=en%2DGB"
        greeting = "caf\\u00e9 cr\\u00e8me"
        DISCORD_BOT_TOKEN=Mjk1NTM5NjE2ODQ3NDA2Nzk0.tzwoKR.W9VZgnvc
        logo: iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==
        """;
    assertEquals(List.of(), described(scan("ordinary.txt", text)));
  }

  @Test
  void reportsSayDecodedAndNeverShowTheDecodedSecret() throws IOException {
    String pat = Tokens.githubPat();
    ScanResult result =
        Scanner.forConfig(Config.DEFAULT)
            .scan(source("k8s.yaml", "data:\n  token: " + base64(pat) + "\n"));
    for (Reporter format :
        List.of(new JsonReporter(), new TextReporter(), new SarifReporter(), new JunitReporter())) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      format.write(result, ReportOptions.DEFAULT, out);
      String report = out.toString(StandardCharsets.UTF_8);
      assertTrue(report.contains("base64"), format + ": " + report);
      assertFalse(report.contains(pat), format + " shows the decoded secret");
    }
  }

  private FileSource source(String file, String text) throws IOException {
    Files.writeString(dir.resolve(file), text);
    return new FileSource(dir, new PathFilter(List.of()), Config.DEFAULT_MAX_FILE_SIZE, 1);
  }
}
