package io.leakstop.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakstop.rules.Config;
import io.leakstop.testing.GitHttpServer;
import io.leakstop.testing.Tokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepCredentialsTest {
  private static final String TOKEN = "clone-token-from-the-environment-0123456789";
  @TempDir Path work;

  private Sweep.Outcome sweep(List<Target> targets, Map<String, String> env) throws Exception {
    return new Sweep(
            new Sweep.Settings(
                targets,
                Shard.ALL,
                new MirrorCache(work.resolve("cache")),
                work.resolve("state.json"),
                new GitCredentials(env),
                SweepFixture.SCANNER,
                HistoryScan.of(Config.DEFAULT, 2),
                null,
                false,
                2,
                Clock.systemUTC(),
                line -> {}))
        .run();
  }

  @Test
  void clonesAndFetchesWithTheEnvironmentTokenWhichStaysOutOfTheMirror() throws Exception {
    String leak = Tokens.githubPat();
    SweepFixture.commit(work.resolve("served/acme/app"), "init", "a.env", "T=" + leak + "\n");
    try (GitHttpServer http = new GitHttpServer(work.resolve("served"), "x-access-token", TOKEN)) {
      String serverUrl = http.url("").replaceAll("/$", "");
      List<Target> targets = List.of(Target.of(http.url("acme/app")));

      Sweep.Outcome denied = sweep(targets, Map.of());
      assertFalse(denied.complete());
      String why = SweepSummary.of(denied.state()).failed().values().iterator().next();
      assertTrue(
          why.toLowerCase().contains("auth")
              || why.contains("401")
              || why.contains("not authorized"),
          why);

      Sweep.Outcome first =
          sweep(targets, Map.of("GITHUB_TOKEN", TOKEN, "GITHUB_SERVER_URL", serverUrl));
      assertTrue(first.complete(), first.repositories().toString());
      assertEquals(1, first.state().findings.size());
      SweepFixture.commit(work.resolve("served/acme/app"), "more", "b.txt", "nothing\n");
      Sweep.Outcome second =
          sweep(targets, Map.of("GITHUB_TOKEN", TOKEN, "GITHUB_SERVER_URL", serverUrl));
      assertEquals(1, second.repositories().get(0).newTips(), "fetched with the token");

      Path mirror = new MirrorCache(work.resolve("cache")).folder(targets.get(0));
      String config = Files.readString(mirror.resolve("config"));
      assertTrue(config.contains("url = " + http.url("acme/app")), config);
      try (Stream<Path> files = Files.walk(work)) {
        for (Path file :
            files
                .filter(Files::isRegularFile)
                .filter(f -> !f.startsWith(work.resolve("served")))
                .toList()) {
          assertFalse(
              new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(TOKEN),
              "token written to " + file);
        }
      }
      assertTrue(http.authorizations().stream().anyMatch(a -> a.startsWith("Basic ")));
    }
  }

  @Test
  void aTokenIsNotOfferedToAnotherHost() throws Exception {
    SweepFixture.commit(work.resolve("served/acme/app"), "init", "a.txt", "x\n");
    try (GitHttpServer http = new GitHttpServer(work.resolve("served"), "x-access-token", TOKEN)) {
      Sweep.Outcome outcome =
          sweep(List.of(Target.of(http.url("acme/app"))), Map.of("GITHUB_TOKEN", TOKEN));
      assertFalse(outcome.complete(), "github.com's token is not sent to 127.0.0.1");
      assertTrue(
          http.authorizations().stream().noneMatch(a -> a.startsWith("Basic ")),
          http.authorizations().toString());
    }
  }
}
