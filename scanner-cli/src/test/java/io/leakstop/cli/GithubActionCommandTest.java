package io.leakstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.leakstop.testing.GitRepo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code leakstop github-action} as a runner starts it: event payload fixtures, the runner's
 * environment variables, and a real clone of a real repository as actions/checkout leaves it.
 */
class GithubActionCommandTest {
  @TempDir Path dir;
  private GitRepo origin;
  private String oldToken;
  private String base;

  @BeforeEach
  void repository() throws IOException {
    origin = GitRepo.init(dir.resolve("origin"));
    TestRule.configure(origin.dir());
    oldToken = TestRule.token();
    origin.write("README.md", "app\n").write("old.env", "OLD=" + oldToken + "\n");
    base = origin.commitAll("initial, with an old leak");
  }

  /** A clone as actions/checkout makes it; options such as --depth 1 make it shallow. */
  private Path checkout(String... options) throws IOException {
    Path work = dir.resolve("workspace");
    List<String> args = new java.util.ArrayList<>(List.of("clone", "-q"));
    args.addAll(List.of(options));
    args.addAll(List.of("file://" + origin.dir(), work.toString()));
    GitRepo.at(dir).git(args.toArray(String[]::new));
    return work;
  }

  private Map<String, String> runner(
      String event, String fixture, Path workspace, Map<String, String> ids) throws IOException {
    String payload;
    try (InputStream in = getClass().getResourceAsStream("/github-events/" + fixture)) {
      payload = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (Map.Entry<String, String> id : ids.entrySet()) {
      payload = payload.replace("{{" + id.getKey() + "}}", id.getValue());
    }
    Path eventFile = dir.resolve("event.json");
    Files.writeString(eventFile, payload);
    Map<String, String> env = new HashMap<>();
    env.put("GITHUB_ACTIONS", "true");
    env.put("GITHUB_EVENT_NAME", event);
    env.put("GITHUB_EVENT_PATH", eventFile.toString());
    env.put("GITHUB_WORKSPACE", workspace.toString());
    env.put("GITHUB_STEP_SUMMARY", dir.resolve("summary.md").toString());
    env.put("GITHUB_OUTPUT", dir.resolve("output.txt").toString());
    env.put("GITHUB_API_URL", "https://api.github.com");
    env.put("GITHUB_SERVER_URL", "https://github.com");
    env.put("GITHUB_REPOSITORY", "octo/app");
    return env;
  }

  private Map<String, String> outputs() throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(dir.resolve("output.txt"))) {
      int eq = line.indexOf('=');
      out.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return out;
  }

  private String summary() throws IOException {
    return Files.readString(dir.resolve("summary.md"));
  }

  private static List<String> annotations(Cli.Run run) {
    return run.out().lines().filter(l -> l.startsWith("::")).toList();
  }

  @Test
  void aPushScansBeforeToAfterAndPublishesEverything() throws Exception {
    String token = TestRule.token();
    String after =
        origin
            .write("deploy/app config.env", "X=1\nTOKEN=" + token + "\n")
            .commitAll("add deploy config");
    Path workspace = checkout();
    Cli.Run run =
        Cli.runWithEnv(
            runner("push", "push.json", workspace, Map.of("BEFORE", base, "AFTER", after)),
            "",
            "github-action");

    assertEquals(1, run.code(), run.err());
    assertTrue(
        run.err()
            .contains(
                "leakstop: scanning push to main: "
                    + base.substring(0, 12)
                    + ".."
                    + after.substring(0, 12)),
        run.err());
    assertEquals(
        List.of(
            "::error file=deploy/app config.env,line=2,col=7,title=Leaked Test service token::test-token: "),
        annotations(run).stream()
            .map(l -> l.substring(0, l.indexOf("::test-token: ") + 14))
            .toList(),
        "one annotation, only for the new leak");
    Path sarif = workspace.resolve("leakstop.sarif");
    assertEquals(
        Map.of("findings", "1", "new", "1", "active", "0", "sarif-file", sarif.toString()),
        outputs());
    JsonNode results = new ObjectMapper().readTree(sarif.toFile()).at("/runs/0/results");
    assertEquals(1, results.size());
    assertEquals(after, results.at("/0/properties/commit").asText());
    assertEquals(GitRepo.AUTHOR, results.at("/0/properties/author").asText());
    String summary = summary();
    assertTrue(summary.startsWith("### leakstop: 1 leak found\n"), summary);
    assertTrue(
        summary.contains(
            "[deploy/app config.env:2](https://github.com/octo/app/blob/"
                + after
                + "/deploy/app%20config.env#L2)"),
        summary);
    for (String text : List.of(run.out(), run.err(), summary, Files.readString(sarif))) {
      assertFalse(text.contains(token) || text.contains(oldToken), "secrets stay redacted");
    }
  }

