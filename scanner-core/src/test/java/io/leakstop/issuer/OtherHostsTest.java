package io.leakstop.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.leakstop.finding.Finding;
import io.leakstop.finding.Revocation;
import io.leakstop.issuer.Catalogue.Issuer;
import io.leakstop.testing.CatalogueSecrets;
import io.leakstop.testing.CatalogueSimulator;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An issuer's other documented host ({@code hosts:}, a request's {@code via}): DigitalOcean checks
 * tokens on its API host and revokes them on its OAuth server. The other host is built in like the
 * issuer's URL and replaced only by its own {@code LEAKSTOP_…_URL}, under the same rules.
 */
class OtherHostsTest {
  private static final String OAUTH_VARIABLE = "LEAKSTOP_DIGITALOCEAN_OAUTH_URL";

  @TempDir Path dir;

  private static Issuer digitalocean() {
    return Catalogue.builtin().issuers().get("digitalocean");
  }

  private IssuerOptions options(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(extra);
    env.put("HOME", dir.toString());
    return IssuerOptions.defaults(env)
        .withRetries(2, Duration.ofMillis(5))
        .withDeadline(Duration.ofSeconds(10))
        .withAuditLog(dir.resolve("audit.jsonl"));
  }

  @Test
  void theOAuthServerIsBuiltInAndHttps() {
    assertEquals(
        URI.create("https://cloud.digitalocean.com"), digitalocean().hostUrl("oauth", Map.of()));
    assertEquals(
        URI.create("https://api.digitalocean.com"),
        digitalocean().baseUrl(Map.of()),
        "the check still goes to the API host");
  }

  @Test
  void itsOwnVariableReplacesItUnderTheSameRulesAsTheIssuersUrl() {
    assertEquals(
        URI.create("http://127.0.0.1:8080"),
        digitalocean().hostUrl("oauth", Map.of(OAUTH_VARIABLE, "http://127.0.0.1:8080")));
    assertEquals(
        URI.create("https://proxy.example/do-oauth"),
        digitalocean().hostUrl("oauth", Map.of(OAUTH_VARIABLE, "https://proxy.example/do-oauth")));
    for (String bad :
        List.of(
            "http://cloud.digitalocean.com",
            "http://192.168.1.5:8080",
            "ftp://127.0.0.1/",
            "https://user:pw@proxy.example")) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> digitalocean().hostUrl("oauth", Map.of(OAUTH_VARIABLE, bad)),
              bad);
      assertTrue(e.getMessage().contains(OAUTH_VARIABLE), e.getMessage());
    }
    IllegalArgumentException atStart =
        assertThrows(
            IllegalArgumentException.class,
            () -> Verifier.create(options(Map.of(OAUTH_VARIABLE, "http://10.0.0.1/"))),
            "a bad value is refused before anything is sent");
    assertTrue(atStart.getMessage().contains(OAUTH_VARIABLE), atStart.getMessage());
  }

  @Test
  void theIssuersOverriddenUrlStandsForItWhenItsOwnVariableIsUnset() {
    assertEquals(
        URI.create("http://127.0.0.1:9000"),
        digitalocean()
            .hostUrl("oauth", Map.of("LEAKSTOP_DIGITALOCEAN_URL", "http://127.0.0.1:9000")),
        "a simulator or proxy standing for the issuer sees the revocation too");
    assertEquals(
        URI.create("http://127.0.0.1:9001"),
        digitalocean()
            .hostUrl(
                "oauth",
                Map.of(
                    "LEAKSTOP_DIGITALOCEAN_URL",
                    "http://127.0.0.1:9000",
                    OAUTH_VARIABLE,
                    "http://127.0.0.1:9001")));
  }

  @Test
  void theCheckGoesToTheApiAndTheRevocationToTheOAuthServer() {
    Catalogue.Family family = digitalocean().families().get(0);
    Finding f = CatalogueSecrets.finding(family, 0);
    try (CatalogueSimulator api = CatalogueSimulator.start("digitalocean");
        CatalogueSimulator oauth = CatalogueSimulator.start("digitalocean")) {
      api.live(f.secret());
      oauth.live(f.secret());
      Revocation r =
          Revoker.create(
                  options(
                      Map.of(
                          api.env().getKey(), api.env().getValue(), OAUTH_VARIABLE, oauth.url())))
              .revoke(List.of(f))
              .get(0)
              .revocation();
      assertEquals(Revocation.Status.REVOKED, r.status(), r.reason());
      assertEquals(
          List.of("verify"),
          api.requests().stream().map(CatalogueSimulator.Request::kind).toList());
      assertEquals(
          List.of("revoke"),
          oauth.requests().stream().map(CatalogueSimulator.Request::kind).toList());
      assertEquals("/v1/oauth/revoke", oauth.requests().get(0).path());
      assertEquals(f.secret(), oauth.requests().get(0).credential());
      assertEquals(CatalogueSimulator.State.REVOKED, oauth.state(f.secret()));
    }
  }

  @Test
  void aCatalogueNamingAnUndeclaredOrInsecureHostIsRefused() {
    String undeclared =
        """
        issuers:
          acme:
            url: https://api.acme.example
            env: [LEAKSTOP_ACME_URL]
            families:
              - rules: [acme-token]
                unverifiable: 'no check'
                revoke: {via: oauth, method: POST, path: /revoke, docs: [https://acme.example/docs]}
        """;
    assertTrue(refusal(undeclared).contains("via: oauth"), refusal(undeclared));
    String insecure =
        """
        issuers:
          acme:
            url: https://api.acme.example
            env: [LEAKSTOP_ACME_URL]
            hosts:
              oauth: {url: 'http://auth.acme.example', env: [LEAKSTOP_ACME_OAUTH_URL], docs: [https://acme.example/docs]}
            families: []
        """;
    assertTrue(refusal(insecure).contains("host oauth needs an https url"), refusal(insecure));
  }

  /** Why the catalogue {@code yaml} is refused. */
  private static String refusal(String yaml) {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> Catalogue.parse(new ObjectMapper(new YAMLFactory()).readTree(yaml)));
    return e.getMessage();
  }
}
