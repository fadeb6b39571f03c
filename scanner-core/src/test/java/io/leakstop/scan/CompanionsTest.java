package io.leakstop.scan;

import io.leakstop.finding.ScanResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakstop.finding.Finding;
import io.leakstop.report.JsonReporter;
import io.leakstop.report.JunitReporter;
import io.leakstop.report.ReportOptions;
import io.leakstop.report.Reporter;
import io.leakstop.report.SarifReporter;
import io.leakstop.report.TextReporter;
import io.leakstop.rules.Config;
import io.leakstop.rules.ConfigException;
import io.leakstop.rules.RuleSet;
import io.leakstop.source.FileSource;
import io.leakstop.source.PathFilter;
import io.leakstop.testing.Tokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Findings carry the other parts of their credential found nearby, for issuers, never for reports. */
class CompanionsTest {
  private static final String B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final String HEX = "0123456789abcdef";
  @TempDir Path dir;

  private ScanResult scan(String file, String text) throws IOException {
    Files.writeString(dir.resolve(file), text);
    return Scanner.forConfig(Config.DEFAULT).scan(new FileSource(dir, new PathFilter(List.of()), Config.DEFAULT_MAX_FILE_SIZE, 1));
  }

  private static Finding only(ScanResult result, String ruleId) {
    List<Finding> of = result.findings().stream().filter(f -> f.ruleId().equals(ruleId)).toList();
    assertEquals(1, of.size(), result.findings().toString());
    return of.get(0);
  }

  @Test
  void theAwsSecretCarriesItsKeyIdFromTheLinesAround() throws IOException {
    String keyId = "AKIA" + Tokens.random(16, B32);
    String secret = Tokens.random(40);
    ScanResult result = scan("deploy.env", "AWS_ACCESS_KEY_ID=" + keyId + "\nREGION=eu-west-1\nAWS_SECRET_ACCESS_KEY=" + secret + "\n");
    Finding f = only(result, "aws-secret-access-key");
    assertEquals(3, f.location().line());
    assertEquals(Optional.of(keyId), f.companion("access-key-id"));
    assertEquals(Optional.empty(), f.companion("no-such-companion"));
  }

  @Test
  void theNearestCompanionWinsAndOneOutOfReachIsNotTaken() throws IOException {
    String near = "AC" + Tokens.random(32, HEX);
    String far = "AC" + Tokens.random(32, HEX);
    String token = Tokens.random(32, HEX);
    String text = "TWILIO_ACCOUNT_SID=" + far + "\n" + "#\n".repeat(8) + "sid = \"" + near + "\"\nTWILIO_AUTH_TOKEN=" + token + "\n"
        + "#\n".repeat(20) + "TWILIO_AUTH_TOKEN=" + Tokens.random(32, HEX) + "\n";
    List<Finding> tokens = scan("twilio.env", text).findings().stream().filter(f -> f.ruleId().equals("twilio-auth-token")).toList();
    assertEquals(2, tokens.size());
    assertEquals(Optional.of(near), tokens.get(0).companion("account-sid"));
    assertEquals(Optional.empty(), tokens.get(1).companion("account-sid"), "the SIDs are more than 5 lines away");
  }

  @Test
  void domainsAndApplicationKeysAreCompanions() throws IOException {
    String shop = "shpat_" + Tokens.random(32, HEX);
    String apiKey = Tokens.random(32, HEX);
    String appKey = Tokens.random(40, HEX);
    String text = "SHOPIFY_STORE=acme-outdoor.myshopify.com\nSHOPIFY_TOKEN=" + shop + "\n"
        + "DD_API_KEY=" + apiKey + "\nDD_APP_KEY=" + appKey + "\n";
    ScanResult result = scan("ci.env", text);
    assertEquals(Optional.of("acme-outdoor.myshopify.com"), only(result, "shopify-access-token").companion("shop-domain"));
    assertEquals(Optional.of(appKey), only(result, "datadog-api-key").companion("application-key"));
    assertEquals(Optional.of(apiKey), only(result, "datadog-app-key").companion("api-key"));
  }

  @Test
  void reportsNeverShowACompanion() throws IOException {
    String sid = "AC" + Tokens.random(32, HEX);
    ScanResult result = scan("t.env", "TWILIO_ACCOUNT_SID=" + sid + "\nTWILIO_AUTH_TOKEN=" + Tokens.random(32, HEX) + "\n");
    assertEquals(Optional.of(sid), only(result, "twilio-auth-token").companion("account-sid"));
    for (Reporter format : List.of(new JsonReporter(), new TextReporter(), new SarifReporter(), new JunitReporter())) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      format.write(result, ReportOptions.DEFAULT, out);
      assertFalse(out.toString(StandardCharsets.UTF_8).contains(sid), format + " shows the account SID");
    }
  }

  @Test
  void aCompanionWithoutItsReachIsAConfigErrorNamingTheFile() {
    ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> RuleSet.parse("mine.yaml", """
        rules:
          - id: mine
            keywords: [mine_]
            regex: 'mine_[a-z]{20}'
            companions:
              - name: host
                regex: '[a-z]+\\.mine\\.io'
        """));
    assertTrue(e.getMessage().contains("mine.yaml") && e.getMessage().contains("'lines'"), e.getMessage());
  }
}