  @Test
  void aCleanPushPassesAndStillWritesOutputsAndSummary() throws Exception {
    String after = origin.write("src/main.js", "console.log('hi')\n").commitAll("code");
    Path workspace = checkout();
    Cli.Run run =
        Cli.runWithEnv(
            runner("push", "push.json", workspace, Map.of("BEFORE", base, "AFTER", after)),
            "",
            "github-action",
            "--sarif-file",
            "reports/out.sarif");
    assertEquals(0, run.code(), run.err());
    assertEquals(List.of(), annotations(run));
    assertEquals("0", outputs().get("findings"));
    assertEquals(workspace.resolve("reports/out.sarif").toString(), outputs().get("sarif-file"));
    assertTrue(summary().startsWith("### leakstop: no leaks found"), summary());
  }

  @Test
  void aNewBranchScansTheCommitsNotOnTheDefaultBranch() throws Exception {
    origin.git("checkout", "-q", "-b", "feature");
    String token = TestRule.token();
    String after = origin.write("feature.env", "F=" + token + "\n").commitAll("feature work");
    origin.git("checkout", "-q", "main");
    Path workspace = checkout();
    Cli.Run run =
        Cli.runWithEnv(
            runner("push", "new-branch.json", workspace, Map.of("AFTER", after)),
            "",
            "github-action");
    assertEquals(1, run.code(), run.err());
    assertTrue(run.err().contains("scanning new branch feature: commits not on main"), run.err());
    assertEquals(1, annotations(run).size(), run.out());
    assertTrue(annotations(run).get(0).startsWith("::error file=feature.env,line=1,"), run.out());
  }

  @Test
  void aForcePushScansOnlyWhatIsNew() throws Exception {
    origin.git("checkout", "-q", "-b", "topic");
    String keptToken = TestRule.token();
    origin.write("kept.env", "K=" + keptToken + "\n");
    String oldTip = origin.commitAll("topic work");
    Path workspace = checkout("--no-single-branch");
    // Rewrite topic: same content as before in a new commit, plus a new leak.
    origin.git("reset", "-q", "--hard", base);
    origin.write("kept.env", "K=" + keptToken + "\n");
    origin.commitAll("topic work, rebased");
    String newToken = TestRule.token();
    String newTip = origin.write("new.env", "N=" + newToken + "\n").commitAll("more");
    GitRepo.at(workspace).git("fetch", "-q", "origin", "+topic:refs/remotes/origin/topic");
    Cli.Run run =
        Cli.runWithEnv(
            runner("push", "force-push.json", workspace, Map.of("BEFORE", oldTip, "AFTER", newTip)),
            "",
            "github-action");
    assertEquals(1, run.code(), run.err());
    assertTrue(run.err().contains("scanning force push to topic: "), run.err());
    assertEquals(
        1,
        annotations(run).size(),
        "the rebased copy of an already-pushed secret is not new: " + run.out());
    assertTrue(annotations(run).get(0).startsWith("::error file=new.env,"), run.out());
  }

  @Test
  void aPullRequestScansHeadOverBaseAndABaselineMakesOldLeaksKnown() throws Exception {
    origin.git("checkout", "-q", "-b", "pr");
    String head =
        origin
            .write("pr.env", "P=" + TestRule.token() + "\nQ=" + oldToken + "\n")
            .commitAll("pr work");
    origin.git("checkout", "-q", "main");
    Path workspace = checkout("--no-single-branch");
    Map<String, String> env =
        runner("pull_request", "pull-request.json", workspace, Map.of("BASE", base, "HEAD", head));

    // The old token lives on main already; a baseline written from main makes it known when the PR
    // copies it.
    Path baseline = dir.resolve("baseline.json");
    assertEquals(
        1,
        Cli.run(
                "scan",
                "--files",
                origin.dir().resolve("old.env").toString(),
                "--config",
                origin.dir().resolve(".leakstop.yaml").toString(),
                "--format",
                "json",
                "-o",
                baseline.toString())
            .code());
    Cli.Run run = Cli.runWithEnv(env, "", "github-action", "--baseline", baseline.toString());
    assertEquals(1, run.code(), run.err());
    assertTrue(
        run.err()
            .contains(
                "scanning pull request #7: "
                    + base.substring(0, 12)
                    + ".."
                    + head.substring(0, 12)),
        run.err());
    List<String> annotations = annotations(run);
    assertEquals(2, annotations.size(), run.out());
    assertTrue(annotations.get(0).startsWith("::error file=pr.env,line=1,"), annotations.get(0));
    assertTrue(
        annotations.get(1).startsWith("::warning file=pr.env,line=2,"),
        "known: " + annotations.get(1));
    assertEquals("2", outputs().get("findings"));
    assertEquals("1", outputs().get("new"));
    assertTrue(summary().contains("2 leaks found (1 new, 1 known)"), summary());
  }

