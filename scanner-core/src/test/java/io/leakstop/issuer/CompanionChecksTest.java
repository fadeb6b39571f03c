package io.leakstop.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakstop.detect.Candidate;
import io.leakstop.detect.Detector;
import io.leakstop.finding.Finding;
import io.leakstop.finding.Fingerprint;
import io.leakstop.finding.Redactor;
import io.leakstop.finding.Revocation;
import io.leakstop.finding.Verification;
import io.leakstop.finding.Verification.Status;
import io.leakstop.issuer.Catalogue.Family;
import io.leakstop.rules.RuleSet;
import io.leakstop.rules.Severity;
import io.leakstop.source.Location;
import io.leakstop.testing.CatalogueSecrets;
import io.leakstop.testing.CatalogueSimulator;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Credentials in parts: the companions the detector attaches decide what is sent, never where
 * outside the issuer's documented domains; a missing part makes the secret unverifiable, never a
 * guess. Every request goes to a loopback {@link CatalogueSimulator}.
 */
class CompanionChecksTest {
  @TempDir Path dir;

  private static Family family(String rule) {
    return Catalogue.builtin().family(rule).orElseThrow();
  }

  private static CatalogueSimulator simulator(Family family) {
    return CatalogueSimulator.start(Catalogue.builtin().issuers().get(family.issuer()));
  }

  private IssuerOptions options(CatalogueSimulator sim) {
    Map<String, String> env = new HashMap<>();
    env.put("HOME", dir.toString());
    if (sim != null) {
      env.put(sim.env().getKey(), sim.env().getValue());
    }
    return IssuerOptions.defaults(env)
        .withRetries(2, Duration.ofMillis(5))
        .withDeadline(Duration.ofSeconds(10))
        .withAuditLog(dir.resolve("audit.jsonl"));
  }

  /** The family's example finding with its companions replaced by {@code companions}. */
  private static Finding withCompanions(String rule, Map<String, String> companions) {
    Finding f = CatalogueSecrets.finding(family(rule), 0);
    return new Finding(
        f.ruleId(),
        f.description(),
        f.issuer(),
        f.severity(),
        f.secret(),
        f.redacted(),
        f.fingerprint(),
        f.location(),
        null,
        null,
        null,
        companions);
  }

  private Verification verify(CatalogueSimulator sim, Finding f) {
    return Verifier.create(options(sim)).verify(List.of(f)).get(0).verification();
  }

  /** Checks {@code f} against {@code sim}, which knows it as live; it must come out active. */
  private Verification verifiedLive(CatalogueSimulator sim, Finding f) {
    sim.live(f.secret());
    Verification v = verify(sim, f);
    assertEquals(Status.ACTIVE, v.status(), v.reason());
    return v;
  }

  /**
   * The finding is unverifiable with a reason holding {@code why}, and its issuer received nothing.
   */
  private void assertNotSent(Finding f, String why) {
    try (CatalogueSimulator sim = simulator(family(f.ruleId()))) {
      sim.live(f.secret());
      Verification v = verify(sim, f);
      assertEquals(Status.UNVERIFIABLE, v.status(), f.ruleId() + ": " + v.reason());
      assertTrue(v.reason().contains(why), f.ruleId() + ": " + v.reason());
      assertEquals(List.of(), sim.requests(), f.ruleId() + ": nothing is sent");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "evil.example",
        "okta.com.evil.example",
        "a.b.okta.com",
        "acme.okta.com:8443",
        "acme.okta.com.",
        "https://acme.okta.com",
        "acme.okta.com/x",
        "-acme.okta.com",
        "acme.okta.com@evil.example",
        "okta.com"
      })
  void aCompanionCannotSendTheSecretOutsideTheIssuersDomains(String hostile) {
    Family okta = family("okta-api-token");
    Finding f = withCompanions("okta-api-token", Map.of("domain", hostile));
    // With the override set (requests would reach the simulator) and without it (they would go
    // out):
    // either way the companion is refused before anything is sent.
    try (CatalogueSimulator sim = simulator(okta)) {
      sim.live(f.secret());
      Verification v = verify(sim, f);
      assertEquals(Status.UNVERIFIABLE, v.status(), hostile + ": " + v.reason());
      assertTrue(
          v.reason().contains("not one of okta's documented domains (*.okta.com"), v.reason());
      assertFalse(
          v.reason().contains("evil") || v.reason().contains(hostile + ";"),
          "repository text is not echoed: " + v.reason());
      assertEquals(List.of(), sim.requests(), "nothing is sent");
      Revocation r = Revoker.create(options(sim)).revoke(List.of(f)).get(0).revocation();
      assertEquals(Revocation.Status.SKIPPED, r.status(), r.reason());
      assertEquals(List.of(), sim.requests());
    }
    assertEquals(
        Status.UNVERIFIABLE,
        Verifier.create(options(null)).verify(List.of(f)).get(0).verification().status());
  }

