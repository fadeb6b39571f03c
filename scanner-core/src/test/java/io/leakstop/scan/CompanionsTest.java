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

/**
 * Findings carry the other parts of their credential found nearby, for issuers, never for reports.
 */
class CompanionsTest {
  private static final String B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final String HEX = "0123456789abcdef";
  @TempDir Path dir;

  private ScanResult scan(String file, String text) throws IOException {
    Files.writeString(dir.resolve(file), text);
    return Scanner.forConfig(Config.DEFAULT)
        .scan(new FileSource(dir, new PathFilter(List.of()), Config.DEFAULT_MAX_FILE_SIZE, 1));
  }

  private static Finding only(ScanResult result, String ruleId) {
    List<Finding> of = result.findings().stream().filter(f -> f.ruleId().equals(ruleId)).toList();
    // Everything the scan said, so that a rare miss (seen once in a full run) can be explained.
    assertEquals(
        1,
        of.size(),
        () ->
            result.findings()
                + " problems "
                + result.problems()
                + " notices "
                + result.notices()
                + " stats "
                + result.stats());
    return of.get(0);
  }

  @Test
  void theAwsSecretCarriesItsKeyIdFromTheLinesAround() throws IOException {
    String keyId = "AKIA" + Tokens.random(16, B32);
    String secret = Tokens.random(40);
    ScanResult result =
        scan(
            "deploy.env",
            "AWS_ACCESS_KEY_ID="
                + keyId
                + "\nREGION=eu-west-1\nAWS_SECRET_ACCESS_KEY="
                + secret
                + "\n");
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
    String text =
        "TWILIO_ACCOUNT_SID="
            + far
            + "\n"
            + "#\n".repeat(8)
            + "sid = \""
            + near
            + "\"\nTWILIO_AUTH_TOKEN="
            + token
            + "\n"
            + "#\n".repeat(20)
            + "TWILIO_AUTH_TOKEN="
            + Tokens.random(32, HEX)
            + "\n";
    List<Finding> tokens =
        scan("twilio.env", text).findings().stream()
            .filter(f -> f.ruleId().equals("twilio-auth-token"))
            .toList();
    assertEquals(2, tokens.size());
    assertEquals(Optional.of(near), tokens.get(0).companion("account-sid"));
    assertEquals(
        Optional.empty(),
        tokens.get(1).companion("account-sid"),
        "the SIDs are more than 5 lines away");
  }

  @Test
  void domainsAndApplicationKeysAreCompanions() throws IOException {
    String shop = "shpat_" + Tokens.random(32, HEX);
    String apiKey = Tokens.random(32, HEX);
    String appKey = Tokens.random(40, HEX);
    String text =
        "SHOPIFY_STORE=acme-outdoor.myshopify.com\nSHOPIFY_TOKEN="
            + shop
            + "\n"
            + "DD_API_KEY="
            + apiKey
            + "\nDD_APP_KEY="
            + appKey
            + "\n";
    ScanResult result = scan("ci.env", text);
    assertEquals(
        Optional.of("acme-outdoor.myshopify.com"),
        only(result, "shopify-access-token").companion("shop-domain"));
    assertEquals(Optional.of(appKey), only(result, "datadog-api-key").companion("application-key"));
    assertEquals(Optional.of(apiKey), only(result, "datadog-app-key").companion("api-key"));
  }

