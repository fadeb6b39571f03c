package io.leakstop.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RepositoryLinksTest {
  @Test
  void remotesOfEveryShapeGiveTheWebAddressWithoutCredentials() {
    for (String url :
        new String[] {
          "git@github.com:octo/app.git",
          "https://github.com/octo/app",
          "https://github.com/octo/app.git",
          "ssh://git@github.com/octo/app.git",
          "https://x-access-token:ghs_secret@github.com/octo/app.git"
        }) {
      assertEquals(
          new RepositoryLinks("https://github.com/octo/app"),
          RepositoryLinks.fromRemoteUrl(url),
          url);
    }
    assertEquals(
        "https://ghe.example.com/team/svc",
        RepositoryLinks.fromRemoteUrl("git@ghe.example.com:team/svc.git").web());
    assertNull(RepositoryLinks.fromRemoteUrl("/srv/git/app.git"));
  }

  @Test
  void theRunnerEnvironmentWins() {
    RepositoryLinks links =
        RepositoryLinks.fromEnvironment(
            Map.of(
                "GITHUB_SERVER_URL", "https://ghe.example.com", "GITHUB_REPOSITORY", "octo/app"));
    assertEquals(
        "https://ghe.example.com/octo/app/blob/abc/dir/my%20file.js#L7",
        links.line("abc", "dir/my file.js", 7));
    assertNull(RepositoryLinks.fromEnvironment(Map.of()));
  }
}
