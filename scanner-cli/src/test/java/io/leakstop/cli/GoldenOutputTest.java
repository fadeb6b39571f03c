package io.leakstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakstop.rules.Checksums;
import io.leakstop.testing.CatalogueSimulator;
import io.leakstop.testing.GitRepo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exact bytes a user sees: standard output, standard error and exit code of each command on
 * fixed fixtures, in every report format, compared with the files under {@code
 * src/test/resources/golden/}. A refactoring that keeps these passing changed nothing a user sees.
 *
 * <p>Stable by construction: tokens come from a seeded generator (valid checksums, so never
 * committed: only their redacted form is in the goldens), commits have fixed author, committer and
 * dates. Masked, because they vary from run to run: the temporary folder ({@code <TMP>}), the
 * loopback port of the issuer simulator ({@code <PORT>}), durations ({@code <DURATION>}: the
 * summary line's seconds, JSON's durationMs, JUnit's time), and clock timestamps and run ids
 * ({@code <TIME>}, {@code <UUID>}). See {@link #mask}.
 *
 * <p>To rewrite the goldens after an intended change of output: {@code mvn -B -q -pl scanner-cli
 * -am test -Dtest=GoldenOutputTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dleakstop.regenerate=true}
 */
class GoldenOutputTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");
  private static final boolean REGENERATE = Boolean.getBoolean("leakstop.regenerate");
  private static final List<String> FORMATS =
      List.of("text", "json", "sarif", "junit", "markdown", "github", "gitleaks-json");

  @TempDir static Path tmp;
  static Path files;
  static Path clean;
  static Path history;
  static String first;
  static String second;
  static String third;
  static String github;
  static String githubDead;
  static String testToken;
  static String historyToken;
  static CatalogueSimulator issuer;
  static Map<String, String> env;

  /** Seeded, so the same tokens (and fingerprints) every run. */
  private static final Random SEEDED = new Random(15);

  private static String seeded(int length) {
    String alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < length; i++) {
      s.append(alnum.charAt(SEEDED.nextInt(alnum.length())));
    }
    return s.toString();
  }

  private static String githubPat() {
    return Checksums.GITHUB.complete("ghp_" + seeded(30));
  }

  @BeforeAll
  static void fixtures() throws IOException {
    github = githubPat();
    githubDead = githubPat();
    testToken = "tstk_" + seeded(32);
    historyToken = "tstk_" + seeded(32);

    files = tmp.resolve("files");
    TestRule.configure(files);
    Files.writeString(
        files.resolve("app.env"), "# app settings\nTOKEN=" + testToken + "\nDEBUG=false\n");
    Files.createDirectories(files.resolve("deploy"));
    Files.writeString(
        files.resolve("deploy/ci.yml"),
        "steps:\n  - run: deploy\n    env:\n      GH: "
            + github
            + "\n      OLD: "
            + githubDead
            + "\n");
    Files.writeString(files.resolve("README.md"), "nothing secret here\n");

    clean = tmp.resolve("clean");
    Files.createDirectories(clean);
    Files.writeString(clean.resolve("main.py"), "print('hello')\n");

    history = tmp.resolve("history");
    GitRepo repo = GitRepo.init(history).date("2024-01-10T09:00:00Z");
    TestRule.configure(history);
    repo.write("README.md", "app\n");
    first = repo.commitAll("initial");
    repo.date("2024-02-10T09:00:00Z").write("config/app.env", "TOKEN=" + historyToken + "\n");
    second = repo.commitAll("add config");
    repo.date("2024-03-10T09:00:00Z").write("config/app.env", "TOKEN=from-the-vault\n");
    third = repo.commitAll("move the token to the vault");

    issuer =
        CatalogueSimulator.start("github")
            .live(github, "octocat", List.of("repo"), "2030-01-02 03:04:05 UTC")
            .revoked(githubDead);
    env = new HashMap<>();
    env.put("HOME", tmp.resolve("home").toString());
    env.put("XDG_STATE_HOME", tmp.resolve("state").toString());
    env.put(issuer.env().getKey(), issuer.env().getValue());
  }

  @AfterAll
  static void stop() {
    issuer.close();
  }

  // ---- scan: files in every format

  @Test
  void scanFilesInEveryFormat() throws IOException {
    for (String format : FORMATS) {
      golden("scan-files-" + format, run("scan", files.toString(), "--files", "--format", format));
    }
  }

  @Test
  void scanFilesWithReportsWrittenToFiles() throws IOException {
    Path out = tmp.resolve("reports");
    Cli.Run run =
        run(
            "scan",
            files.toString(),
            "--files",
            "-o",
            out.resolve("main.json").toString(),
            "--report",
            "sarif=" + out.resolve("extra.sarif"),
            "--report",
            "markdown=" + out.resolve("extra.md"));
    golden(
        "scan-files-output-files",
        run,
        out.resolve("main.json"),
        out.resolve("extra.sarif"),
        out.resolve("extra.md"));
  }

  @Test
  void scanStandardInput() throws IOException {
    golden(
        "scan-stdin",
        Cli.runWithEnv(env, "log line\nexport GH=" + github + "\n", "scan", "--stdin"));
  }

  @Test
  void scanWithNothingFound() throws IOException {
    golden("scan-clean-text", run("scan", clean.toString(), "--files"));
    golden("scan-clean-json", run("scan", clean.toString(), "--files", "--format", "json"));
  }

  // ---- scan: git history

  @Test
  void scanHistory() throws IOException {
    golden("scan-history-text", run("scan", history.toString()));
    golden("scan-history-json", run("scan", history.toString(), "--format", "json"));
    golden("scan-history-sarif", run("scan", history.toString(), "--format", "sarif"));
  }

  @Test
  void scanRangeAndSince() throws IOException {
    golden("scan-range", run("scan", history.toString(), "--range", first + ".." + third));
    golden("scan-range-empty", run("scan", history.toString(), "--range", second + ".." + third));
    golden("scan-since", run("scan", history.toString(), "--since", "2024-03-01"));
    golden(
        "scan-branch", run("scan", history.toString(), "--branch", "main", "--format", "markdown"));
  }

  @Test
  void scanStagedChanges() throws IOException {
    Path staged = tmp.resolve("staged");
    GitRepo repo = GitRepo.init(staged).date("2024-01-10T09:00:00Z");
    TestRule.configure(staged);
    repo.write("README.md", "app\n").commitAll("initial");
    repo.write("deploy.env", "TOKEN=" + testToken + "\n").git("add", "deploy.env");
    golden("scan-staged", run("scan", staged.toString(), "--staged"));
  }

  // ---- scan: verification and revocation against the loopback issuer

  @Test
  void scanWithVerification() throws IOException {
    golden("scan-verify-text", run("scan", files.toString(), "--files", "--verify"));
    golden(
        "scan-verify-json",
        run("scan", files.toString(), "--files", "--verify", "--format", "json"));
    golden(
        "scan-only-active",
        run("scan", files.toString(), "--files", "--only-active", "--fail-on", "active"));
  }

  @Test
  void scanWithRevocationDryRun() throws IOException {
    golden(
        "scan-revoke-dry-run",
        run(
            "scan",
            files.toString(),
            "--files",
            "--revoke",
            "--dry-run",
            "--audit-log",
            tmp.resolve("dry-audit.jsonl").toString()));
  }

  @Test
  void revokeDryRun() throws IOException {
    golden(
        "revoke-dry-run",
        Cli.runWithEnv(
            env,
            github + "\nnot a secret\n" + githubDead + "\n",
            "revoke",
            "--dry-run",
            "--audit-log",
            tmp.resolve("revoke-audit.jsonl").toString()));
  }

  // ---- bad input

  @Test
  void badInputIsOneLineAndExitTwo() throws IOException {
    Path broken = tmp.resolve("broken");
    Files.createDirectories(broken);
    Files.writeString(broken.resolve(".leakstop.yaml"), "rules:\n  - id: [unclosed\n");
    Files.writeString(broken.resolve("a.txt"), "x\n");
    golden("bad-config", run("scan", broken.toString(), "--files"));
    golden("bad-format", run("scan", files.toString(), "--files", "--format", "yaml"));
    golden("bad-range", run("scan", history.toString(), "--range", "main...HEAD"));
    golden("bad-since", run("scan", history.toString(), "--since", "last tuesday"));
    golden("bad-path", run("scan", tmp.resolve("missing").toString()));
    golden(
        "bad-verify-timeout",
        run("scan", files.toString(), "--files", "--verify", "--verify-timeout", "soon"));
    golden("bad-dry-run", run("scan", files.toString(), "--files", "--dry-run"));
    golden("bad-fail-on", run("scan", files.toString(), "--files", "--fail-on", "sometimes"));
  }

  // ---- gitleaks' command names

  @Test
  void gitleaksCommands() throws IOException {
    golden("gitleaks-dir", run("dir", files.toString(), "-f", "json"));
    golden(
        "gitleaks-git",
        run("git", history.toString(), "--log-opts", first + ".." + third, "--exit-code", "7"));
  }

  // ---- the GitHub Action

  @Test
  void githubActionOnAPush() throws IOException {
    Path workspace = tmp.resolve("workspace");
    GitRepo.at(tmp).git("clone", "-q", "file://" + history, workspace.toString());
    String payload;
    try (InputStream in = getClass().getResourceAsStream("/github-events/push.json")) {
      payload =
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .replace("{{BEFORE}}", first)
              .replace("{{AFTER}}", third);
    }
    Path event = tmp.resolve("push.json");
    Files.writeString(event, payload);
    Path runner = Files.createDirectories(tmp.resolve("runner"));
    Map<String, String> actionEnv = new HashMap<>(env);
    actionEnv.put("GITHUB_ACTIONS", "true");
    actionEnv.put("GITHUB_EVENT_NAME", "push");
    actionEnv.put("GITHUB_EVENT_PATH", event.toString());
    actionEnv.put("GITHUB_WORKSPACE", workspace.toString());
    actionEnv.put("GITHUB_STEP_SUMMARY", runner.resolve("summary.md").toString());
    actionEnv.put("GITHUB_OUTPUT", runner.resolve("output.txt").toString());
    actionEnv.put("GITHUB_API_URL", "https://api.github.com");
    actionEnv.put("GITHUB_SERVER_URL", "https://github.com");
    actionEnv.put("GITHUB_REPOSITORY", "octo/app");
    golden(
        "github-action-push",
        Cli.runWithEnv(actionEnv, "", "github-action"),
        runner.resolve("summary.md"),
        runner.resolve("output.txt"),
        workspace.resolve("leakstop.sarif"));
  }

  // ---- the sweep and the report command on its state

  @Test
  void sweepOfLocalTargetsThenReportMerge() throws IOException {
    Path sweep = tmp.resolve("sweep");
    Path other = tmp.resolve("sweep-clean");
    GitRepo.init(other).date("2024-01-10T09:00:00Z").write("a.txt", "nothing\n").commitAll("one");
    Files.createDirectories(sweep);
    Path targets = sweep.resolve("targets.txt");
    Files.writeString(targets, "# two local repositories\n" + history + "\n" + other + "\n");
    Path config = sweep.resolve("config.yaml");
    Files.writeString(config, TestRule.CONFIG);
    Path state = sweep.resolve("state.json");
    Path reports = sweep.resolve("report");
    List<String> sweepArgs =
        List.of(
            "sweep",
            "--targets",
            targets.toString(),
            "--cache",
            sweep.resolve("cache").toString(),
            "--state",
            state.toString(),
            "--report-dir",
            reports.toString(),
            "--config",
            config.toString(),
            "--no-verify",
            "--parallel",
            "1");
    golden(
        "sweep-local",
        run(
            java.util.stream.Stream.concat(
                    sweepArgs.stream(), java.util.stream.Stream.of("--format", "json,text"))
                .toArray(String[]::new)),
        reports.resolve("combined.json"),
        reports.resolve("combined.txt"));
    golden("sweep-local-again", run(sweepArgs.toArray(String[]::new)));
    golden(
        "report-merge",
        run(
            "report",
            "merge",
            state.toString(),
            "--html",
            sweep.resolve("merged.html").toString()));
    golden("report-merge-missing", run("report", "merge", sweep.resolve("nope.json").toString()));
  }

  private static Cli.Run run(String... args) {
    return Cli.runWithEnv(env, "", args);
  }

  /**
   * Compares (or with -Dleakstop.regenerate=true writes) the golden {@code name}: the run and the
   * files it wrote.
   */
  private static void golden(String name, Cli.Run run, Path... written) throws IOException {
    StringBuilder text = new StringBuilder();
    text.append("== exit\n").append(run.code()).append('\n');
    text.append("== stdout\n").append(run.out());
    text.append("== stderr\n").append(run.err());
    for (Path file : written) {
      text.append("== file ").append(tmp.relativize(file)).append('\n');
      text.append(Files.exists(file) ? Files.readString(file) : "(not written)\n");
    }
    String actual = mask(text.toString());
    for (String secret : List.of(github, githubDead, testToken, historyToken)) {
      assertFalse(actual.contains(secret), name + ": a secret in full");
    }
    Path file = GOLDEN.resolve(name + ".txt");
    if (REGENERATE) {
      Files.createDirectories(GOLDEN);
      Files.writeString(file, actual);
    }
    assertTrue(Files.exists(file), file + " is missing; rerun with -Dleakstop.regenerate=true");
    assertEquals(Files.readString(file), actual, name + " differs from " + file);
  }

  /** The summary line's seconds ("388 B, 0.01 s"), JSON's durationMs, JUnit's time attribute. */
  private static final Pattern DURATION =
      Pattern.compile(
          "(?<=B, )\\d+\\.\\d\\d s|(?<=\"durationMs\" : )\\d+|(?<= time=\")[0-9.]+(?=\")");

  private static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern TIME =
      Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?Z");

  /**
   * Only what truly varies between runs; everything else is compared byte for byte. The temporary
   * folder also shows by its own name (a swept repository's key is its last two path segments).
   */
  static String mask(String text) {
    String out =
        text.replace(tmp.toString(), "<TMP>").replace(tmp.getFileName().toString(), "<TMP>");
    out = out.replace(issuer.url(), "http://127.0.0.1:<PORT>");
    out = DURATION.matcher(out).replaceAll("<DURATION>");
    out = UUID.matcher(out).replaceAll("<UUID>");
    Matcher m = TIME.matcher(out);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      // Commit dates of the fixtures are fixed; only the clock's timestamps vary.
      String t = m.group();
      m.appendReplacement(b, t.startsWith("2024-0") || t.startsWith("2030-") ? t : "<TIME>");
    }
    m.appendTail(b);
    return b.toString();
  }
}
