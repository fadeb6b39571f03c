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
    assertEquals(
        Instant.parse("2021-09-03T02:34:04Z"), Exchanges.instant("2021-09-03 02:34:04 UTC"));
    assertEquals(
        Instant.parse("2021-09-03T00:34:04Z"), Exchanges.instant("2021-09-03 02:34:04 +0200"));
    assertEquals(Instant.parse("2031-05-06T00:00:00Z"), Exchanges.instant("2031-05-06"));
    assertEquals(
        Instant.parse("2030-01-01T00:00:00Z"), Exchanges.instant("2030-01-01T02:00:00+02:00"));
    assertEquals(Instant.ofEpochSecond(1900000000L), Exchanges.instant("1900000000"));
    assertNull(Exchanges.instant("next tuesday"));
    assertNull(Exchanges.instant(null));
  }

  @Test
  void aListInOneJsonStringIsSplitLikeAHeaderList() throws Exception {
    var answer =
        new IssuerHttp.Answer(
            200,
            java.net.http.HttpHeaders.of(java.util.Map.of(), (k, v) -> true),
            "{\"scope\":\"global:read  purge_select\",\"scopes\":[\"a\",\"b\"]}",
            IssuerHttp.JSON.readTree(
                "{\"scope\":\"global:read  purge_select\",\"scopes\":[\"a\",\"b\"]}"));
    assertEquals(
        java.util.List.of("global:read", "purge_select"),
        Exchanges.list(new Catalogue.Read(null, "/scope", " ", null, false), answer));
    assertEquals(
        java.util.List.of("global:read  purge_select"),
        Exchanges.list(new Catalogue.Read(null, "/scope", null, null, false), answer));
    assertEquals(
        java.util.List.of("a", "b"),
        Exchanges.list(new Catalogue.Read(null, "/scopes", null, null, false), answer));
  }

  @Test
  void aSecretIsEscapedForTheBodyItTravelsIn() {
    String secret = "a+b/c=\"d";
    assertEquals(
        "a%2Bb%2Fc%3D%22d",
        Exchanges.bodyValue("token={token}&token_type_hint=access_token", secret));
    assertEquals("a+b/c=\\\"d", Exchanges.bodyValue("{\"token\":\"{token}\"}", secret));
  }

  @Test
  void namedPartsOfASecretFillTheirPlaceInThePath() {
    Catalogue.Family webhook = Catalogue.builtin().family("discord-webhook").orElseThrow();
    String id = "223704706495545344";
    String token = "qC0i_" + "A".repeat(55) + "-x";
    String secret = "discord.com/api/webhooks/" + id + "/" + token;
    assertEquals(java.util.Map.of("wid", id, "wtoken", token), webhook.parts(secret));
    assertEquals(
        "/api/v10/webhooks/" + id + "/" + token,
        Exchanges.path(
            webhook.verify().path(), Exchanges.Holes.of(secret).withParts(webhook.parts(secret))));
    assertTrue(webhook.parts("not a webhook").isEmpty());
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class,
        () -> Exchanges.path("/webhooks/{part:wid}", Exchanges.Holes.of(secret)));
  }

  @Test
  void retryAfterIsSecondsOrAnHttpDate() {
    assertEquals(Duration.ofSeconds(30), IssuerHttp.parseRetryAfter("30").orElseThrow());
    String inAMinute =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            Instant.now().plusSeconds(60).atOffset(ZoneOffset.UTC));
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
    assertEquals(
        "access_token=ab%2Bc%2Fd%3D",
        Exchanges.body("access_token={token}", Exchanges.Holes.of(secret)));
    assertEquals(
        "{\"token\":\"a\\\"b\"}",
        Exchanges.body("{\"token\":\"{token}\"}", Exchanges.Holes.of("a\"b")));
    assertEquals(
        "client_id=c%201&token=ab%2Bc%2Fd%3D",
        Exchanges.body(
            "client_id={detail:client_id}&token={token}",
            Exchanges.Holes.of(secret).withDetails(java.util.Map.of("client_id", "c 1"))));
  }

  @Test
  void aPartOfTheSecretNamedByTheFormatFillsARequestAndIsNeverGuessed() {
    Catalogue catalogue =
        Catalogue.parse(
            yaml(
                """
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
    assertEquals(java.util.Map.of("id", "k123"), family.parts("ak-k123-AbCdEfGh"));
    assertEquals(
        "/keys/k123",
        Exchanges.path(
            family.revoke().path(),
            Exchanges.Holes.of("ak-k123-AbCdEfGh").withParts(family.parts("ak-k123-AbCdEfGh"))));
    IllegalArgumentException noPart =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () ->
                Exchanges.path(
                    family.revoke().path(),
                    Exchanges.Holes.of("other").withParts(family.parts("other"))));
    assertTrue(noPart.getMessage().contains("no id part"), noPart.getMessage());
    assertEquals(
        "/keys/tok%2F1",
        Exchanges.path(
            "/keys/{detail:id}",
            Exchanges.Holes.of("s").withDetails(java.util.Map.of("id", "tok/1"))));
  }

  @Test
  void aJsonStringOfCommaSeparatedScopesIsReadAsAList() throws java.io.IOException {
    String body = "{\"authorization\":{\"scope\":\"sites:read, cms:read\"}}";
    IssuerHttp.Answer answer =
        new IssuerHttp.Answer(
            200,
            java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true),
            body,
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(body));
    assertEquals(
        java.util.List.of("sites:read", "cms:read"),
        Exchanges.list(new Catalogue.Read(null, "/authorization/scope", ",", null, false), answer));
    assertEquals(
        java.util.List.of("sites:read, cms:read"),
        Exchanges.list(
            new Catalogue.Read(null, "/authorization/scope", null, null, false), answer));
  }

  private static com.fasterxml.jackson.databind.JsonNode yaml(String text) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper(
              new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
          .readTree(text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
