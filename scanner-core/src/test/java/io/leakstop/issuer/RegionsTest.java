package io.leakstop.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakstop.finding.Finding;
import io.leakstop.finding.Revocation;
import io.leakstop.finding.Verification;
import io.leakstop.finding.Verification.Status;
import io.leakstop.issuer.Catalogue.Family;
import io.leakstop.issuer.Catalogue.Issuer;
import io.leakstop.issuer.Catalogue.Region;
import io.leakstop.testing.CatalogueSecrets;
import io.leakstop.testing.CatalogueSimulator;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issuers with regional hosts ({@code regions:}): a key one region does not know may be live in
 * another, so it is asked of each in order, and called inactive only when every region says
 * invalid.
 */
class RegionsTest {
  @TempDir Path dir;

  /** The built-in issuer with its regions moved to the given loopback simulators. */
  private static Catalogue withRegions(String name, CatalogueSimulator... sims) {
    Issuer builtin = Catalogue.builtin().issuers().get(name);
    assertTrue(builtin.regions().size() >= 2, name + " documents its regions");
    List<Region> regions = new java.util.ArrayList<>();
    for (int i = 0; i < sims.length; i++) {
      regions.add(
          new Region(
              builtin.regions().get(i).name(),
              URI.create(sims[i].env().getValue()),
              builtin.regions().get(i).docs()));
    }
    Issuer issuer =
        new Issuer(
            name,
            regions.get(0).url(),
            builtin.env(),
            builtin.concurrency(),
            builtin.headers(),
            builtin.requestIdHeader(),
            builtin.families(),
            List.copyOf(regions),
            builtin.hosts());
    return new Catalogue(Map.of(name, issuer), List.of());
  }

  private IssuerOptions options(Map<String, String> extra) {
    Map<String, String> env = new java.util.HashMap<>(extra);
    env.put("HOME", dir.toString());
    return IssuerOptions.defaults(env)
        .withRetries(2, Duration.ofMillis(5))
        .withDeadline(Duration.ofSeconds(10))
        .withAuditLog(dir.resolve("audit.jsonl"));
  }

  /** A secret of the issuer's first family, in the form its rule finds. */
  private static Finding finding(String issuer) {
    Family family = Catalogue.builtin().issuers().get(issuer).families().get(0);
    return CatalogueSecrets.finding(family, 0);
  }

  /** A loopback simulator standing in for one of the issuer's regions. */
  private static CatalogueSimulator region(String issuer) {
    return CatalogueSimulator.start(Catalogue.builtin().issuers().get(issuer));
  }

  private Verification verify(Catalogue catalogue, Map<String, String> env, Finding f) {
    return new Verifier(catalogue, options(env)).verify(List.of(f)).get(0).verification();
  }

  @Test
  void aKeyOfTheSecondRegionIsActiveAndNamesItsRegion() {
    Finding f = finding("sparkpost");
    try (CatalogueSimulator us = region("sparkpost");
        CatalogueSimulator eu = region("sparkpost")) {
      eu.live(f.secret());
      Verification v = verify(withRegions("sparkpost", us, eu), Map.of(), f);
      assertEquals(Status.ACTIVE, v.status(), v.reason());
      assertEquals("EU", v.details().get("region"));
      assertEquals(1, us.requests().size(), "the US region was asked first");
      assertEquals(1, eu.requests().size());
    }
  }