  @Test
  void withoutItsCompanionASecretIsUnverifiableNeverGuessed() {
    for (String rule :
        List.of(
            "okta-api-token",
            "twilio-auth-token",
            "shopify-access-token",
            "atlassian-api-token",
            "databricks-pat",
            "datadog-app-key",
            "algolia-api-key",
            "azure-ad-client-secret",
            "aws-secret-access-key")) {
      assertNotSent(withCompanions(rule, Map.of()), "needs companion: ");
    }
  }

  @Test
  void aCompanionOfTheWrongFormIsNotSent() {
    assertNotSent(
        withCompanions(
            "twilio-auth-token", Map.of("account-sid", "AC00000000000000000000000000000000/../x")),
        "does not have the form of the account SID");
  }

  @Test
  void perTenantHostsAreTheIssuersOwnWhenNoOverrideIsSet() {
    Map<String, String> none = Map.of();
    URI okta = resolve("okta-api-token", Map.of("domain", "Acme.OKTA.com"), none);
    assertEquals(URI.create("https://acme.okta.com"), okta);
    assertEquals(
        URI.create("https://adb-12345.11.azuredatabricks.net"),
        resolve("databricks-pat", Map.of("host", "adb-12345.11.azuredatabricks.net"), none));
    assertEquals(
        URI.create("https://api.datadoghq.com"),
        resolve("datadog-api-key", Map.of(), none),
        "US1 without DD_SITE");
    assertEquals(
        URI.create("https://api.datadoghq.eu"),
        resolve("datadog-api-key", Map.of("site", "datadoghq.eu"), none));
    assertNull(resolve("datadog-api-key", Map.of("site", "datadoghq.eu.evil.example"), none));
    assertEquals(
        URI.create("https://algolia123.algolia.net"),
        resolve("algolia-api-key", Map.of("app-id", "ALGOLIA123"), none));
    // With LEAKSTOP_OKTA_URL the override wins (tests, a proxy), but only after the host passed.
    Map<String, String> override = Map.of("LEAKSTOP_OKTA_URL", "http://127.0.0.1:9");
    assertEquals(
        URI.create("http://127.0.0.1:9"),
        resolve("okta-api-token", Map.of("domain", "acme.okta.com"), override));
    assertNull(resolve("okta-api-token", Map.of("domain", "evil.example"), override));
  }

  @Test
  void mailchimpsDataCentreComesFromTheKeyItself() {
    Finding f = CatalogueSecrets.finding(family("mailchimp-api-key"), 0);
    String dc = f.secret().substring(f.secret().lastIndexOf('-') + 1);
    Verifier verifier = Verifier.create(IssuerOptions.defaults(Map.of()));
    assertEquals(
        URI.create("https://" + dc + ".api.mailchimp.com"),
        verifier.parts(family("mailchimp-api-key"), f).base());
  }

  @Test
  void hostPatternsMatchWholeLabels() {
    List<String> okta = List.of("*.okta.com");
    assertTrue(CredentialParts.allowed("acme.okta.com", okta));
    assertFalse(CredentialParts.allowed("okta.com", okta));
    assertFalse(CredentialParts.allowed("a.b.okta.com", okta));
    assertFalse(CredentialParts.allowed("acme.okta.com.evil.example", okta));
    assertFalse(CredentialParts.allowed("acme-.okta.com", okta));
    assertFalse(CredentialParts.allowed("acme.okta.com:443", okta));
    assertFalse(CredentialParts.allowed("ACME.okta.com", okta), "lowercased before matching");
    assertFalse(
        CredentialParts.allowed("x".repeat(64) + ".okta.com", okta),
        "a label is at most 63 characters");
  }

