package io.leakstop.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakstop.testing.GitHubApiSimulator;
import io.leakstop.testing.GitHubApiSimulator.Repo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostedListingTest {
  private static List<Repo> repos(int n) {
    List<Repo> repos = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      repos.add(
          new Repo("r" + i, "https://git.acme.test/acme/r" + i + ".git", i % 10 == 3, i % 10 == 7));
    }
    return repos;
  }

  @Test
  void listsEveryPageAndLeavesOutForksAndArchivedUnlessAsked() throws IOException {
    try (GitHubApiSimulator api =
        new GitHubApiSimulator()
            .org("acme", repos(250))
            .pageSize(100)
            .requireToken("sekrit-token")) {
      Map<String, String> env =
          Map.of("GITHUB_API_URL", api.apiUrl() + "/", "GITHUB_TOKEN", "sekrit-token");
      List<Target> plain = new HostedListing(env).githubOrg("acme", false, false);
      assertEquals(200, plain.size());
      assertFalse(plain.stream().anyMatch(t -> t.key().endsWith("/r3") || t.key().endsWith("/r7")));
      assertEquals(3, api.authorizations().size(), "one request per page");
      assertEquals(250, new HostedListing(env).githubOrg("acme", true, true).size());
      assertEquals(225, new HostedListing(env).githubOrg("acme", true, false).size());
    }
  }

  @Test
  void aMissingOrWrongTokenIsOneClearErrorWithoutTheToken() throws IOException {
    try (GitHubApiSimulator api =
        new GitHubApiSimulator().org("acme", repos(3)).requireToken("right")) {
      IOException e =
          assertThrows(
              IOException.class,
              () ->
                  new HostedListing(
                          Map.of(
                              "GITHUB_API_URL", api.apiUrl(), "GITHUB_TOKEN", "wrong-token-value"))
                      .githubOrg("acme", false, false));
      assertTrue(
          e.getMessage().contains("GitHub organisation acme") && e.getMessage().contains("401"),
          e.getMessage());
      assertFalse(e.getMessage().contains("wrong-token-value"));
      IOException missing =
          assertThrows(
              IOException.class,
              () ->
                  new HostedListing(Map.of("GITHUB_API_URL", api.apiUrl(), "GITHUB_TOKEN", "right"))
                      .githubOrg("nobody", false, false));
      assertTrue(missing.getMessage().contains("404"), missing.getMessage());
    }
  }

  @Test
  void doesNotFollowANextLinkToAnotherHost() throws IOException {
    try (GitHubApiSimulator api =
        new GitHubApiSimulator()
            .org("acme", repos(5))
            .pageSize(2)
            .nextLinksTo("http://127.0.0.2:9")) {
      IOException e =
          assertThrows(
              IOException.class,
              () ->
                  new HostedListing(Map.of("GITHUB_API_URL", api.apiUrl(), "GITHUB_TOKEN", "t"))
                      .githubOrg("acme", true, true));
      assertTrue(e.getMessage().contains("not following"), e.getMessage());
      assertEquals(1, api.authorizations().size());
    }
  }

  @Test
  void anUnreachableApiIsNamed() {
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                new HostedListing(Map.of("GITHUB_API_URL", "http://127.0.0.1:1"))
                    .githubOrg("acme", false, false));
    assertTrue(e.getMessage().contains("cannot reach 127.0.0.1:1"), e.getMessage());
  }

  @Test
  void listsAGitLabGroupWithItsTokenAndPages() throws IOException {
    com.sun.net.httpserver.HttpServer server =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    server.createContext(
        "/api/v4/groups/",
        exchange -> {
          try (exchange) {
            seen.add(
                exchange.getRequestURI().toString()
                    + " "
                    + exchange.getRequestHeaders().getFirst("PRIVATE-TOKEN"));
            boolean second = exchange.getRequestURI().getQuery().contains("page=2");
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            String body =
                second
                    ? "[{\"http_url_to_repo\":\"https://gitlab.acme.test/platform/sub/c.git\",\"archived\":false}]"
                    : "[{\"http_url_to_repo\":\"https://gitlab.acme.test/platform/a.git\",\"archived\":false},"
                        + "{\"http_url_to_repo\":\"https://gitlab.acme.test/platform/fork.git\",\"archived\":false,\"forked_from_project\":{\"id\":1}}]";
            if (!second) {
              exchange
                  .getResponseHeaders()
                  .add(
                      "Link",
                      "<"
                          + base
                          + "/api/v4/groups/platform%2Fteam/projects?page=2&per_page=2>; rel=\"next\"");
            }
            byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
          }
        });
    server.start();
    try {
      Map<String, String> env =
          Map.of(
              "GITLAB_API_URL",
              "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v4",
              "GITLAB_TOKEN",
              "glpat-listing");
      List<Target> targets = new HostedListing(env).gitlabGroup("platform/team", false, false);
      assertEquals(
          List.of("https://gitlab.acme.test/platform/a", "https://gitlab.acme.test/platform/sub/c"),
          targets.stream().map(Target::key).toList());
      assertEquals(2, seen.size());
      assertTrue(
          seen.get(0).startsWith("/api/v4/groups/platform%2Fteam/projects?include_subgroups=true"),
          seen.get(0));
      assertTrue(seen.stream().allMatch(s -> s.endsWith(" glpat-listing")), seen.toString());
    } finally {
      server.stop(0);
    }
  }
}
