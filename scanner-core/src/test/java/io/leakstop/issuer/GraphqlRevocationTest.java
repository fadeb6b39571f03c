package io.leakstop.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakstop.finding.Finding;
import io.leakstop.finding.Revocation;
import io.leakstop.testing.CatalogueSimulator;
import io.leakstop.testing.Tokens;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * New Relic's user keys are checked, looked up and deleted through one GraphQL endpoint: three
 * requests to {@code POST /graphql} told apart only by their bodies. The key's id comes from the
 * one entry of the key search whose value is exactly the key, and travels as a GraphQL variable.
 */
class GraphqlRevocationTest {
  private static final String UPPER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  @TempDir Path dir;

  private static Finding userKey() {
    return Findings.of(
        "newrelic-user-api-key", "newrelic", "NRAK-" + Tokens.random(27, UPPER_DIGITS));
  }

  private Revocation revoke(CatalogueSimulator sim, Finding f) {
    return Revoker.create(Findings.options(dir, sim)).revoke(List.of(f)).get(0).revocation();
  }

  @Test
  void theKeySearchEntryHoldingExactlyThisKeyIsTheOneDeleted() throws IOException {
    Finding f = userKey();
    try (CatalogueSimulator sim = CatalogueSimulator.start("newrelic")) {
      sim.live(f.secret());
      Revocation r = revoke(sim, f);
      assertEquals(Revocation.Status.REVOKED, r.status(), r.reason());
      List<CatalogueSimulator.Request> sent = sim.requests();
      assertEquals(
          List.of("verify", "lookup", "revoke"),
          sent.stream().map(CatalogueSimulator.Request::kind).toList());
      assertTrue(sent.stream().allMatch(q -> q.path().equals("/graphql")), sent.toString());
      JsonNode mutation = IssuerHttp.JSON.readTree(sent.get(2).body());
      // The documented search lists another user's (obfuscated) key first; only this key's id is
      // sent, and as a variable, never written into the query text.
      assertEquals(
          List.of("F1E2D3C4B5A697887766554433221100FFEEDDCCBBAA99887766554433221100"),
          IssuerHttp.JSON.convertValue(
              mutation.at("/variables/keys/userKeyIds"),
              new com.fasterxml.jackson.core.type.TypeReference<List<String>>() {}));
      assertFalse(mutation.at("/query").asText().contains("F1E2D3C4"));
      assertFalse(sent.get(2).body().contains(f.secret()), "the key is sent only in its header");
    }
  }

  @Test
  void aRefusalInsideASuccessfulAnswerFailsWithTheIssuersMessage() {
    Finding f = userKey();
    try (CatalogueSimulator sim = CatalogueSimulator.start("newrelic")) {
      sim.liveWithoutRevokePermission(f.secret());
      Revocation r = revoke(sim, f);
      assertEquals(Revocation.Status.FAILED, r.status(), r.reason());
      assertEquals("The user is not allowed to delete this key", r.reason());
      assertEquals(CatalogueSimulator.State.LIVE_WITHOUT_REVOKE_PERMISSION, sim.state(f.secret()));
    }
  }
}
