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
      repos.add(new Repo("r" + i, "https://git.acme.test/acme/r" + i + ".git", i % 10 == 3, i % 10 == 7));
    }
    return repos;
  }

  @Test
  void listsEveryPageAndLeavesOutForksAndArchivedUnlessAsked() throws IOException {
    try (GitHubApiSimulator api = new GitHubApiSimulator().org("acme", repos(250)).pageSize(100).requireToken("sekrit-token")) {
      Map<String, String> env = Map.of("GITHUB_API_URL", api.apiUrl() + "/", "GITHUB_TOKEN", "sekrit-token");
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
    try (GitHubApiSimulator api = new GitHubApiSimulator().org("acme", repos(3)).requireToken("right")) {
      IOException e = assertThrows(IOException.class,
          () -> new HostedListing(Map.of("GITHUB_API_URL", api.apiUrl(), "GITHUB_TOKEN", "wrong-token-value")).githubOrg("acme", false, false));
      assertTrue(e.getMessage().contains("GitHub organisation acme") && e.getMessage().contains("401"), e.getMessage());
      assertFalse(e.getMessage().contains("wrong-token-value"));
      IOException missing = assertThrows(IOException.class,
          () -> new HostedListing(Map.of("GITHUB_API_URL", api.apiUrl(), "GITHUB_TOKEN", "right")).githubOrg("nobody", false, false));
      assertTrue(missing.getMessage().contains("404"), missing.getMessage());
    }
  }

  @Test
  void doesNotFollowANextLinkToAnotherHost() throws IOException {
    try (GitHubApiSimulator api = new GitHubApiSimulator().org("acme", repos(5)).pageSize(2).nextLinksTo("http://127.0.0.2:9")) {
      IOException e = assertThrows(IOException.class,
          () -> new HostedListing(Map.of("GITHUB_API_URL", api.apiUrl(), "GITHUB_TOKEN", "t")).githubOrg("acme", true, true));
      assertTrue(e.getMessage().contains("not following"), e.getMessage());
      assertEquals(1, api.authorizations().size());
    }
  }

  @Test
  void anUnreachableApiIsNamed() {
    IOException e = assertThrows(IOException.class,
        () -> new HostedListing(Map.of("GITHUB_API_URL", "http://127.0.0.1:1")).githubOrg("acme", false, false));
    assertTrue(e.getMessage().contains("cannot reach 127.0.0.1:1"), e.getMessage());
  }
}
