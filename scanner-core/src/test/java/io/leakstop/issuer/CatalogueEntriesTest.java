package io.leakstop.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakstop.finding.Finding;
import io.leakstop.finding.Revocation;
import io.leakstop.finding.Verification;
import io.leakstop.finding.Verification.Status;
import io.leakstop.issuer.Catalogue.Exchange;
import io.leakstop.issuer.Catalogue.Family;
import io.leakstop.testing.CatalogueSecrets;
import io.leakstop.testing.CatalogueSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every check and declarative revocation of the catalogue, against a loopback simulator that
 * replays the answers the catalogue cites from the issuer's documentation: live, revoked or
 * invalid, rate limited (429 with Retry-After), 5xx and malformed. Adding an entry to the issuer
 * catalogue adds its cases here. Secrets are made from the rules' own committed examples (filled at
 * run time).
 */
class CatalogueEntriesTest {
  @TempDir Path dir;

  static Stream<String> verifiable() {
    return Catalogue.builtin().families().stream().filter(Family::verifiable).map(Family::label);
  }

  static Stream<String> revocable() {
    return Catalogue.builtin().families().stream()
        .filter(f -> f.revoke() != null)
        .map(Family::label);
  }

  static Stream<String> revocableWithDocumentedRefusal() {
    return Catalogue.builtin().families().stream()
        .filter(f -> f.revoke() != null && f.revoke().examples().containsKey("forbidden"))
        .map(Family::label);
  }

  static Family family(String label) {
    return Catalogue.builtin().families().stream()
        .filter(f -> f.label().equals(label))
        .findFirst()
        .orElseThrow();
  }

  /** A loopback simulator of the family's issuer, answering as its documentation shows. */
  private static CatalogueSimulator simulator(Family family) {
    return CatalogueSimulator.start(Catalogue.builtin().issuers().get(family.issuer()));
  }

  static Finding finding(Family family, int variant) {
    return CatalogueSecrets.finding(family, variant);
  }

  private IssuerOptions options(CatalogueSimulator sim) {
    Map<String, String> env = new HashMap<>();
    env.put("HOME", dir.toString());
    env.put(sim.env().getKey(), sim.env().getValue());
    return IssuerOptions.defaults(env)
        .withRetries(2, Duration.ofMillis(5))
        .withDeadline(Duration.ofSeconds(10))
        .withAuditLog(dir.resolve("audit.jsonl"));
  }

  /**
   * The requests that carried the secret: not a follow-up with what the issuer issued (GCP's
   * tokeninfo).
   */
  private static List<CatalogueSimulator.Request> sent(CatalogueSimulator sim) {
    return sim.requests().stream()
        .filter(q -> !CatalogueSimulator.FOLLOW_UP.equals(q.kind()))
        .toList();
  }