  /** The rest of issue 16's list: Algolia, Okta, Databricks, Atlassian, Azure, Mailchimp. */
  @Test
  void everyDeclaredFamilyCarriesItsCompanion() throws IOException {
    String algoliaKey = Tokens.random(32, HEX);
    String okta = "00" + Tokens.random(40);
    String databricks = "dapi" + Tokens.random(32, HEX);
    String tenant = "3f1c9a0e-5b7d-4c4a-8e81-b2d3c4e5f607";
    String client = "9a8b7c6d-1e2f-4a3b-9c4d-5e6f7a8b9c0d";
    String azureSecret =
        "aB3"
            + "8Q~"
            + Tokens.random(34, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
    String mailchimp = Tokens.random(32, HEX) + "-us14";
    String atlassian =
        io.leakstop.rules.Checksums.ATLASSIAN.complete("ATATT3xFfGF0" + Tokens.random(180));
    String text =
        "ALGOLIA_APP_ID=Q7ZK2M9PXA\nALGOLIA_ADMIN_KEY="
            + algoliaKey
            + "\n"
            + "OKTA_ORG_URL=https://acme-outdoor.okta.com\nOKTA_API_TOKEN="
            + okta
            + "\n"
            + "DATABRICKS_HOST=https://adb-1234567890123456.7.azuredatabricks.net\nDATABRICKS_TOKEN="
            + databricks
            + "\n"
            + "AZURE_TENANT_ID="
            + tenant
            + "\nAZURE_CLIENT_ID="
            + client
            + "\nAZURE_CLIENT_SECRET="
            + azureSecret
            + "\n"
            + "MAILCHIMP_KEY="
            + mailchimp
            + "\n"
            + "JIRA_URL=https://acme-outdoor.atlassian.net\nJIRA_USER=ci-bot@acme-outdoor.example\nJIRA_TOKEN="
            + atlassian
            + "\n";
    ScanResult result = scan("deploy.env", text);
    assertEquals(Optional.of("Q7ZK2M9PXA"), only(result, "algolia-api-key").companion("app-id"));
    assertEquals(
        Optional.of("acme-outdoor.okta.com"), only(result, "okta-api-token").companion("domain"));
    assertEquals(
        Optional.of("adb-1234567890123456.7.azuredatabricks.net"),
        only(result, "databricks-pat").companion("host"));
    assertEquals(
        Optional.of(tenant), only(result, "azure-ad-client-secret").companion("tenant-id"));
    assertEquals(
        Optional.of(client), only(result, "azure-ad-client-secret").companion("client-id"));
    assertEquals(Optional.of("us14"), only(result, "mailchimp-api-key").companion("data-center"));
    assertEquals(
        Optional.of("acme-outdoor.atlassian.net"),
        only(result, "atlassian-api-token").companion("site"));
    assertEquals(
        Optional.of("ci-bot@acme-outdoor.example"),
        only(result, "atlassian-api-token").companion("email"));
  }

  /**
   * Sumo Logic's access id and Confluent's API key are found by rules of their own, and each also
   * travels with its secret (as Pinata's API key does), which is checked (and revoked) only as a
   * pair.
   */
  @Test
  void keyIdsFoundByTheirOwnRulesAlsoTravelWithTheirSecrets() throws IOException {
    String alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    String sumoId = "su" + Tokens.random(12, alnum);
    String sumoKey = Tokens.random(64, alnum);
    String confluentKey = Tokens.random(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
    String confluentSecret = Tokens.random(64, alnum);
    String pinataKey = Tokens.random(20, HEX);
    String pinataSecret = Tokens.random(64, HEX);
    String text =
        "SUMO_ACCESS_ID="
            + sumoId
            + "\nSUMO_ACCESS_KEY="
            + sumoKey
            + "\n"
            + "CONFLUENT_CLOUD_API_KEY="
            + confluentKey
            + "\nCONFLUENT_CLOUD_API_SECRET="
            + confluentSecret
            + "\n"
            + "PINATA_API_KEY="
            + pinataKey
            + "\nPINATA_SECRET_API_KEY="
            + pinataSecret
            + "\n";
    ScanResult result = scan("stream.env", text);
    Finding sumo = only(result, "sumologic-access-key");
    assertEquals(sumoKey, sumo.secret());
    assertEquals(Optional.of(sumoId), sumo.companion("access-id"));
    assertEquals(sumoId, only(result, "sumologic-access-id").secret());
    Finding confluent = only(result, "confluent-api-secret");
    assertEquals(confluentSecret, confluent.secret());
    assertEquals(Optional.of(confluentKey), confluent.companion("api-key"));
    assertEquals(confluentKey, only(result, "confluent-api-key").secret());
    Finding pinata = only(result, "pinata-api-secret");
    assertEquals(pinataSecret, pinata.secret());
    assertEquals(Optional.of(pinataKey), pinata.companion("api-key"));
  }

  /**
   * Revocable families whose request needs the other part: PlanetScale's service token id, JFrog
   * Cloud's platform host.
   */
  @Test
  void revocableFamiliesCarryTheIdTheirRequestNeeds() throws IOException {
    String tokenId = Tokens.random(12, "abcdefghijklmnopqrstuvwxyz0123456789");
    String serviceToken = "pscale_tkn_" + Tokens.random(43);
    String jfrogToken = "cmVmdGtuOjAxOj" + Tokens.random(50);
    String text =
        "PLANETSCALE_SERVICE_TOKEN_ID="
            + tokenId
            + "\nPLANETSCALE_SERVICE_TOKEN="
            + serviceToken
            + "\nJFROG_URL=https://acme-outdoor.jfrog.io/artifactory\nJFROG_ACCESS_TOKEN="
            + jfrogToken
            + "\n";
    ScanResult result = scan("deploy.env", text);
    assertEquals(
        Optional.of(tokenId), only(result, "planetscale-service-token").companion("token-id"));
    assertEquals(
        Optional.of("acme-outdoor.jfrog.io"),
        only(result, "jfrog-reference-token").companion("host"));
  }

  @Test
  void reportsNeverShowACompanion() throws IOException {
    String sid = "AC" + Tokens.random(32, HEX);
    ScanResult result =
        scan(
            "t.env",
            "TWILIO_ACCOUNT_SID=" + sid + "\nTWILIO_AUTH_TOKEN=" + Tokens.random(32, HEX) + "\n");
    assertEquals(Optional.of(sid), only(result, "twilio-auth-token").companion("account-sid"));
    for (Reporter format :
        List.of(new JsonReporter(), new TextReporter(), new SarifReporter(), new JunitReporter())) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      format.write(result, ReportOptions.DEFAULT, out);
      assertFalse(
          out.toString(StandardCharsets.UTF_8).contains(sid), format + " shows the account SID");
    }
  }

  @Test
  void aCompanionWithoutItsReachIsAConfigErrorNamingTheFile() {
    ConfigException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ConfigException.class,
            () ->
                RuleSet.parse(
                    "mine.yaml",
                    """
        rules:
          - id: mine
            keywords: [mine_]
            regex: 'mine_[a-z]{20}'
            companions:
              - name: host
                regex: '[a-z]+\\.mine\\.io'
        """));
    assertTrue(
        e.getMessage().contains("mine.yaml") && e.getMessage().contains("'lines'"), e.getMessage());
  }
}
