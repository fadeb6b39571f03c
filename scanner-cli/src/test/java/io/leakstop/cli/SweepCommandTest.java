package io.leakstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakstop.testing.CatalogueSimulator;
import io.leakstop.testing.GitDaemon;
import io.leakstop.testing.GitHubApiSimulator;
import io.leakstop.testing.GitHubApiSimulator.Repo;
import io.leakstop.testing.GitRepo;
import io.leakstop.testing.Tokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepCommandTest {
  private static final String API_TOKEN = "listing-token-never-printed-0123456789";
  @TempDir Path work;

  private void commit(String repo, String path, String content) throws Exception {
    Path dir = work.resolve("served").resolve(repo);
    (Files.isDirectory(dir.resolve(".git")) ? GitRepo.at(dir) : GitRepo.init(dir))
        .write(path, content)
        .commitAll("add " + path);
  }

  private String[] sweep(String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("sweep", "--github-org", "acme", "--cache", work.resolve("cache").toString()));
    if (!List.of(extra).contains("--report-dir")) {
      args.addAll(List.of("--report-dir", work.resolve("report").toString()));
    }
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  @Test
  void sweepsAnOrganisationListedThroughTheApiAndThenOnlyWhatIsNew() throws Exception {
    String leak = Tokens.githubPat();
    commit("acme/app", "deploy/.env", "GITHUB_TOKEN=" + leak + "\n");
    commit("acme/lib", "README.md", "a library\n");
    commit("acme/old-fork", "x.env", "T=" + Tokens.githubPat() + "\n");
    try (GitDaemon daemon = GitDaemon.serve(work.resolve("served"));
        CatalogueSimulator issuer = CatalogueSimulator.start("github").live(leak);
        GitHubApiSimulator api =
            new GitHubApiSimulator()
                .pageSize(2)
                .requireToken(API_TOKEN)
                .org(
                    "acme",
                    List.of(
                        new Repo("app", daemon.url("acme/app"), false, false),
                        new Repo("lib", daemon.url("acme/lib"), false, false),
                        new Repo("old-fork", daemon.url("acme/old-fork"), true, false)))) {
      Map<String, String> env =
          Map.of(
              "GITHUB_API_URL",
              api.apiUrl(),
              "GITHUB_TOKEN",
              API_TOKEN,
              issuer.env().getKey(),
              issuer.env().getValue());
      Path state = work.resolve("state.json");

      Cli.Run first =
          Cli.runWithEnv(
              env, "", sweep("--state", state.toString(), "--format", "json,text", "--revoke"));
      assertEquals(1, first.code(), first.err());
      assertTrue(
          first.err().contains("swept 2 repositories")
              && first.err().contains("1 new, 0 active, 1 revoked"),
          first.err());
      assertEquals(CatalogueSimulator.State.REVOKED, issuer.state(leak));
      assertTrue(
          Files.readString(work.resolve("audit.jsonl")).contains("revoked"),
          "audit log next to the state");
      assertEquals(2, api.authorizations().size(), "two pages");
      JsonNode combined =
          new ObjectMapper().readTree(work.resolve("report/combined.json").toFile());
      assertEquals(1, combined.get("findings").size());
      assertEquals("acme/app/deploy/.env", combined.get("findings").get(0).get("path").asText());
      assertTrue(Files.exists(work.resolve("report/repos/acme_app.json")));
      assertTrue(Files.exists(work.resolve("report/repos/acme_app.txt")));
      assertTrue(Files.readString(work.resolve("report/sweep.html")).contains("deploy/.env"));
      for (String text :
          List.of(
              first.out(),
              first.err(),
              Files.readString(state),
              Files.readString(work.resolve("report/combined.json")))) {
        assertFalse(text.contains(leak), "secret redacted everywhere");
        assertFalse(text.contains(API_TOKEN), "API token never shown");
      }
      assertFalse(
          anyFileContains(work.resolve("cache"), API_TOKEN), "API token not in the mirror cache");

      Cli.Run second = Cli.runWithEnv(env, "", sweep("--state", state.toString(), "--revoke"));
      assertEquals(0, second.code(), second.err());
      assertEquals(1, issuer.bodyTokens().size(), "revoked once");
      assertTrue(second.err().contains("0 new tips, 0 objects scanned"), second.err());
      assertTrue(second.err().contains("0 new"), second.err());
    }
  }

  @Test
  void shardsAreSweptSeparatelyAndMergedIntoOneReport() throws Exception {
    for (String name : List.of("a", "b", "c", "d", "e")) {
      commit("acme/" + name, "k.txt", "t=" + Tokens.githubPat() + "\n");
    }
    try (GitDaemon daemon = GitDaemon.serve(work.resolve("served"));
        GitHubApiSimulator api =
            new GitHubApiSimulator()
                .org(
                    "acme",
                    Stream.of("a", "b", "c", "d", "e")
                        .map(n -> new Repo(n, daemon.url("acme/" + n), false, false))
                        .toList())) {
      Map<String, String> env = Map.of("GITHUB_API_URL", api.apiUrl());
      Cli.Run one =
          Cli.runWithEnv(
              env,
              "",
              sweep(
                  "--no-verify",
                  "--shard",
                  "1/2",
                  "--state",
                  work.resolve("s1.json").toString(),
                  "--report-dir",
                  work.resolve("report-1").toString(),
                  "--format",
                  "json,sarif"));
      Cli.Run two =
          Cli.runWithEnv(
              Map.of("GITHUB_API_URL", api.apiUrl(), "JOB_COMPLETION_INDEX", "1"),
              "",
              sweep(
                  "--no-verify",
                  "--shard",
                  "auto/2",
                  "--state",
                  work.resolve("s2.json").toString(),
                  "--report-dir",
                  work.resolve("report-2").toString(),
                  "--format",
                  "json,sarif"));
      assertTrue(
          one.err().contains("(shard 1/2)") && two.err().contains("(shard 2/2)"),
          one.err() + two.err());
      Cli.Run merged =
          Cli.run(
              "report",
              "merge",
              work.resolve("s1.json").toString(),
              work.resolve("s2.json").toString(),
              "--state-out",
              work.resolve("merged.json").toString(),
              "--html",
              work.resolve("merged.html").toString());
      assertEquals(1, merged.code(), merged.err());
      assertTrue(merged.err().contains("5 repositories, 5 secrets: 5 new"), merged.err());
      assertTrue(Files.readString(work.resolve("merged.html")).contains("acme/e"));

      Cli.Run reports =
          Cli.run(
              "report",
              "merge",
              work.resolve("report-1/combined.json").toString(),
              work.resolve("report-2/combined.json").toString(),
              "-o",
              work.resolve("combined.json").toString());
      assertEquals(0, reports.code(), reports.err());
      JsonNode combined = new ObjectMapper().readTree(work.resolve("combined.json").toFile());
      assertEquals(5, combined.get("findings").size(), "the shards' findings together");
      assertTrue(combined.get("scan").get("complete").asBoolean());
      Cli.Run sarif =
          Cli.run(
              "report",
              "merge",
              work.resolve("report-1/combined.sarif").toString(),
              work.resolve("report-2/combined.sarif").toString(),
              "-o",
              work.resolve("combined.sarif").toString());
      assertEquals(0, sarif.code(), sarif.err());
      JsonNode log = new ObjectMapper().readTree(work.resolve("combined.sarif").toFile());
      assertEquals(1, log.get("runs").size());
      assertEquals(5, log.get("runs").get(0).get("results").size());
    }
  }

  @Test
  void usageMistakesAreOneLineWithExitCode2() {
    Cli.Run nothing = Cli.runWithEnv(Map.of(), "", "sweep");
    assertEquals(2, nothing.code());
    assertTrue(nothing.err().contains("nothing to sweep"), nothing.err());
    Cli.Run auto = Cli.runWithEnv(Map.of(), "", "sweep", "--targets", "x", "--shard", "auto/3");
    assertEquals(2, auto.code());
    assertTrue(auto.err().contains("JOB_COMPLETION_INDEX"), auto.err());
    Cli.Run format = Cli.runWithEnv(Map.of(), "", "sweep", "--targets", "x", "--format", "pdf");
    assertEquals(2, format.code());
    Cli.Run revoke =
        Cli.runWithEnv(Map.of(), "", "sweep", "--targets", "x", "--revoke", "--no-verify");
    assertEquals(2, revoke.code());
    assertTrue(revoke.err().contains("--no-verify"), revoke.err());
    Cli.Run missing =
        Cli.run(
            "report",
            "merge",
            work.resolve("missing.json").toString(),
            "--html",
            work.resolve("x.html").toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("missing.json: no such file"), missing.err());
  }

  @Test
  void anUnreadableTargetsFileOrUnreachableApiIsIncomplete() {
    Cli.Run missing =
        Cli.runWithEnv(
            Map.of(),
            "",
            "sweep",
            "--targets",
            work.resolve("nope.txt").toString(),
            "--cache",
            work.resolve("c").toString());
    assertEquals(3, missing.code());
    assertTrue(missing.err().contains("nope.txt"), missing.err());
    Cli.Run api =
        Cli.runWithEnv(
            Map.of("GITHUB_API_URL", "http://127.0.0.1:1"),
            "",
            "sweep",
            "--github-org",
            "acme",
            "--cache",
            work.resolve("c").toString());
    assertEquals(3, api.code());
    assertTrue(api.err().contains("GitHub organisation acme: cannot reach"), api.err());
  }

  private static boolean anyFileContains(Path dir, String text) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        if (new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1)
            .contains(text)) {
          return true;
        }
      }
    }
    return false;
  }
}
