package io.leakstop.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.leakstop.finding.Finding;
import io.leakstop.finding.Revocation;
import io.leakstop.testing.CatalogueSimulator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A revocation's {@code lookup}: the token's id is taken only from the one entry of the listed
 * answer that holds exactly this secret; no entry or several, and nothing is revoked.
 */
class RevocationLookupTest {
  private static final String SECRET = "tok" + "abcdefghijklmnopq";

  @TempDir Path dir;

  /** A lookup whose list shows each value masked with '*' but for some of its characters. */
  private static final String MASKED_BUT_FOR_SOME = "match: /value\n            masked: '*'";

  private static Catalogue catalogue(String listed) throws IOException {
    return catalogue(listed, "match: /value");
  }

  private static Catalogue catalogue(String listed, String lookupBy) throws IOException {
    String yaml =
        """
        issuers:
          example:
            url: https://api.example.com
            env: [LEAKSTOP_EXAMPLE_URL]
            families:
              - rules: [example-token]
                format: 'tok[a-z]{17}'
                verify:
                  method: GET
                  path: /me
                  headers: {Authorization: 'Bearer {token}'}
                  outcomes:
                    - {status: [200], result: active}
                    - {status: [401], result: inactive, reason: unknown}
                  docs: [https://example.com/docs/me]
                  examples:
                    live: {status: 200, body: '{"login":"someone"}'}
                    invalid: {status: 401, body: '{"message":"bad token"}'}
                revoke:
                  lookup:
                    method: GET
                    path: /tokens
                    headers: {Authorization: 'Bearer {token}'}
                    items: /tokens
                    LOOKUP_BY
                    details:
                      id: {json: /id}
                    outcomes:
                      - {status: [401], result: inactive, reason: {json: /message}}
                      - {status: [200], json: {/has_more: ['true']}, result: failed, reason: 'another page follows'}
                    docs: [https://example.com/docs/tokens]
                    examples:
                      live: {status: 200, body: 'LISTED'}
                      invalid: {status: 401, body: '{"message":"bad token"}'}
                  method: DELETE
                  path: /tokens/{detail:id}
                  headers: {Authorization: 'Bearer {token}'}
                  outcomes:
                    - {status: [204], result: revoked}
                  docs: [https://example.com/docs/tokens]
                  examples:
                    revoked: {status: 204}
                    invalid: {status: 401, body: '{"message":"bad token"}'}
        """
            .replace("LISTED", listed.replace("'", "''"))
            .replace("LOOKUP_BY", lookupBy);
    return Catalogue.parse(new ObjectMapper(new YAMLFactory()).readTree(yaml));
  }

  private List<CatalogueSimulator.Request> revoke(
      String listed, Revocation.Status expected, String reasonPart) throws IOException {
    return revoke(listed, "match: /value", expected, reasonPart);
  }

  private List<CatalogueSimulator.Request> revoke(
      String listed, String lookupBy, Revocation.Status expected, String reasonPart)
      throws IOException {
    return revoke(catalogue(listed, lookupBy), expected, reasonPart);
  }

  private List<CatalogueSimulator.Request> revoke(
      Catalogue catalogue, Revocation.Status expected, String reasonPart) throws IOException {
    try (CatalogueSimulator sim = CatalogueSimulator.start(catalogue.issuers().get("example"))) {
      sim.live(SECRET);
      IssuerOptions options =
          IssuerOptions.defaults(
                  Map.of("HOME", dir.toString(), sim.env().getKey(), sim.env().getValue()))
              .withRetries(2, Duration.ofMillis(5))
              .withDeadline(Duration.ofSeconds(10))
              .withAuditLog(dir.resolve("audit.jsonl"));
      Finding f = Findings.of("example-token", "example", SECRET);
      Revocation r =
          new Revoker(new Verifier(catalogue, options)).revoke(List.of(f)).get(0).revocation();
      assertEquals(expected, r.status(), r.reason());
      if (reasonPart != null) {
        assertTrue(r.reason().contains(reasonPart), r.reason());
        assertFalse(r.reason().contains(SECRET));
      }
      return sim.requests();
    }
  }

  private static void assertNothingDeleted(List<CatalogueSimulator.Request> requests) {
    assertFalse(
        requests.stream().anyMatch(q -> q.method().equals("DELETE")),
        "nothing may be deleted: " + requests);
  }

  @Test
  void theEntryHoldingExactlyThisTokenIsTheOneRevoked() throws IOException {
    List<CatalogueSimulator.Request> requests =
        revoke(
            "{\"tokens\":[{\"id\":\"7\",\"value\":\"{token}-not-quite\"},{\"id\":\"9\",\"value\":\"{token}\"}]}",
            Revocation.Status.REVOKED,
            null);
    assertEquals(
        List.of("verify", "lookup", "revoke"),
        requests.stream().map(CatalogueSimulator.Request::kind).toList());
    assertEquals("/tokens/9", requests.get(2).path());
  }

  @Test
  void aTokenTheListDoesNotHoldIsNotRevoked() throws IOException {
    List<CatalogueSimulator.Request> requests =
        revoke(
            "{\"tokens\":[{\"id\":\"7\",\"value\":\"someone-else\"}]}",
            Revocation.Status.FAILED,
            "not among the 1 entries");
    assertNothingDeleted(requests);
  }