  private URI resolve(String rule, Map<String, String> companions, Map<String, String> env) {
    Finding f = withCompanions(rule, companions);
    Verifier verifier = Verifier.create(IssuerOptions.defaults(env));
    return verifier.parts(family(rule), f).base();
  }

  @Test
  void theDetectorsCompanionsReachTheIssuer() {
    // An Okta token and its org domain as a config holds them; the detector pairs them.
    String token = "00" + "Ab3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gI3kM5oQ7s";
    String text = "OKTA_ORG_URL=https://acme.okta.com\nOKTA_API_TOKEN=" + token + "\n";
    List<Candidate> found = new Detector(RuleSet.builtin()).detect(text);
    Candidate c =
        found.stream()
            .filter(x -> x.rule().id().equals("okta-api-token"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(found));
    assertEquals("acme.okta.com", c.companion("domain").orElseThrow());
    Finding f =
        new Finding(
            c.rule().id(),
            "okta",
            "okta",
            Severity.HIGH,
            c.secret(),
            Redactor.redact(c.secret()),
            Fingerprint.of(c.rule().id(), c.secret()),
            Location.file("okta.yaml", 3, 1),
            null,
            null,
            null,
            c.companions());
    try (CatalogueSimulator sim = simulator(family("okta-api-token"))) {
      sim.live(token);
      Verification v = verify(sim, f);
      assertEquals(Status.ACTIVE, v.status(), v.reason());
      assertEquals(token, sim.requests().get(0).credential());
    }
  }

  @Test
  void awsKeysAreCheckedWithASignatureTheSimulatorRecomputes() {
    Family aws = family("aws-secret-access-key");
    Finding f = CatalogueSecrets.finding(aws, 0);
    try (CatalogueSimulator sim = simulator(aws)) {
      Verification v = verifiedLive(sim, f);
      assertEquals("arn:aws:iam::123456789012:user/Alice", v.owner());
      assertEquals("123456789012", v.details().get("account"));
      assertEquals(f.secret(), sim.requests().get(0).credential(), "signed with this very secret");
      // Another secret for the same key id does not sign the same: AWS says SignatureDoesNotMatch,
      // the simulator invalid.
      Finding other = CatalogueSecrets.finding(aws, 1);
      assertEquals(Status.INACTIVE, verify(sim, other).status());
    }
  }

  @Test
  void aTemporaryAwsKeyNeedsItsSessionToken() {
    assertNotSent(
        withCompanions("aws-secret-access-key", Map.of("access-key-id", "ASIAIOSFODNN7EXAMPLE")),
        "session token");
  }

  @Test
  void anAwsKeyDeactivatesItselfAndAKeyWithoutThePermissionFailsWithAwsReason() {
    Family aws = family("aws-secret-access-key");
    Finding f = CatalogueSecrets.finding(aws, 0);
    try (CatalogueSimulator sim = simulator(aws)) {
      sim.live(f.secret());
      Revoker revoker = Revoker.create(options(sim));
      Revocation r = revoker.revoke(List.of(f)).get(0).revocation();
      assertEquals(Revocation.Status.REVOKED, r.status(), r.reason());
      assertEquals("7a62c49f-347e-4fc4-9331-6e8eEXAMPLE", r.requestId());
      assertEquals(
          List.of("verify", "revoke"),
          sim.requests().stream().map(CatalogueSimulator.Request::kind).toList());
      assertEquals(CatalogueSimulator.State.REVOKED, sim.state(f.secret()));
      assertTrue(revoker.auditLog().settled(n -> {}).containsKey(f.fingerprint()));
      assertEquals(
          Revocation.Status.SKIPPED,
          Revoker.create(options(sim)).revoke(List.of(f)).get(0).revocation().status());
      assertEquals(2, sim.requests().size(), "idempotent: nothing more is sent");
    }
    Revocation refused = revokedWithoutPermission(aws, f);
    assertEquals(Revocation.Status.FAILED, refused.status());
    assertTrue(
        refused.reason().contains("AccessDenied")
            && refused.reason().contains("iam:UpdateAccessKey"),
        refused.reason());
  }

  @Test
  void azureReadsOnlyTheLifetimeOfTheTokenItMints() {
    Family azure = family("azure-ad-client-secret");
    Finding f = CatalogueSecrets.finding(azure, 0);
    try (CatalogueSimulator sim = simulator(azure)) {
      Verification v = verifiedLive(sim, f);
      assertTrue(
          v.expiresAt().isAfter(java.time.Instant.now().plusSeconds(3000)),
          "expires_in 3599 s from now: " + v.expiresAt());
      assertFalse(
          v.details().values().stream().anyMatch(d -> d.contains("short-lived token")),
          "the access token is not kept");
    }
  }

  @Test
  void companionsAreRawAndNeverInAFindingsText() {
    Map<String, String> companions = new LinkedHashMap<>();
    companions.put("domain", "acme.okta.com");
    Finding f = withCompanions("okta-api-token", companions);
    assertFalse(f.toString().contains("acme.okta.com"));
  }

  @Test
  void aServiceAccountKeyMintsAShortLivedTokenThatIsNotKept() {
    Family gcp = family("gcp-service-account-key");
    Finding f = CatalogueSecrets.finding(gcp, 0);
    try (CatalogueSimulator sim = simulator(gcp)) {
      Verification v = verifiedLive(sim, f);
      assertEquals("deployer@acme-prod-4471.iam.gserviceaccount.com", v.owner());
      assertEquals(List.of("https://www.googleapis.com/auth/cloud-platform.read-only"), v.scopes());
      assertEquals(java.time.Instant.ofEpochSecond(1893456000), v.expiresAt());
      assertEquals(
          List.of("verify", CatalogueSimulator.FOLLOW_UP),
          sim.requests().stream().map(CatalogueSimulator.Request::kind).toList());
      String everything = v.toString() + v.details() + v.reason();
      assertFalse(
          everything.contains("access token>"), "the access token is not kept: " + everything);
    }
  }

  /** The revocation of a live key that lacks the permission to end itself. */
  private Revocation revokedWithoutPermission(Family family, Finding f) {
    try (CatalogueSimulator sim = simulator(family)) {
      sim.liveWithoutRevokePermission(f.secret());
      return Revoker.create(options(sim).withAuditLog(dir.resolve("other.jsonl")))
          .revoke(List.of(f))
          .get(0)
          .revocation();
    }
  }

  @Test
  void aServiceAccountKeyDisablesItselfWhenAllowedAndFailsWithGooglesReasonOtherwise() {
    Family gcp = family("gcp-service-account-key");
    Finding f = CatalogueSecrets.finding(gcp, 0);
    try (CatalogueSimulator sim = simulator(gcp)) {
      sim.live(f.secret());
      Revoker revoker = Revoker.create(options(sim));
      Revocation r = revoker.revoke(List.of(f)).get(0).revocation();
      assertEquals(Revocation.Status.REVOKED, r.status(), r.reason());
      assertTrue(r.reason().contains("disabled"), r.reason());
      assertEquals(
          List.of("verify", CatalogueSimulator.FOLLOW_UP, "verify", "revoke"),
          sim.requests().stream().map(CatalogueSimulator.Request::kind).toList());
      assertEquals(CatalogueSimulator.State.REVOKED, sim.state(f.secret()));
      assertFalse(r.reason().contains("access token>"), "the minted token is not kept");
      assertTrue(revoker.auditLog().settled(n -> {}).containsKey(f.fingerprint()));
    }
    Revocation refused = revokedWithoutPermission(gcp, f);
    assertEquals(Revocation.Status.FAILED, refused.status(), refused.reason());
    assertTrue(refused.reason().contains("iam.serviceAccountKeys.disable"), refused.reason());
  }

  @Test
  void aServiceAccountKeyWithoutItsKeyIdIsNotSentForRevocation() {
    Family gcp = family("gcp-service-account-key");
    Finding f =
        withCompanions(
            "gcp-service-account-key",
            Map.of("client-email", "deployer@acme-prod-4471.iam.gserviceaccount.com"));
    try (CatalogueSimulator sim = simulator(gcp)) {
      sim.live(f.secret());
      Revocation r = Revoker.create(options(sim)).revoke(List.of(f)).get(0).revocation();
      assertEquals(Revocation.Status.FAILED, r.status(), r.reason());
      assertTrue(r.reason().contains("private_key_id"), r.reason());
      assertFalse(
          sim.requests().stream().anyMatch(q -> "revoke".equals(q.kind())),
          "no revocation request: " + sim.requests());
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://evil.example/token",
        "https://oauth2.googleapis.com.evil.example/token",
        "http://oauth2.googleapis.com/token"
      })
  void aKeyFileCannotChooseWhereItsKeyIsSent(String tokenUri) {
    assertNotSent(
        withCompanions(
            "gcp-service-account-key",
            Map.of(
                "client-email",
                "deployer@acme-prod-4471.iam.gserviceaccount.com",
                "token-uri",
                tokenUri)),
        "token_uri");
  }

  @Test
  void aServiceAccountKeyFileIsFoundWithItsPartsAndChecked() {
    String pem = io.leakstop.testing.TestKeys.serviceAccountPem(3);
    String json =
        "{\n  \"type\": \"service_account\",\n  \"project_id\": \"acme-prod-4471\",\n"
            + "  \"private_key_id\": \"0123456789abcdef0123456789abcdef01234567\",\n"
            + "  \"private_key\": \""
            + pem
            + "\\n\",\n  \"client_email\": \"deployer@acme-prod-4471.iam.gserviceaccount.com\",\n"
            + "  \"token_uri\": \"https://oauth2.googleapis.com/token\"\n}\n";
    Candidate c =
        new Detector(RuleSet.builtin())
            .detect(json).stream()
                .filter(x -> x.rule().id().equals("gcp-service-account-key"))
                .findFirst()
                .orElseThrow();
    assertEquals(
        "deployer@acme-prod-4471.iam.gserviceaccount.com",
        c.companion("client-email").orElseThrow());
    assertEquals("https://oauth2.googleapis.com/token", c.companion("token-uri").orElseThrow());
    assertEquals(
        "0123456789abcdef0123456789abcdef01234567",
        c.companion("private-key-id").orElseThrow(),
        "the key's id, which its revocation names");
    Finding f =
        new Finding(
            c.rule().id(),
            "gcp",
            "gcp",
            Severity.CRITICAL,
            c.secret(),
            Redactor.redact(c.secret()),
            Fingerprint.of(c.rule().id(), c.secret()),
            Location.file("key.json", 4, 1),
            null,
            null,
            null,
            c.companions());
    try (CatalogueSimulator sim = simulator(family("gcp-service-account-key"))) {
      sim.live(c.secret());
      assertEquals(Status.ACTIVE, verify(sim, f).status());
    }
  }

  @Test
  void aPrivateKeyThatCannotSignIsNotSent() {
    Finding random =
        withCompanions(
            "gcp-service-account-key",
            Map.of("client-email", "deployer@acme-prod-4471.iam.gserviceaccount.com"));
    Finding garbage =
        new Finding(
            random.ruleId(),
            random.description(),
            random.issuer(),
            random.severity(),
            "-----BEGIN PRIVATE KEY-----\\n" + "QUJD".repeat(20) + "\\n-----END PRIVATE KEY-----",
            "-----BEGIN…",
            "gcp:x",
            random.location(),
            null,
            null,
            null,
            random.companions());
    assertNotSent(garbage, "PKCS#8");
  }

  @Test
  void aDatadogKeyRejectedByTheDefaultSiteIsUnknownNotDead() {
    Finding noSite = withCompanions("datadog-api-key", Map.of());
    Finding eu = withCompanions("datadog-api-key", Map.of("site", "datadoghq.eu"));
    try (CatalogueSimulator sim = simulator(family("datadog-api-key"))) {
      Verification atUs1 = verify(sim, noSite);
      assertEquals(Status.UNKNOWN, atUs1.status(), atUs1.reason());
      assertTrue(
          atUs1.reason().startsWith("rejected by api.datadoghq.com, the default"), atUs1.reason());
      assertEquals(
          Status.INACTIVE,
          verify(sim, eu).status(),
          "with its site named, a rejection means what it says");
      assertEquals(2, sim.requests().size());
    }
  }
}
