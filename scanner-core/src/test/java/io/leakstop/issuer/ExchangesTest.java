package io.leakstop.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class ExchangesTest {
  @Test
  void expiriesAreReadInEveryFormIssuersWrite() {
    assertEquals(Instant.parse("2021-09-03T02:34:04Z"), Exchanges.instant("2021-09-03 02:34:04 UTC"));
    assertEquals(Instant.parse("2021-09-03T00:34:04Z"), Exchanges.instant("2021-09-03 02:34:04 +0200"));
    assertEquals(Instant.parse("2031-05-06T00:00:00Z"), Exchanges.instant("2031-05-06"));
    assertEquals(Instant.parse("2030-01-01T00:00:00Z"), Exchanges.instant("2030-01-01T02:00:00+02:00"));
    assertEquals(Instant.ofEpochSecond(1900000000L), Exchanges.instant("1900000000"));
    assertNull(Exchanges.instant("next tuesday"));
    assertNull(Exchanges.instant(null));
  }

  @Test
  void retryAfterIsSecondsOrAnHttpDate() {
    assertEquals(Duration.ofSeconds(30), IssuerHttp.parseRetryAfter("30").orElseThrow());
    String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.now().plusSeconds(60).atOffset(ZoneOffset.UTC));
    Duration d = IssuerHttp.parseRetryAfter(inAMinute).orElseThrow();
    assertTrue(d.toSeconds() > 50 && d.toSeconds() <= 60, d.toString());
    assertFalse(IssuerHttp.parseRetryAfter("soon").isPresent());
  }

  @Test
  void secretsEchoedByAnIssuerAreRedactedAndOnlyLoopbackMayUsePlainHttp() {
    String secret = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";
    assertFalse(Exchanges.scrub("Bad token " + secret + " given", secret).contains(secret));
    assertTrue(Catalogue.Issuer.isLoopback("127.0.0.1"));
    assertTrue(Catalogue.Issuer.isLoopback("[::1]"));
    assertTrue(Catalogue.Issuer.isLoopback("localhost"));
    assertFalse(Catalogue.Issuer.isLoopback("127.0.0.1.nip.io"));
    assertFalse(Catalogue.Issuer.isLoopback("10.0.0.1"));
  }

  @Test
  void aFormBodyCarriesTheSecretUrlEncodedAndAJsonBodyJsonEscaped() {
    String secret = "ab+c/d=";
    assertEquals("access_token=ab%2Bc%2Fd%3D", Exchanges.body("access_token={token}", secret, java.util.Map.of()));
    assertEquals("{\"token\":\"a\\\"b\"}", Exchanges.body("{\"token\":\"{token}\"}", "a\"b", java.util.Map.of()));
    assertEquals("client_id=c%201&token=ab%2Bc%2Fd%3D",
        Exchanges.body("client_id={detail:client_id}&token={token}", secret, java.util.Map.of("detail:client_id", "c 1")));
  }

  @Test
  void aPartOfTheSecretNamedByTheFormatFillsARequestAndIsNeverGuessed() {
    Catalogue catalogue = Catalogue.parse(yaml("""
        issuers:
          acme:
            url: https://api.acme.example
            env: [LEAKSTOP_ACME_URL]
            families:
              - rules: [acme-key]
                format: 'ak-(?P<id>[a-z0-9]+)-[A-Za-z0-9]{8}'
                revoke:
                  method: DELETE
                  path: /keys/{part:id}
        """));
    Catalogue.Family family = catalogue.family("acme-key").orElseThrow();
    assertEquals(java.util.Set.of("id"), family.partNames());
    assertEquals(java.util.Map.of("id", "k123"), Exchanges.parts(family, "ak-k123-AbCdEfGh"));
    assertEquals("/keys/k123", Exchanges.path(family.revoke().path(), "ak-k123-AbCdEfGh",
        Exchanges.holes(family, "ak-k123-AbCdEfGh", java.util.Map.of())));
    IllegalArgumentException noPart = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Exchanges.path(family.revoke().path(), "other", Exchanges.holes(family, "other", java.util.Map.of())));
    assertTrue(noPart.getMessage().contains("no id part"), noPart.getMessage());
    assertEquals("/keys/tok%2F1", Exchanges.path("/keys/{detail:id}", "s", java.util.Map.of("detail:id", "tok/1")));
  }

  @Test
  void aJsonStringOfCommaSeparatedScopesIsReadAsAList() throws java.io.IOException {
    String body = "{\"authorization\":{\"scope\":\"sites:read, cms:read\"}}";
    IssuerHttp.Answer answer = new IssuerHttp.Answer(200,
        java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true), body, new com.fasterxml.jackson.databind.ObjectMapper().readTree(body));
    assertEquals(java.util.List.of("sites:read", "cms:read"),
        Exchanges.list(new Catalogue.Read(null, "/authorization/scope", ",", null), answer));
    assertEquals(java.util.List.of("sites:read, cms:read"),
        Exchanges.list(new Catalogue.Read(null, "/authorization/scope", null, null), answer));
  }

  private static com.fasterxml.jackson.databind.JsonNode yaml(String text) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