  @Test
  void aTokenTheListHoldsTwiceIsNotRevoked() throws IOException {
    List<CatalogueSimulator.Request> requests =
        revoke(
            "{\"tokens\":[{\"id\":\"7\",\"value\":\"{token}\"},{\"id\":\"9\",\"value\":\"{token}\"}]}",
            Revocation.Status.FAILED,
            "matches 2 entries");
    assertNothingDeleted(requests);
  }

  @Test
  void theOnlyOrganizationOfTheTokenNamesWhereItIsRevoked() throws IOException {
    List<CatalogueSimulator.Request> requests =
        revoke("{\"tokens\":[{\"id\":\"acme\"}]}", "only: true", Revocation.Status.REVOKED, null);
    assertEquals("/tokens/acme", requests.get(2).path());
  }

  @Test
  void aTokenOfSeveralOrganizationsIsNotRevokedInAnyOfThem() throws IOException {
    for (String listed :
        List.of("{\"tokens\":[{\"id\":\"acme\"},{\"id\":\"other\"}]}", "{\"tokens\":[]}")) {
      List<CatalogueSimulator.Request> requests =
          revoke(listed, "only: true", Revocation.Status.FAILED, "does not choose among them");
      assertFalse(
          requests.stream().anyMatch(q -> q.method().equals("DELETE")),
          "nothing may be deleted: " + requests);
    }
  }

  @Test
  void aLookupNeedsExactlyOneWayToTieTheEntryToTheToken() {
    for (String lookupBy : List.of("match: /value\n            only: true", "# neither")) {
      IllegalStateException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              IllegalStateException.class, () -> catalogue("{}", lookupBy));
      assertTrue(e.getMessage().contains("`only: true`"), e.getMessage());
    }
  }

  @Test
  void anAnswerWithoutTheListIsAFailureNotAGuess() throws IOException {
    List<CatalogueSimulator.Request> requests =
        revoke("{\"message\":\"ok\"}", Revocation.Status.FAILED, "finding the token's id");
    assertNothingDeleted(requests);
  }

  /**
   * Vultr lists keys masked but for their last characters; a masked entry counts only if unique.
   */
  @Test
  void theOneMaskedEntryFittingThisTokenIsTheOneRevoked() throws IOException {
    // The simulator shows {token} masked but for its last five characters.
    List<CatalogueSimulator.Request> requests =
        revoke(
            catalogue(
                "{\"tokens\":[{\"id\":\"7\",\"value\":\"***************zzzzz\"},{\"id\":\"9\",\"value\":\"{token}\"}]}",
                MASKED_BUT_FOR_SOME),
            Revocation.Status.REVOKED,
            null);
    assertEquals("/tokens/9", requests.get(2).path());
  }

  @Test
  void twoMaskedEntriesFittingThisTokenRevokeNothing() throws IOException {
    List<CatalogueSimulator.Request> requests =
        revoke(
            catalogue(
                "{\"tokens\":[{\"id\":\"7\",\"value\":\"{token}\"},{\"id\":\"9\",\"value\":\"{token}\"}]}",
                MASKED_BUT_FOR_SOME),
            Revocation.Status.FAILED,
            "matches 2 entries");
    assertNothingDeleted(requests);
  }

  @Test
  void aMaskedEntryFitsOnlyWithTheSecretsLengthAndEnoughOfItShown() {
    Catalogue.Lookup masked = new Catalogue.Lookup(null, "", "/value", "*", false);
    assertTrue(masked.matches("***************mnopq", SECRET));
    assertTrue(masked.matches("tok************mnopq", SECRET));
    assertFalse(masked.matches("***************mnopz", SECRET), "a shown character differs");
    assertFalse(masked.matches("**************mnopq", SECRET), "another length");
    assertFalse(masked.matches("****************nopq".replace("n", "*"), SECRET), "three shown");
    assertFalse(masked.matches("********************", SECRET), "nothing shown");
    Catalogue.Lookup exact = new Catalogue.Lookup(null, "", "/value", null, false);
    assertFalse(exact.matches("***************mnopq", SECRET), "an exact lookup takes no mask");
    assertTrue(exact.matches(SECRET, SECRET));
  }

  /** OpenAI lists admin keys as sk-admin...def; the elided form must fit at both ends. */
  @Test
  void anElidedEntryFitsOnlyAtBothEndsWithEnoughOfItShown() {
    Catalogue.Lookup elided = new Catalogue.Lookup(null, "", "/value", "...", false);
    assertTrue(elided.matches("tokabcde...opq", SECRET));
    assertTrue(elided.matches("tok...mnopq", SECRET));
    assertFalse(elided.matches("tokabcde...opz", SECRET), "another end");
    assertFalse(elided.matches("tokabcdf...opq", SECRET), "another start");
    assertFalse(elided.matches("t...pq", SECRET), "three shown");
    assertFalse(elided.matches("tok...mno...opq", SECRET), "two elisions");
    assertFalse(elided.matches("tokabcdefghij...klmnopq", SECRET), "longer than the secret");
    assertFalse(elided.matches(SECRET, SECRET), "an elided lookup takes only elided entries");
  }

  /** A unique fit on one page of several need not be this token: nothing is revoked. */
  @Test
  void aListWithAnotherPageToFollowRevokesNothing() throws IOException {
    List<CatalogueSimulator.Request> requests =
        revoke(
            "{\"tokens\":[{\"id\":\"9\",\"value\":\"{token}\"}],\"has_more\":true}",
            Revocation.Status.FAILED,
            "another page follows");
    assertNothingDeleted(requests);
  }
}
