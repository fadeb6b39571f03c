package io.leakstop.issuer;

import static io.leakstop.issuer.Findings.of;
import static io.leakstop.issuer.Findings.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakstop.finding.Finding;
import io.leakstop.finding.Verification;
import io.leakstop.finding.Verification.Status;
import io.leakstop.testing.CatalogueSimulator;
import io.leakstop.testing.Tokens;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VerifierTest {
  @TempDir Path dir;

  private List<Verification> verify(IssuerOptions options, Finding... findings) {
    return Verifier.create(options).verify(List.of(findings)).stream()
        .map(Finding::verification)
        .toList();
  }

  @Test
  void githubTellsOwnerScopesAndExpiryForLiveTokensAndRejectsDeadOnes() {
    String classic = Tokens.githubPat();
    String revoked = Tokens.githubPat();
    String neverIssued = Tokens.githubPat();
    String installation = Tokens.githubInstallation();
    try (CatalogueSimulator github = CatalogueSimulator.start("github")) {
      github
          .live(classic, "octocat", List.of("repo", "read:org"), "2030-01-02 03:04:05 UTC")
          .revoked(revoked)
          .live(installation);
      List<Verification> v =
          verify(
              options(dir, github),
              of("github-pat", "github", classic),
              of("github-pat", "github", revoked),
              of("github-pat", "github", neverIssued),
              of("github-app-installation-token", "github", installation));
      assertEquals(Status.ACTIVE, v.get(0).status());
      assertEquals("octocat", v.get(0).owner());
      assertEquals(List.of("repo", "read:org"), v.get(0).scopes());
      assertEquals(Instant.parse("2030-01-02T03:04:05Z"), v.get(0).expiresAt());
      assertEquals(Status.INACTIVE, v.get(1).status());
      assertTrue(v.get(1).reason().contains("bad credentials"), v.get(1).reason());
      assertEquals(Status.INACTIVE, v.get(2).status());
      assertEquals(
          Status.ACTIVE,
          v.get(3).status(),
          "ghs_ 403 'not accessible by integration' means it authenticated");
      assertTrue(
          github.requests().stream()
              .allMatch(r -> r.path().equals("/user") && r.method().equals("GET")));
    }
  }

  @Test
  void eachDistinctSecretIsAskedAboutOnce() {
    String token = Tokens.githubPat();
    try (CatalogueSimulator github = CatalogueSimulator.start("github")) {
      github.live(token);
      List<Verification> v =
          verify(
              options(dir, github),
              of("github-pat", "github", token, "a"),
              of("github-pat", "github", token, "b"),
              of("github-pat", "github", token, "c"));
      assertTrue(v.stream().allMatch(x -> x.status() == Status.ACTIVE));
      assertEquals(1, github.requests().size());
    }
  }

  @Test
  void gitlabReportsScopesExpiryAndWhyATokenIsDead() {
    String live = Tokens.gitlabRoutable();
    String revoked = Tokens.gitlabRoutable();
    String expired = Tokens.gitlabLegacy();
    try (CatalogueSimulator gitlab = CatalogueSimulator.start("gitlab")) {
      gitlab
          .live(live, "7", List.of("api", "read_repository"), "2031-05-06")
          .revoked(revoked)
          .expired(expired);
      List<Verification> v =
          verify(
              options(dir, gitlab),
              of("gitlab-pat-routable", "gitlab", live),
              of("gitlab-pat-routable", "gitlab", revoked),
              of("gitlab-pat", "gitlab", expired));
      assertEquals(Status.ACTIVE, v.get(0).status());
      assertEquals(List.of("api", "read_repository"), v.get(0).scopes());
      assertEquals(Instant.parse("2031-05-06T00:00:00Z"), v.get(0).expiresAt());
      assertEquals("user id 7", v.get(0).owner());
      assertEquals(Status.INACTIVE, v.get(1).status());
      assertTrue(v.get(1).reason().startsWith("Token was revoked"), v.get(1).reason());
      assertEquals(Status.INACTIVE, v.get(2).status());
      assertNotNull(
          v.get(2).reason(),
          "GitLab documents no separate answer for expired tokens: the revoked one, with its reason");
      assertTrue(
          gitlab.requests().stream()
              .allMatch(r -> r.path().equals("/api/v4/personal_access_tokens/self")));
    }
  }

  static Stream<Arguments> issuers() {
    return Stream.of(
        Arguments.of("slack-bot-token", "slack", (Supplier<String>) Tokens::slackBot),
        Arguments.of("npm-access-token", "npm", (Supplier<String>) Tokens::npm),
        Arguments.of("doppler-personal-token", "doppler", (Supplier<String>) Tokens::doppler),
        Arguments.of(
            "huggingface-access-token", "huggingface", (Supplier<String>) Tokens::huggingface),
        Arguments.of("openai-project-key", "openai", (Supplier<String>) Tokens::openaiProject),
        Arguments.of("anthropic-api-key", "anthropic", (Supplier<String>) Tokens::anthropic),
        Arguments.of("stripe-live-secret-key", "stripe", (Supplier<String>) Tokens::stripeLive),
        Arguments.of("discord-bot-token", "discord", (Supplier<String>) Tokens::discordBot));
  }

  @ParameterizedTest
  @MethodSource("issuers")
  void everyIssuerTellsLiveFromDead(String rule, String issuer, Supplier<String> token) {
    String live = token.get();
    String revoked = token.get();
    String unknown = token.get();
    boolean readsOwner = Catalogue.builtin().family(rule).orElseThrow().verify().owner() != null;
    try (CatalogueSimulator sim = CatalogueSimulator.start(issuer)) {
      sim.live(live, "octocat", null, null).revoked(revoked);
      List<Verification> v =
          verify(
              options(dir, sim),
              of(rule, issuer, live),
              of(rule, issuer, revoked),
              of(rule, issuer, unknown));
      assertEquals(Status.ACTIVE, v.get(0).status(), String.valueOf(v.get(0)));
      assertEquals(
          readsOwner ? "octocat" : null,
          v.get(0).owner(),
          "the owner the issuer answers, where the catalogue reads one");
      assertEquals(Status.INACTIVE, v.get(1).status(), String.valueOf(v.get(1)));
      assertEquals(Status.INACTIVE, v.get(2).status(), String.valueOf(v.get(2)));
      assertEquals(3, sim.requests().size());
      assertTrue(
          sim.requests().stream().allMatch(r -> r.body().isEmpty() || r.method().equals("POST")),
          "a GET check sends no body");
      assertEquals(
          List.of(live, revoked, unknown),
          sim.requests().stream()
              .map(CatalogueSimulator.Request::credential)
              .sorted(java.util.Comparator.comparing(List.of(live, revoked, unknown)::indexOf))
              .toList(),
          "each secret where the catalogue puts it");
    }
  }

  @Test
  void serverErrorsAreRetriedThenReportedUnknown() {
    String token = Tokens.githubPat();
    try (CatalogueSimulator github = CatalogueSimulator.start("github")) {
      github.live(token).script("503", "500");
      assertEquals(
          Status.ACTIVE,
          verify(options(dir, github), of("github-pat", "github", token)).get(0).status());
      assertEquals(3, github.requests().size());
      github.script("500", "502", "503");
      Verification v =
          verify(options(dir, github), of("github-pat", "github", Tokens.githubPat())).get(0);
      assertEquals(Status.UNKNOWN, v.status());
      assertTrue(v.reason().contains("HTTP 503"), v.reason());
    }
  }

  @Test
  void retryAfterIsHonoured() {
    String token = Tokens.githubPat();
    try (CatalogueSimulator github = CatalogueSimulator.start("github")) {
      github.live(token).script("429-1s");
      long started = System.nanoTime();
      assertEquals(
          Status.ACTIVE,
          verify(options(dir, github), of("github-pat", "github", token)).get(0).status());
      assertTrue(
          System.nanoTime() - started >= Duration.ofMillis(950).toNanos(),
          "waited for Retry-After: 1");
    }
  }

  @Test
  void exhaustedPrimaryLimitWaitsForTheReset() {
    String token = Tokens.githubPat();
    try (CatalogueSimulator github = CatalogueSimulator.start("github")) {
      github.live(token).script("403-exhausted");
      assertEquals(
          Status.ACTIVE,
          verify(options(dir, github), of("github-pat", "github", token)).get(0).status());
      assertEquals(2, github.requests().size());
    }
  }

  @Test
  void aRateLimitBeyondTheDeadlineIsUnknownAtOnceAndPausesTheIssuer() {
    try (CatalogueSimulator github = CatalogueSimulator.start("github")) {
      github.script("429-long");
      long started = System.nanoTime();
      List<Verification> v =
          verify(
              options(dir, github).withConcurrency(1),
              of("github-pat", "github", Tokens.githubPat()),
              of("github-pat", "github", Tokens.githubPat()),
              of("github-pat", "github", Tokens.githubPat()));
      assertTrue(System.nanoTime() - started < Duration.ofSeconds(5).toNanos());
      assertTrue(
          v.stream()
              .allMatch(x -> x.status() == Status.UNKNOWN && x.reason().contains("rate limited")),
          v.toString());
      assertEquals(
          1, github.requests().size(), "the issuer is not asked again while it said to wait");
    }
  }

  @Test
  void malformedRedirectingSlowAndUnreachableIssuersGiveUnknownWithTheReason() throws IOException {
    try (CatalogueSimulator github = CatalogueSimulator.start("github")) {
      IssuerOptions once =
          options(dir, github)
              .withRetries(1, Duration.ofMillis(10))
              .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300));
      github.script("malformed");
      assertTrue(
          verify(once, of("github-pat", "github", Tokens.githubPat()))
              .get(0)
              .reason()
              .startsWith("malformed answer from github"));
      github.script("redirect");
      Verification redirected = verify(once, of("github-pat", "github", Tokens.githubPat())).get(0);
      assertEquals(Status.UNKNOWN, redirected.status());
      assertTrue(
          redirected.reason().contains("redirect (HTTP 302 to elsewhere.example), not followed"),
          redirected.reason());
      github.script("slow");
      Verification slow = verify(once, of("github-pat", "github", Tokens.githubPat())).get(0);
      assertEquals("no answer from github in time after 1 attempt", slow.reason());
    }
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    IssuerOptions nowhere =
        IssuerOptions.defaults(Map.of("LEAKSTOP_GITHUB_URL", "http://127.0.0.1:" + closed))
            .withRetries(2, Duration.ofMillis(10));
    Verification v = verify(nowhere, of("github-pat", "github", Tokens.githubPat())).get(0);
    assertEquals(Status.UNKNOWN, v.status());
    assertTrue(v.reason().startsWith("cannot connect to github"), v.reason());
  }

  @Test
  void whatIsNotAnsweredByTheDeadlineIsUnknown() {
    try (CatalogueSimulator github = CatalogueSimulator.start("github")) {
      github.latency(Duration.ofSeconds(3));
      long started = System.nanoTime();
      Verification v =
          verify(
                  options(dir, github).withDeadline(Duration.ofMillis(400)),
                  of("github-pat", "github", Tokens.githubPat()))
              .get(0);
      assertEquals(Status.UNKNOWN, v.status());
      assertTrue(System.nanoTime() - started < Duration.ofMillis(2500).toNanos());
    }
  }

  @Test
  void requestsInFlightPerIssuerAreBounded() {
    try (CatalogueSimulator github = CatalogueSimulator.start("github")) {
      github.latency(Duration.ofMillis(50));
      Finding[] many =
          Stream.generate(() -> of("github-pat", "github", Tokens.githubPat()))
              .limit(20)
              .toArray(Finding[]::new);
      verify(options(dir, github).withConcurrency(3), many);
      assertEquals(20, github.requests().size());
      assertTrue(github.maxInFlight() <= 3, "in flight: " + github.maxInFlight());
    }
  }

  @Test
  void rulesWithoutASafeCheckAreUnverifiableAndSendNothing() {
    try (CatalogueSimulator github = CatalogueSimulator.start("github")) {
      List<Verification> v =
          verify(
              options(dir, github),
              of(
                  "shopify-access-token",
                  "shopify",
                  "shpat_" + Tokens.random(32, "0123456789abcdef")),
              of(
                  "aws-access-key-id",
                  "aws",
                  "AKIA" + Tokens.random(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")),
              of("github-pat", "github", "ghp_not-a-token\r\nX-Evil: 1"));
      assertEquals(Status.UNVERIFIABLE, v.get(0).status());
      assertTrue(v.get(0).reason().contains("shop domain"));
      assertEquals(Status.UNVERIFIABLE, v.get(1).status());
      assertEquals(
          Status.UNVERIFIABLE,
          v.get(2).status(),
          "a secret not of the issuer's form is never sent");
      assertTrue(github.requests().isEmpty());
    }
  }

  @Test
  void issuerUrlsComeFromTheEnvironmentAndPlainHttpOnlyToLoopback() {
    String token = Tokens.githubPat();
    try (CatalogueSimulator github = CatalogueSimulator.start("github")) {
      github.live(token);
      IssuerOptions enterprise =
          IssuerOptions.defaults(Map.of("GITHUB_API_URL", github.url() + "/"));
      assertEquals(
          Status.ACTIVE, verify(enterprise, of("github-pat", "github", token)).get(0).status());
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Verifier.create(
                    IssuerOptions.defaults(
                        Map.of("LEAKSTOP_SLACK_URL", "http://slack.example.com"))));
    assertEquals(
        "LEAKSTOP_SLACK_URL: plain http is allowed only for loopback addresses, got slack.example.com",
        e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Verifier.create(
                IssuerOptions.defaults(
                    Map.of("LEAKSTOP_NPM_URL", "https://user:pw@registry.example"))));
    assertThrows(
        IllegalArgumentException.class,
        () -> Verifier.create(IssuerOptions.defaults(Map.of("GITHUB_API_URL", "ftp://x"))));
  }

  @Test
  void everyCatalogueEntryIsUsable() {
    Catalogue c = Catalogue.builtin();
    assertFalse(c.issuers().isEmpty());
    c.issuers()
        .values()
        .forEach(
            i ->
                i.families()
                    .forEach(
                        f -> {
                          assertTrue(
                              f.verifiable() || f.unverifiable() != null,
                              i.name() + " " + f.rules());
                          assertTrue(
                              f.revocable() || f.notSupported() != null,
                              i.name() + " " + f.rules());
                          assertTrue(
                              f.verify() == null || f.format() != null,
                              "a family that sends secrets checks their form: " + f.rules());
                          f.rules()
                              .forEach(
                                  rule ->
                                      assertTrue(
                                          io.leakstop.rules.RuleSet.builtin().get(rule).isPresent(),
                                          "the issuer catalogue names unknown rule " + rule));
                        }));
    assertTrue(
        c.family("shopify-access-token")
            .orElseThrow()
            .notSupported()
            .contains("uninstalls the app"));
    assertNull(c.family("no-such-rule").orElse(null));
  }
}