  @Test
  void scheduledAndManualRunsScanTheFullHistory() throws Exception {
    origin.write("old.env", "nothing now\n").commitAll("remove the old leak");
    Path workspace = checkout();
    for (String event : List.of("schedule", "workflow_dispatch")) {
      Files.deleteIfExists(dir.resolve("output.txt"));
      Cli.Run run =
          Cli.runWithEnv(
              runner(event, "schedule.json", workspace, Map.of()),
              "",
              "github-action",
              "--fail-on",
              "any");
      assertEquals(1, run.code(), run.err());
      assertTrue(run.err().contains("scanning " + event + ": full history"), run.err());
      assertEquals(
          1, annotations(run).size(), "the leak removed later is still in history: " + run.out());
      assertEquals("1", outputs().get("findings"));
    }
  }

  @Test
  void anUnknownEventIsAClearErrorWithExitTwo() throws Exception {
    Path workspace = checkout();
    Cli.Run run =
        Cli.runWithEnv(runner("issues", "issues.json", workspace, Map.of()), "", "github-action");
    assertEquals(2, run.code());
    assertEquals(
        "leakstop: unsupported event 'issues': leakstop github-action runs on push, pull_request,"
            + " pull_request_target, schedule and workflow_dispatch\n",
        run.err());
    assertFalse(Files.exists(dir.resolve("output.txt")));
  }

  @Test
  void aShallowCheckoutSaysWhichFetchDepthToSet() throws Exception {
    String after = origin.write("a.txt", "1\n").commitAll("one");
    Path workspace = checkout("--depth", "1");
    Cli.Run run =
        Cli.runWithEnv(
            runner("push", "push.json", workspace, Map.of("BEFORE", base, "AFTER", after)),
            "",
            "github-action");
    assertEquals(2, run.code());
    assertEquals(
        "leakstop: push to main: its previous tip "
            + base
            + " is not in the checkout (shallow clone);"
            + " set `fetch-depth: 0` on the actions/checkout step (or at least `fetch-depth: 2`)\n",
        run.err());
  }

  @Test
  void outsideARunnerItSaysWhatIsMissing() {
    Cli.Run run = Cli.runWithEnv(Map.of("GITHUB_WORKSPACE", dir.toString()), "", "github-action");
    assertEquals(2, run.code());
    assertEquals(
        "leakstop: GITHUB_EVENT_NAME is not set: run `leakstop github-action` inside a GitHub Actions job\n",
        run.err());
  }

  @Test
  void theActionDeclaresExactlyTheOutputsTheCommandWrites() throws Exception {
    String after = origin.write("a.txt", "1\n").commitAll("one");
    Path workspace = checkout();
    assertEquals(
        0,
        Cli.runWithEnv(
                runner("push", "push.json", workspace, Map.of("BEFORE", base, "AFTER", after)),
                "",
                "github-action")
            .code());
    JsonNode action =
        new ObjectMapper(new YAMLFactory())
            .readTree(Path.of("../github-action/action.yml").toFile());
    Set<String> declared = new TreeSet<>();
    action.get("outputs").fieldNames().forEachRemaining(declared::add);
    assertEquals(new TreeSet<>(outputs().keySet()), declared);
    Set<String> inputs = new TreeSet<>();
    action.get("inputs").fieldNames().forEachRemaining(inputs::add);
    assertEquals(Set.of("baseline", "extra-args", "fail-on", "revoke", "sarif-file"), inputs);
  }
}