  /**
   * The a-k issuers whose EU keys a US-only check used to call dead (Honeycomb, AssemblyAI,
   * Braintrust).
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"honeycomb", "assemblyai", "braintrust"})
  void anEuKeyIsActiveInItsRegionAndDeadOnlyWhenBothRegionsRefuseIt(String issuer) {
    Finding f = finding(issuer);
    try (CatalogueSimulator us = region(issuer);
        CatalogueSimulator eu = region(issuer)) {
      Catalogue catalogue = withRegions(issuer, us, eu);
      assertEquals(Status.INACTIVE, verify(catalogue, Map.of(), f).status());
      eu.live(f.secret());
      Verification v = verify(catalogue, Map.of(), f);
      assertEquals(Status.ACTIVE, v.status(), v.reason());
      assertEquals("EU", v.details().get("region"));
    }
  }

  @Test
  void aKeyEveryRegionRejectsIsInactiveAndOneRegionFailingMakesItUnknown() {
    Finding f = finding("snyk");
    try (CatalogueSimulator us = region("snyk");
        CatalogueSimulator eu = region("snyk")) {
      Catalogue catalogue = withRegions("snyk", us, eu);
      Verification dead = verify(catalogue, Map.of(), f);
      assertEquals(Status.INACTIVE, dead.status(), dead.reason());
      assertTrue(
          dead.reason().contains("SNYK-US-01") && dead.reason().contains("SNYK-US-02"),
          dead.reason());
      eu.script("503", "503");
      Verification unsure = verify(catalogue, Map.of(), f);
      assertEquals(
          Status.UNKNOWN,
          unsure.status(),
          "a region that could not answer may hold the key live: " + unsure.reason());
      assertTrue(unsure.reason().contains("503"), unsure.reason());
    }
  }

  @Test
  void theEnvironmentReplacesTheRegions() {
    Finding f = finding("opsgenie");
    try (CatalogueSimulator us = region("opsgenie");
        CatalogueSimulator eu = region("opsgenie");
        CatalogueSimulator mine = region("opsgenie")) {
      Verification v =
          verify(
              withRegions("opsgenie", us, eu),
              Map.of(mine.env().getKey(), mine.env().getValue()),
              f);
      assertEquals(Status.INACTIVE, v.status());
      assertEquals(0, us.requests().size() + eu.requests().size());
      assertEquals(1, mine.requests().size());
    }
  }

  @Test
  void aRevocationGoesToTheRegionWhoseCheckAnswered() {
    Finding f = finding("smartsheet");
    try (CatalogueSimulator com = region("smartsheet");
        CatalogueSimulator gov = region("smartsheet")) {
      gov.live(f.secret());
      Revocation r =
          new Revoker(new Verifier(withRegions("smartsheet", com, gov), options(Map.of())))
              .revoke(List.of(f))
              .get(0)
              .revocation();
      assertEquals(Revocation.Status.REVOKED, r.status(), r.reason());
      assertEquals(CatalogueSimulator.State.REVOKED, gov.state(f.secret()));
      assertEquals(
          List.of("verify"),
          com.requests().stream().map(CatalogueSimulator.Request::kind).toList());
    }
  }

  /** A revocation the check cannot place (Zoho's tokens, unverifiable) for the given regions. */
  private Revocation revokeUnplaced(CatalogueSimulator us, CatalogueSimulator eu, Finding f) {
    return new Revoker(new Verifier(withRegions("zoho", us, eu), options(Map.of())))
        .revoke(List.of(f))
        .get(0)
        .revocation();
  }

  @Test
  void aTokenNoCheckCanPlaceIsRevokedInTheRegionThatKnowsIt() {
    Finding f = finding("zoho");
    try (CatalogueSimulator us = region("zoho");
        CatalogueSimulator eu = region("zoho")) {
      eu.live(f.secret());
      Revocation r = revokeUnplaced(us, eu, f);
      assertEquals(Revocation.Status.REVOKED, r.status(), r.reason());
      assertTrue(r.reason().contains("EU"), r.reason());
      assertEquals(CatalogueSimulator.State.REVOKED, eu.state(f.secret()));
      assertEquals(
          List.of("revoke"),
          us.requests().stream().map(CatalogueSimulator.Request::kind).toList(),
          "the US data centre was offered it first and called it invalid");
    }
  }

  @Test
  void aTokenEveryRegionRejectsIsAlreadyInactive() {
    Finding f = finding("zoho");
    try (CatalogueSimulator us = region("zoho");
        CatalogueSimulator eu = region("zoho")) {
      Revocation r = revokeUnplaced(us, eu, f);
      assertEquals(Revocation.Status.SKIPPED, r.status(), r.reason());
      assertTrue(r.reason().startsWith("already inactive"), r.reason());
      assertTrue(r.reason().contains("US, EU"), r.reason());
    }
  }

  @Test
  void aRegionThatCannotAnswerFailsTheRevocationRatherThanCallingTheTokenDead() {
    Finding f = finding("zoho");
    try (CatalogueSimulator us = region("zoho");
        CatalogueSimulator eu = region("zoho")) {
      eu.script("503", "503");
      Revocation r = revokeUnplaced(us, eu, f);
      assertEquals(Revocation.Status.FAILED, r.status(), r.reason());
      assertTrue(r.reason().contains("503"), r.reason());
      assertTrue(r.reason().contains("invalid in US"), r.reason());
    }
  }
}
