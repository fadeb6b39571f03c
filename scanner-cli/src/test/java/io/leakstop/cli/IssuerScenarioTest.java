package io.leakstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakstop.testing.CatalogueSimulator;
import io.leakstop.testing.CatalogueSimulator.State;
import io.leakstop.testing.Tokens;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scan --verify/--revoke} and {@code revoke} end to end: a folder with live, dead and
 * unknown tokens, issuers simulated on loopback, the audit log on disk.
 */
class IssuerScenarioTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  CatalogueSimulator github;
  CatalogueSimulator gitlab;
  Map<String, String> env;
  Path repo;
  Path audit;
  String liveGithub;
  String deadGithub;
  String liveGitlab;
  String unknownSlack;

  @BeforeEach
  void setUp() throws IOException {
    github = CatalogueSimulator.start("github");
    gitlab = CatalogueSimulator.start("gitlab");
    liveGithub = Tokens.githubPat();
    deadGithub = Tokens.githubPat();
    liveGitlab = Tokens.gitlabRoutable();
    unknownSlack = Tokens.slackBot();
    github
        .live(liveGithub, "octocat", List.of("repo"), "2030-01-02 03:04:05 UTC")
        .revoked(deadGithub);
    gitlab.live(liveGitlab, "root", List.of("api"), "2031-01-01");
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    env = new HashMap<>();
    env.put("HOME", dir.resolve("home").toString());
    env.put(github.env().getKey(), github.env().getValue());
    env.put(gitlab.env().getKey(), gitlab.env().getValue());
    env.put("LEAKSTOP_SLACK_URL", "http://127.0.0.1:" + closed);
    repo = Files.createDirectories(dir.resolve("repo"));
    Files.writeString(
        repo.resolve("deploy.env"),
        "GITHUB_TOKEN=" + liveGithub + "\nOLD_TOKEN=" + deadGithub + "\n");
    Files.writeString(
        repo.resolve("ci.yml"), "gitlab_token: " + liveGitlab + "\nslack: " + unknownSlack + "\n");
    Files.writeString(repo.resolve("copy.txt"), "again " + liveGithub + "\n");
    audit = dir.resolve("audit.jsonl");
  }

  @AfterEach
  void tearDown() {
    github.close();
    gitlab.close();
  }

  private Cli.Run scan(String... more) {
    List<String> args =
        new java.util.ArrayList<>(List.of("scan", repo.toString(), "--files", "--format", "json"));
    args.addAll(List.of(more));
    return Cli.runWithEnv(env, "", args.toArray(String[]::new));
  }

  private static Map<String, JsonNode> bySecret(Cli.Run run, Map<String, String> names)
      throws IOException {
    Map<String, JsonNode> out = new HashMap<>();
    for (JsonNode f : JSON.readTree(run.out()).path("findings")) {
      String redacted = f.path("redacted").asText();
      names.forEach(
          (name, secret) -> {
            if (io.leakstop.finding.Redactor.redact(secret).equals(redacted)) {
              out.putIfAbsent(name, f);
            }
          });
    }
    return out;
  }

  private Map<String, String> names() {
    return Map.of(
        "liveGithub",
        liveGithub,
        "deadGithub",
        deadGithub,
        "liveGitlab",
        liveGitlab,
        "unknownSlack",
        unknownSlack);
  }

  @Test
  void revokeVerifiesRevokesOnlyTheLiveOnesAndASecondRunSendsNothing() throws IOException {
    Cli.Run first = scan("--revoke", "--audit-log", audit.toString());
    assertEquals(1, first.code(), first.err());
    Map<String, JsonNode> f = bySecret(first, names());
    assertEquals("active", f.get("liveGithub").at("/verification/status").asText());
    assertEquals("octocat", f.get("liveGithub").at("/verification/owner").asText());
    assertEquals(
        "2030-01-02T03:04:05Z", f.get("liveGithub").at("/verification/expiresAt").asText());
    assertEquals("inactive", f.get("deadGithub").at("/verification/status").asText());
    assertEquals("active", f.get("liveGitlab").at("/verification/status").asText());
    assertEquals("unknown", f.get("unknownSlack").at("/verification/status").asText());
    assertTrue(
        f.get("unknownSlack")
            .at("/verification/reason")
            .asText()
            .startsWith("cannot connect to slack"));
    assertEquals("revoked", f.get("liveGithub").at("/revocation/status").asText());
    assertEquals("revoked", f.get("liveGitlab").at("/revocation/status").asText());
    assertEquals("skipped", f.get("deadGithub").at("/revocation/status").asText());
    assertEquals("skipped", f.get("unknownSlack").at("/revocation/status").asText());
    assertEquals(State.REVOKED, github.state(liveGithub));
    assertEquals(State.REVOKED, gitlab.state(liveGitlab));
    assertEquals(
        1, github.requests().stream().filter(r -> r.path().equals("/credentials/revoke")).count());
    assertEquals(
        List.of(liveGithub),
        github.bodyTokens(),
        "only the live token is sent to be revoked, once");
    assertEquals(
        2,
        github.requests().stream().filter(r -> r.path().equals("/user")).count(),
        "each distinct secret checked once");
    assertTrue(
        first
            .err()
            .contains(
                "verified: 2 active, 1 inactive, 1 unknown; revocation: 2 revoked, 2 skipped"),
        first.err());
    for (String secret : names().values()) {
      assertFalse(
          first.out().contains(secret)
              || first.err().contains(secret)
              || Files.readString(audit).contains(secret));
    }

    List<JsonNode> lines =
        Files.readAllLines(audit).stream()
            .map(
                l -> {
                  try {
                    return JSON.readTree(l);
                  } catch (IOException e) {
                    throw new IllegalStateException(e);
                  }
                })
            .toList();
    assertEquals(
        5,
        lines.size(),
        "an intent before each of the two requests, their outcomes, the inactive one: "
            + Files.readString(audit));
    assertEquals(
        2,
        lines.stream()
            .filter(
                l -> l.path("result").asText().equals("intent") && l.path("attempt").asInt() == 1)
            .count());
    for (JsonNode line : lines) {
      for (String field : List.of("time", "fingerprint", "redacted", "issuer", "result")) {
        assertTrue(line.hasNonNull(field), field + " in " + line);
      }
    }
    assertTrue(
        lines.stream()
            .anyMatch(
                l ->
                    l.path("issuer").asText().equals("github")
                        && l.path("result").asText().equals("revoked")
                        && l.path("requestId").asText().startsWith("github-")));
    assertTrue(
        lines.stream()
            .anyMatch(
                l ->
                    l.path("issuer").asText().equals("gitlab")
                        && l.path("requestId").asText().startsWith("gitlab-")));

    github.clearRequests();
    gitlab.clearRequests();
    Cli.Run second = scan("--revoke", "--audit-log", audit.toString());
    assertEquals(1, second.code(), second.err());
    assertTrue(github.requests().isEmpty(), "second run, GitHub: " + github.requests());
    assertTrue(gitlab.requests().isEmpty(), "second run, GitLab: " + gitlab.requests());
    Map<String, JsonNode> s = bySecret(second, names());
    assertEquals("skipped", s.get("liveGithub").at("/revocation/status").asText());
    assertTrue(
        s.get("liveGithub").at("/revocation/reason").asText().startsWith("already revoked on "));
    assertEquals(5, Files.readAllLines(audit).size());
  }

  @Test
  void verifyReportsStatusesAndOnlyActiveKeepsTheLiveOnes() throws IOException {
    Cli.Run verified = scan("--verify");
    assertEquals(1, verified.code(), verified.err());
    Map<String, JsonNode> f = bySecret(verified, names());
    assertEquals("active", f.get("liveGithub").at("/verification/status").asText());
    assertEquals("repo", f.get("liveGithub").at("/verification/scopes/0").asText());
    assertTrue(f.get("liveGithub").path("revocation").isMissingNode());
    assertTrue(github.requests().stream().allMatch(r -> r.path().equals("/user")));

    Cli.Run active = scan("--only-active");
    JsonNode findings = JSON.readTree(active.out()).path("findings");
    assertEquals(3, findings.size(), "live GitHub token in two files, live GitLab token");
    findings.forEach(x -> assertEquals("active", x.at("/verification/status").asText()));

    Cli.Run text = Cli.runWithEnv(env, "", "scan", repo.toString(), "--files", "--verify");
    assertTrue(
        text.out()
            .contains(
                "verified     active, owner octocat, scopes repo, expires 2030-01-02T03:04:05Z"),
        text.out());
  }

  @Test
  void dryRunShowsWhatWouldBeRevokedAndSendsNoRevocation() throws IOException {
    Cli.Run dry = scan("--revoke", "--dry-run", "--audit-log", audit.toString());
    Map<String, JsonNode> f = bySecret(dry, names());
    assertEquals(
        "dry run: would revoke with POST /credentials/revoke (GitHub)",
        f.get("liveGithub").at("/revocation/reason").asText());
    assertEquals(State.LIVE, github.state(liveGithub));
    assertEquals(State.LIVE, gitlab.state(liveGitlab));
    assertFalse(Files.exists(audit));
    assertEquals(
        2, Cli.runWithEnv(env, "", "scan", repo.toString(), "--files", "--dry-run").code());
  }

  @Test
  void theDefaultAuditLogLivesInTheStateDirectory() {
    env.put("XDG_STATE_HOME", dir.resolve("state").toString());
    assertEquals(1, scan("--revoke").code());
    assertTrue(Files.exists(dir.resolve("state/leakstop/audit.jsonl")));
  }

  @Test
  void anIssuerUrlThatWouldLeakSecretsIsAUsageError() {
    env.put("LEAKSTOP_GITHUB_URL", "http://github.example.com");
    Cli.Run run = scan("--verify");
    assertEquals(2, run.code());
    assertEquals(
        "leakstop: LEAKSTOP_GITHUB_URL: plain http is allowed only for loopback addresses, got github.example.com\n",
        run.err());
    assertTrue(github.requests().isEmpty());
  }

  @Test
  void aRepositoryConfigCannotRedirectSecrets() throws IOException {
    Files.writeString(
        repo.resolve(".leakstop.yaml"), "issuers:\n  github:\n    url: http://127.0.0.1:9\n");
    Cli.Run run = Cli.runWithEnv(env, "", "scan", repo.toString(), "--files", "--verify");
    assertEquals(2, run.code(), "an unknown config field is rejected, not obeyed: " + run.err());
    assertTrue(github.requests().isEmpty());
  }

  @Test
  void revokeCommandTakesBareSecretsOrAReportWithSecrets() throws IOException {
    String input = liveGithub + "\nnot a secret at all\n";
    Cli.Run bare =
        Cli.runWithEnv(env, input, "revoke", "--audit-log", audit.toString(), "--format", "json");
    assertEquals(0, bare.code(), bare.err());
    assertEquals(State.REVOKED, github.state(liveGithub));
    assertTrue(bare.err().contains("<stdin>:2: no rule recognises no…ll; not revoked"), bare.err());
    assertEquals(1, JSON.readTree(bare.out()).path("findings").size());
    github.live(liveGithub);

    Path report = dir.resolve("report.json");
    assertEquals(1, scan("--show-secrets", "-o", report.toString()).code());
    Cli.Run fromReport =
        Cli.runWithEnv(
            env,
            "",
            "revoke",
            report.toString(),
            "--audit-log",
            dir.resolve("other.jsonl").toString(),
            "--format",
            "json");
    assertEquals(0, fromReport.code(), fromReport.err());
    assertEquals(State.REVOKED, github.state(liveGithub));
    assertEquals(State.REVOKED, gitlab.state(liveGitlab));
    assertFalse(fromReport.out().contains(liveGithub));

    Path redacted = dir.resolve("redacted.json");
    scan("-o", redacted.toString());
    Cli.Run noSecrets = Cli.runWithEnv(env, "", "revoke", redacted.toString());
    assertEquals(2, noSecrets.code());
    assertEquals(
        "leakstop: "
            + redacted
            + ": finding 1 has no secret; write the report with --show-secrets\n",
        noSecrets.err());
  }
}
