package io.leakstop.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakstop.finding.Finding;
import io.leakstop.finding.Revocation;
import io.leakstop.finding.Verification;
import io.leakstop.issuer.Catalogue.Family;
import io.leakstop.testing.CatalogueSecrets;
import io.leakstop.testing.CatalogueSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An IBM Cloud API key deletes itself: it buys an IAM token, reads its own id by its value and
 * deletes that id, against a loopback IAM answering as IBM documents.
 */
class IbmApiKeyDeleteTest {
  @TempDir Path dir;

  private static Family family() {
    return Catalogue.builtin().family("ibm-cloud-api-key").orElseThrow();
  }

  private IssuerOptions options(CatalogueSimulator sim) {
    return IssuerOptions.defaults(
            Map.of("HOME", dir.toString(), sim.env().getKey(), sim.env().getValue()))
        .withRetries(2, Duration.ofMillis(5))
        .withDeadline(Duration.ofSeconds(10))
        .withAuditLog(dir.resolve("audit.jsonl"));
  }

  private static CatalogueSimulator simulator() {
    return CatalogueSimulator.start(Catalogue.builtin().issuers().get("ibm"));
  }

  private static List<String> sent(CatalogueSimulator sim) {
    return sim.requests().stream().map(q -> q.method() + " " + q.path()).toList();
  }

  @Test
  void aLiveKeyDeletesExactlyItsOwnId() {
    Finding f = CatalogueSecrets.finding(family(), 0);
    try (CatalogueSimulator sim = simulator()) {
      sim.live(f.secret());
      Revoker revoker = Revoker.create(options(sim));
      Revocation r = revoker.revoke(List.of(f)).get(0).revocation();
      assertEquals(Revocation.Status.REVOKED, r.status(), r.reason() + " " + sent(sim));
      assertEquals(CatalogueSimulator.State.REVOKED, sim.state(f.secret()));
      assertEquals(
          List.of(
              "POST /identity/token",
              "POST /identity/token",
              "GET /v1/apikeys/details",
              "DELETE /v1/apikeys/ApiKey-0123abcd-4567-89ef-0123-456789abcdef"),
          sent(sim),
          "the check, then the key's own token, its own id, and the delete of that id");
      assertTrue(r.reason().contains("stay valid until they expire"), r.reason());
      assertFalse(r.reason().contains(f.secret()));
      // The audit log knows it: a second run sends nothing.
      Revocation again = Revoker.create(options(sim)).revoke(List.of(f)).get(0).revocation();
      assertEquals(Revocation.Status.SKIPPED, again.status());
      assertEquals(4, sim.requests().size());
    }
  }

  @Test
  void aKeyIbmRefusesToDeleteFailsWithIbmsReason() {
    Finding f = CatalogueSecrets.finding(family(), 0);
    try (CatalogueSimulator sim = simulator()) {
      sim.liveWithoutRevokePermission(f.secret());
      Revocation r = Revoker.create(options(sim)).revoke(List.of(f)).get(0).revocation();
      assertEquals(Revocation.Status.FAILED, r.status(), r.reason());
      assertTrue(r.reason().contains("You are not authorized to use this API."), r.reason());
      assertEquals(CatalogueSimulator.State.LIVE_WITHOUT_REVOKE_PERMISSION, sim.state(f.secret()));
    }
  }

  @Test
  void aKeyIamNoLongerKnowsIsNotSentFurther() {
    Finding f = CatalogueSecrets.finding(family(), 0);
    Finding thoughtLive =
        f.withVerification(
            new Verification(Verification.Status.ACTIVE, null, List.of(), null, null, Map.of()));
    try (CatalogueSimulator sim = simulator()) {
      sim.revoked(f.secret());
      Revocation r = Revoker.create(options(sim)).revoke(List.of(thoughtLive)).get(0).revocation();
      assertEquals(Revocation.Status.SKIPPED, r.status(), r.reason());
      assertTrue(r.reason().contains("could not be found"), r.reason());
      assertFalse(
          sent(sim).stream().anyMatch(q -> q.startsWith("GET") || q.startsWith("DELETE")),
          "nothing after the refused exchange: " + sent(sim));
    }
  }
}