  private Verification verify(CatalogueSimulator sim, Finding f) {
    return Verifier.create(options(sim)).verify(List.of(f)).get(0).verification();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("verifiable")
  void liveSecretIsActiveWithWhatTheAnswerTells(String label) {
    Family family = family(label);
    Exchange check = family.verify();
    Finding f = finding(family, 0);
    try (CatalogueSimulator sim = simulator(family)) {
      sim.live(f.secret());
      Verification v = verify(sim, f);
      assertEquals(Status.ACTIVE, v.status(), label + ": " + v.reason() + " requests " + sent(sim));
      assertEquals(1, sent(sim).size());
      assertEquals("verify", sent(sim).get(0).kind());
      assertEquals(
          f.secret(), sent(sim).get(0).credential(), "the secret travels where the catalogue says");
      if (check == null) {
        return;
      }
      if (check.owner() != null) {
        assertNotNull(
            v.owner(), label + ": the documented answer holds the owner the catalogue reads");
      }
      if (check.scopes() != null) {
        assertFalse(
            v.scopes().isEmpty(),
            label + ": the documented answer holds the scopes the catalogue reads");
      }
      if (check.expires() != null) {
        assertTrue(
            v.expiresAt() != null || v.details().containsKey("expires"),
            label + ": the documented answer holds the expiry");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("verifiable")
  void unknownAndRevokedSecretsAreInactive(String label) {
    Family family = family(label);
    Finding unknown = finding(family, 0);
    Finding revoked = finding(family, 1);
    try (CatalogueSimulator sim = simulator(family)) {
      // A catalogue may say a refusal proves nothing (`result: unknown`, another region's key).
      Status refused = refusalProvesNothing(family) ? Status.UNKNOWN : Status.INACTIVE;
      Verification v = verify(sim, unknown);
      assertEquals(refused, v.status(), label + ": " + v.reason());
      assertNotNull(v.reason());
      assertFalse(v.reason().contains(unknown.secret()));
      if (!revoked.secret().equals(unknown.secret())) {
        sim.revoked(revoked.secret());
        Verification r = verify(sim, revoked);
        assertEquals(refused, r.status(), label + ": " + r.reason());
      }
    }
  }

  private static boolean refusalProvesNothing(Family family) {
    Catalogue.Exchange check = family.verify();
    if (check == null || !check.examples().containsKey("invalid")) {
      return false;
    }
    int status = check.examples().get("invalid").status();
    return check.outcomes().stream()
        .filter(o -> o.status().isEmpty() || o.status().contains(status))
        .findFirst()
        .map(o -> o.result().equals("unknown"))
        .orElse(false);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("verifiable")
  void rateLimitIsWaitedOutAndRetried(String label) {
    Family family = family(label);
    Finding f = finding(family, 0);
    try (CatalogueSimulator sim = simulator(family)) {
      sim.live(f.secret()).script("429");
      List<String> notices = new java.util.concurrent.CopyOnWriteArrayList<>();
      Verification v =
          Verifier.create(options(sim).withNotices(notices::add))
              .verify(List.of(f))
              .get(0)
              .verification();
      assertEquals(Status.ACTIVE, v.status(), label + ": " + v.reason());
      assertEquals(2, sent(sim).size());
      assertTrue(
          notices.stream().anyMatch(n -> n.contains("rate limited by " + family.issuer())),
          notices.toString());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("verifiable")
  void serverErrorsAndMalformedAnswersAreUnknown(String label) {
    Family family = family(label);
    Finding f = finding(family, 0);
    try (CatalogueSimulator sim = simulator(family)) {
      sim.live(f.secret()).script("503", "503");
      Verification failing = verify(sim, f);
      assertEquals(Status.UNKNOWN, failing.status());
      assertTrue(failing.reason().contains("503"), failing.reason());
      sim.script("malformed");
      Verification malformed = verify(sim, f);
      assertEquals(Status.UNKNOWN, malformed.status());
      assertTrue(
          malformed.reason().startsWith("malformed answer from " + family.issuer()),
          malformed.reason());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("revocable")
  void liveSecretIsRevokedOnceAndAudited(String label) {
    Family family = family(label);
    Finding f = finding(family, 0);
    try (CatalogueSimulator sim = simulator(family)) {
      sim.live(f.secret());
      Revoker revoker = Revoker.create(options(sim));
      Revocation r = revoker.revoke(List.of(f)).get(0).revocation();
      assertEquals(
          Revocation.Status.REVOKED,
          r.status(),
          label + ": " + r.reason() + " requests " + sent(sim));
      assertEquals(CatalogueSimulator.State.REVOKED, sim.state(f.secret()));
      List<String> expected = new java.util.ArrayList<>();
      if (family.verify() != null) {
        expected.add("verify");
      }
      if (family.revoke().lookup() != null) {
        expected.add("lookup");
      }
      expected.add("revoke");
      assertEquals(expected, sent(sim).stream().map(CatalogueSimulator.Request::kind).toList());
      assertTrue(sent(sim).stream().allMatch(q -> f.secret().equals(q.credential())));
      // Idempotent: the audit log knows it; nothing more is sent.
      Revocation again = Revoker.create(options(sim)).revoke(List.of(f)).get(0).revocation();
      assertEquals(Revocation.Status.SKIPPED, again.status());
      assertEquals(expected.size(), sent(sim).size());
      assertTrue(revoker.auditLog().settled(n -> {}).containsKey(f.fingerprint()));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("revocable")
  void revokingAnAlreadyDeadSecretSaysSo(String label) {
    Family family = family(label);
    Finding f = finding(family, 0);
    try (CatalogueSimulator sim = simulator(family)) {
      Finding live =
          f.withVerification(
              new Verification(Status.ACTIVE, null, List.of(), null, null, Map.of()));
      Revocation r = Revoker.create(options(sim)).revoke(List.of(live)).get(0).revocation();
      assertTrue(
          r.status() == Revocation.Status.SKIPPED || r.status() == Revocation.Status.FAILED,
          label + ": " + r);
      assertNotNull(r.reason());
      assertFalse(r.reason().contains(f.secret()));
      assertNull(sim.state(f.secret()));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("revocableWithDocumentedRefusal")
  void tokenLackingTheRevokePermissionFailsWithTheIssuersReason(String label) {
    Family family = family(label);
    Finding f = finding(family, 0);
    try (CatalogueSimulator sim = simulator(family)) {
      sim.liveWithoutRevokePermission(f.secret());
      Revocation r = Revoker.create(options(sim)).revoke(List.of(f)).get(0).revocation();
      assertEquals(Revocation.Status.FAILED, r.status(), label + ": " + r.reason());
      String documented = family.revoke().examples().get("forbidden").body();
      com.fasterxml.jackson.databind.JsonNode body = IssuerHttp.JSON.readTree(documented);
      // The issuer's message where its documented error format keeps it (JSON:API's `detail`),
      // or where the catalogue's `failed` outcome reads it (a GraphQL mutation's own errors).
      java.util.List<String> pointers = new java.util.ArrayList<>();
      family.revoke().outcomes().stream()
          .filter(o -> o.result().equals("failed") && o.reasonFrom() != null)
          .map(o -> o.reasonFrom().json())
          .filter(java.util.Objects::nonNull)
          .forEach(pointers::add);
      pointers.addAll(
          List.of("/errors/0/message", "/errors/0/detail", "/message", "/error/message"));
      String message =
          pointers.stream()
              .map(p -> body.at(p).asText())
              .filter(m -> !m.isEmpty())
              .findFirst()
              .orElse("");
      assertTrue(
          r.reason().contains(message), "the issuer's reason reaches the user: " + r.reason());
      assertEquals(CatalogueSimulator.State.LIVE_WITHOUT_REVOKE_PERMISSION, sim.state(f.secret()));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
