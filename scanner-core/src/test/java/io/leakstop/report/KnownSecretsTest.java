package io.leakstop.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakstop.finding.Finding;
import io.leakstop.finding.Revocation;
import io.leakstop.finding.ScanProblem;
import io.leakstop.finding.ScanResult;
import io.leakstop.finding.Verification;
import io.leakstop.scan.Reporters;
import io.leakstop.testing.Findings;
import io.leakstop.testing.Tokens;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an issuer echoes back, notices and problems go through the same redaction as the report. */
class KnownSecretsTest {
  @Test
  void aSecretEchoedByTheIssuerOrInANoticeIsRedactedInEveryFormat() throws Exception {
    String token = Tokens.githubPat();
    String other = Tokens.npm();
    Finding echoed =
        Findings.inCommit(
                "github-pat",
                "github",
                token,
                "app.env",
                3,
                "0123456789abcdef0123456789abcdef01234567",
                "Alice")
            .withVerification(
                new Verification(
                    Verification.Status.ACTIVE,
                    "owner-" + token,
                    List.of("repo", token),
                    Instant.parse("2030-01-01T00:00:00Z"),
                    "said " + other,
                    Map.of("x-echo", token)))
            .withRevocation(
                new Revocation(
                    Revocation.Status.FAILED, "refused " + token, "req-" + token, Instant.EPOCH));
    Finding second = Findings.inFile("npm-token", "npm", other, "b.txt", 1, 1);
    ScanResult result = Findings.result(List.of(echoed, second));
    result =
        new ScanResult(
            result.source(),
            result.findings(),
            result.stats(),
            List.of(new ScanProblem("dir/" + token, "cannot read " + other)),
            List.of("notice about " + token));
    for (String format : Reporters.formats()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Reporters.forFormat(format).orElseThrow().write(result, ReportOptions.DEFAULT, out);
      String text = out.toString(StandardCharsets.UTF_8);
      assertFalse(text.contains(token), format + ":\n" + text);
      assertFalse(text.contains(other), format + ":\n" + text);
    }
    List<String> messages = TextReporter.messages(result, ReportOptions.DEFAULT);
    assertFalse(String.join("\n", messages).contains(token), messages.toString());
    assertTrue(
        String.join("\n", messages).contains("notice about " + echoed.redacted()),
        messages.toString());

    ByteArrayOutputStream shown = new ByteArrayOutputStream();
    Reporters.forFormat("json").orElseThrow().write(result, new ReportOptions(true, false), shown);
    assertTrue(
        shown.toString(StandardCharsets.UTF_8).contains("owner-" + token),
        "--show-secrets shows everything");
  }

  @Test
  void onlyWholeKnownSecretsAreReplacedAndOrdinaryTextIsLeftAlone() {
    String token = Tokens.githubPat();
    ScanResult result =
        Findings.result(List.of(Findings.inFile("github-pat", "github", token, "a", 1, 1)));
    ScanResult redacted =
        KnownSecrets.redact(
            new ScanResult(
                result.source(),
                result.findings(),
                result.stats(),
                List.of(),
                List.of("ghp_ is a prefix; " + token + token.substring(0, 10))),
            ReportOptions.DEFAULT);
    String expected =
        "ghp_ is a prefix; " + result.findings().get(0).redacted() + token.substring(0, 10);
    assertTrue(redacted.notices().get(0).equals(expected), redacted.notices().get(0));
  }
}
