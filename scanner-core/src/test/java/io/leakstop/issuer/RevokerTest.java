package io.leakstop.issuer;

import static io.leakstop.issuer.Findings.of;
import static io.leakstop.issuer.Findings.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakstop.finding.Finding;
import io.leakstop.finding.Revocation;
import io.leakstop.finding.Revocation.Status;
import io.leakstop.finding.Verification;
import io.leakstop.testing.CatalogueSimulator;
import io.leakstop.testing.CatalogueSimulator.State;
import io.leakstop.testing.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevokerTest {
  @TempDir Path dir;

  private static List<Revocation> revocations(List<Finding> findings) {
    return findings.stream().map(Finding::revocation).toList();
  }

  @Test
  void githubLiveTokensAreRevokedInOneUnauthenticatedBatchAndInstallationTokensWithThemselves()
      throws IOException {
    String classic = Tokens.githubPat();
    String oauth = Tokens.github("gho_");
    String refresh = Tokens.github("ghr_");
    String dead = Tokens.githubPat();
    String installation = Tokens.githubInstallation();
    try (CatalogueSimulator github = CatalogueSimulator.start("github")) {
      github.live(classic).live(oauth).live(refresh).revoked(dead).live(installation);
      IssuerOptions options = options(dir, github);
      List<Finding> findings =
          List.of(
              of("github-pat", "github", classic),
              of("github-oauth-token", "github", oauth),
              of("github-refresh-token", "github", refresh),
              of("github-pat", "github", dead),
              of("github-app-installation-token", "github", installation),
              of("github-pat", "github", classic, "copy.env"));
      List<Revocation> r = revocations(Revoker.create(options).revoke(findings));

      assertEquals(
          List.of(
              Status.REVOKED,
              Status.REVOKED,
              Status.REVOKED,
              Status.SKIPPED,
              Status.REVOKED,
              Status.REVOKED),
          r.stream().map(Revocation::status).toList());
      assertTrue(r.get(3).reason().startsWith("already inactive"), r.get(3).reason());
      List<CatalogueSimulator.Request> batches =
          github.requests().stream().filter(q -> q.path().equals("/credentials/revoke")).toList();
      assertEquals(1, batches.size());
      assertNull(batches.get(0).credential(), "the revoke API must be called unauthenticated");
      assertEquals(List.of(classic, oauth, refresh), github.bodyTokens());
      assertTrue(
          github.requests().stream()
              .anyMatch(
                  q -> q.method().equals("DELETE") && q.path().equals("/installation/token")));
      assertEquals(State.REVOKED, github.state(classic));
      assertEquals(State.REVOKED, github.state(installation));
      assertTrue(r.get(0).requestId().startsWith("github-"));

      List<String> audit = Files.readAllLines(options.auditLog());
      assertEquals(9, audit.size(), String.join("\n", audit));
      assertEquals(
          4,
          audit.stream()
              .filter(
                  line -> line.contains("\"result\":\"intent\",") && line.contains("\"attempt\":1"))
              .count(),
          "one intent before each request: one for the batch's three tokens, one for the installation token");
      assertTrue(
          audit.stream()
              .noneMatch(
                  line ->
                      line.contains(classic)
                          || line.contains(oauth)
                          || line.contains(installation)));
      assertEquals(
          4, audit.stream().filter(line -> line.contains("\"result\":\"revoked\"")).count());
      assertTrue(
          audit.stream()
              .anyMatch(
                  line ->
                      line.contains("\"result\":\"skipped\"")
                          && line.contains("\"verification\":\"inactive\"")));

      github.clearRequests();
      List<Revocation> again = revocations(Revoker.create(options).revoke(findings));
      assertTrue(github.requests().isEmpty(), "a second run sends nothing: " + github.requests());
      assertTrue(
          again.stream()
              .allMatch(x -> x.status() == Status.SKIPPED && x.reason().contains("(audit log)")),
          again.toString());
      assertEquals(9, Files.readAllLines(options.auditLog()).size(), "nothing new to record");
    }
  }

  @Test
  void githubBatchesHoldAtMostAThousandTokens() {
    try (CatalogueSimulator github = CatalogueSimulator.start("github")) {
      List<Finding> findings = new ArrayList<>();
      Verification active =
          new Verification(Verification.Status.ACTIVE, "octocat", List.of(), null, null, Map.of());
      for (int i = 0; i < 1001; i++) {
        String token = Tokens.githubPat();
        github.live(token);
        findings.add(of("github-pat", "github", token).withVerification(active));
      }
      List<Revocation> r = revocations(Revoker.create(options(dir, github)).revoke(findings));
      assertTrue(r.stream().allMatch(x -> x.status() == Status.REVOKED));
      List<CatalogueSimulator.Request> batches = github.requests();
      assertEquals(2, batches.size(), "verified already, so only the two batches are sent");
      assertEquals(1001, github.bodyTokens().size());
    }
  }

  @Test
  void gitlabSlackNpmAndDopplerRevokeWithTheTokenItself() {
    String gitlabToken = Tokens.gitlabRoutable();
    String slackToken = Tokens.slackBot();
    String npmToken = Tokens.npm();
    String npmOther = Tokens.npm();
    String dopplerToken = Tokens.doppler();
    try (CatalogueSimulator gitlab = CatalogueSimulator.start("gitlab");
        CatalogueSimulator slack = CatalogueSimulator.start("slack");
        CatalogueSimulator npm = CatalogueSimulator.start("npm");
        CatalogueSimulator doppler = CatalogueSimulator.start("doppler")) {
      gitlab.live(gitlabToken);
      slack.live(slackToken);
      npm.live(npmToken).live(npmOther);
      doppler.live(dopplerToken);
      List<Revocation> r =
          revocations(
              Revoker.create(options(dir, gitlab, slack, npm, doppler))
                  .revoke(
                      List.of(
                          of("gitlab-pat-routable", "gitlab", gitlabToken),
                              of("slack-bot-token", "slack", slackToken),
                          of("npm-access-token", "npm", npmToken),
                              of("doppler-personal-token", "doppler", dopplerToken))));
      assertTrue(r.stream().allMatch(x -> x.status() == Status.REVOKED), r.toString());
      assertEquals(State.REVOKED, gitlab.state(gitlabToken));
      assertTrue(
          gitlab.requests().stream()
              .anyMatch(
                  q ->
                      q.method().equals("DELETE")
                          && q.path().equals("/api/v4/personal_access_tokens/self")));
      assertTrue(
          gitlab.requests().stream().noneMatch(q -> q.path().contains("rotate")),
          "never rotate: it mints a new live token");
      assertEquals(State.REVOKED, slack.state(slackToken));
      assertEquals(State.REVOKED, npm.state(npmToken));
      assertEquals(
          State.LIVE, npm.state(npmOther), "only the leaked token of the account is deleted");
      assertEquals(State.REVOKED, doppler.state(dopplerToken));
    }
  }

  @Test
  void issuersWhereRevokingDoesMoreThanKillTheTokenAreNotSupported() {
    String hf = Tokens.huggingface();
    try (CatalogueSimulator huggingface = CatalogueSimulator.start("huggingface")) {
      huggingface.live(hf);
      List<Finding> out =
          Revoker.create(options(dir, huggingface))
              .revoke(
                  List.of(
                      of(
                          "shopify-access-token",
                          "shopify",
                          "shpat_" + Tokens.random(32, "0123456789abcdef")),
                      of("huggingface-access-token", "huggingface", hf),
                      of(
                          "aws-access-key-id",
                          "aws",
                          "AKIA" + Tokens.random(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"))));
      assertEquals(Status.NOT_SUPPORTED, out.get(0).revocation().status());
      assertEquals(
          "revoking a Shopify token uninstalls the app (irreversible)",
          out.get(0).revocation().reason());
      assertEquals(Verification.Status.ACTIVE, out.get(1).verification().status());
      assertEquals(Status.NOT_SUPPORTED, out.get(1).revocation().status());
      assertEquals(Status.NOT_SUPPORTED, out.get(2).revocation().status());
      assertEquals(1, huggingface.requests().size(), "only the check");
    }
  }

  @Test
  void dryRunSendsNoRevocationAndWritesNoAuditLog() {
    String token = Tokens.githubPat();
    try (CatalogueSimulator github = CatalogueSimulator.start("github")) {
      github.live(token);
      IssuerOptions options = options(dir, github).withDryRun(true);
      Revocation r =
          Revoker.create(options)
              .revoke(List.of(of("github-pat", "github", token)))
              .get(0)
              .revocation();
      assertEquals(Status.SKIPPED, r.status());
      assertEquals("dry run: would revoke with POST /credentials/revoke (GitHub)", r.reason());
      assertTrue(github.requests().stream().allMatch(q -> q.path().equals("/user")));
      assertEquals(State.LIVE, github.state(token));
      assertFalse(Files.exists(options.auditLog()));
    }
  }

  @Test
  void unknownSecretsAreNeverRevokedBlindAndFailedRevocationsAreRecorded() throws IOException {
    String unknown = Tokens.githubPat();
    String live = Tokens.gitlabRoutable();
    try (CatalogueSimulator github = CatalogueSimulator.start("github");
        CatalogueSimulator gitlab = CatalogueSimulator.start("gitlab")) {
      github.script("500", "500", "500");
      gitlab.live(live);
      IssuerOptions options = options(dir, github, gitlab);
      Revoker revoker = Revoker.create(options);
      List<Finding> first = revoker.revoke(List.of(of("github-pat", "github", unknown)));
      assertEquals(Status.SKIPPED, first.get(0).revocation().status());
      assertTrue(
          first.get(0).revocation().reason().startsWith("not revoked while its status is unknown"));
      assertTrue(github.requests().stream().noneMatch(q -> q.path().equals("/credentials/revoke")));

      Finding checked = revoker.revoke(List.of(of("gitlab-pat-routable", "gitlab", live))).get(0);
      assertEquals(Status.REVOKED, checked.revocation().status());
      gitlab.live(live).script("503", "503", "503");
      Finding failed =
          revoker
              .revoke(
                  List.of(
                      of("gitlab-pat-routable", "gitlab", live, "other")
                          .withVerification(checked.verification())))
              .get(0);
      // The audit log knows it was revoked: not sent again, whatever the caller believes.
      assertEquals(Status.SKIPPED, failed.revocation().status());

      Path fresh = dir.resolve("fresh.jsonl");
      Finding failing =
          Revoker.create(options.withAuditLog(fresh))
              .revoke(
                  List.of(
                      of("gitlab-pat-routable", "gitlab", live)
                          .withVerification(checked.verification())))
              .get(0);
      assertEquals(Status.FAILED, failing.revocation().status());
      assertTrue(failing.revocation().reason().contains("HTTP 503"), failing.revocation().reason());
      // Each of the three attempts is on record: announced before it went out, and its answer.
      List<String> results =
          Files.readAllLines(fresh).stream()
              .map(line -> line.replaceAll(".*\"result\":\"([a-z]+)\".*", "$1"))
              .toList();
      assertEquals(
          List.of("intent", "retry", "intent", "retry", "intent", "failed"),
          results,
          Files.readString(fresh));
      assertTrue(Files.readString(fresh).contains("HTTP 503 from gitlab"), Files.readString(fresh));
      assertFalse(Files.readString(fresh).contains(live), "the secret appears only redacted");
    }
  }

  @Test
  void anUnwritableAuditLogStopsRevocationBeforeAnythingIsSent() throws IOException {
    String token = Tokens.githubPat();
    Path blocker = Files.writeString(dir.resolve("file"), "x");
    try (CatalogueSimulator github = CatalogueSimulator.start("github")) {
      github.live(token);
      UncheckedIOException e =
          assertThrows(
              UncheckedIOException.class,
              () ->
                  Revoker.create(options(dir, github).withAuditLog(blocker.resolve("audit.jsonl")))
                      .revoke(List.of(of("github-pat", "github", token))));
      assertTrue(
          e.getMessage()
              .startsWith("audit log " + blocker.resolve("audit.jsonl") + ": cannot write"),
          e.getMessage());
      assertTrue(github.requests().isEmpty());
    }
  }
}
