package io.leakstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakstop.testing.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Against a real GitLab CE: create a personal access token, commit it to a repository, run {@code
 * scan --verify --revoke}, and ask GitLab whether the token still works. Skipped without Docker;
 * {@link IssuerScenarioTest} covers the same scenario against the loopback simulator.
 */
@Testcontainers(disabledWithoutDocker = true)
class GitlabRevocationContainerTest {
  @Container
  static final GenericContainer<?> GITLAB =
      new GenericContainer<>("gitlab/gitlab-ce:latest")
          .withExposedPorts(80)
          .withEnv(
              "GITLAB_OMNIBUS_CONFIG",
              "external_url 'http://localhost'; prometheus_monitoring['enable'] = false")
          .withSharedMemorySize(256L * 1024 * 1024)
          .waitingFor(
              Wait.forHttp("/users/sign_in")
                  .forPort(80)
                  .forStatusCode(200)
                  .withStartupTimeout(Duration.ofMinutes(15)));

  @TempDir Path dir;

  @Test
  void aCommittedTokenIsFoundLiveRevokedAndThenRejectedByGitlab() throws Exception {
    String token = Tokens.gitlabLegacy();
    ExecResult created =
        GITLAB.execInContainer(
            "gitlab-rails",
            "runner",
            "t = User.find_by_username('root').personal_access_tokens.create(scopes: ['api'], name: 'leaked', expires_at: 30.days.from_now); "
                + "t.set_token('"
                + token
                + "'); t.save!");
    assertEquals(0, created.getExitCode(), created.getStderr());
    String url = "http://" + GITLAB.getHost() + ":" + GITLAB.getMappedPort(80);
    assertEquals(200, self(url, token));

    Path repo = dir.resolve("repo");
    try (Git git = Git.init().setDirectory(repo.toFile()).call()) {
      Files.writeString(repo.resolve(".gitlab-ci.env"), "GITLAB_TOKEN=" + token + "\n");
      git.add().addFilepattern(".").call();
      git.commit()
          .setMessage("ci settings")
          .setAuthor("dev", "dev@example.com")
          .setCommitter("dev", "dev@example.com")
          .call();
    }
    Map<String, String> env = Map.of("LEAKSTOP_GITLAB_URL", url, "HOME", dir.toString());
    Cli.Run run =
        Cli.runWithEnv(
            env,
            "",
            "scan",
            repo.toString(),
            "--files",
            "--revoke",
            "--format",
            "json",
            "--audit-log",
            dir.resolve("audit.jsonl").toString(),
            "--verify-timeout",
            "60s");
    assertEquals(1, run.code(), run.err());
    JsonNode finding = new ObjectMapper().readTree(run.out()).path("findings").get(0);
    assertEquals("active", finding.at("/verification/status").asText());
    assertEquals("api", finding.at("/verification/scopes/0").asText());
    assertEquals("revoked", finding.at("/revocation/status").asText());
    assertEquals(401, self(url, token), "GitLab no longer accepts the token");
    assertTrue(Files.readString(dir.resolve("audit.jsonl")).contains("\"result\":\"revoked\""));
  }

  private static int self(String url, String token) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url + "/api/v4/personal_access_tokens/self"))
            .header("PRIVATE-TOKEN", token)
            .GET()
            .build();
    return HttpClient.newHttpClient()
        .send(request, HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
