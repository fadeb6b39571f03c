package io.leakstop.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakstop.ExitCodes;
import io.leakstop.finding.Revocation;
import io.leakstop.finding.Verification;
import io.leakstop.testing.CatalogueSimulator;
import io.leakstop.testing.GitRepo;
import io.leakstop.testing.Tokens;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole scan through the plain Java API: a request in, a result with its exit code out, no CLI.
 */
class PipelineTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private Pipeline pipeline(Map<String, String> env, String input) {
    return new Pipeline(
        new Console(
            new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            env));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private static ScanRequest files(Path root, Outputs outputs) {
    return ScanRequest.builder()
        .source(SourceChoice.builder().path(root).files(true).build())
        .outputs(outputs)
        .build();
  }

  @Test
  void aFolderWithALeakEndsWithFindingsAndTheReportOnStandardOutput() throws IOException {
    String token = Tokens.githubPat();
    Files.writeString(dir.resolve("app.env"), "X=1\nGH=" + token + "\n");
    PipelineResult result =
        pipeline(Map.of(), "").run(files(dir, Outputs.builder().format("json").build()));
    assertEquals(ExitCodes.FINDINGS, result.exitCode());
    assertEquals(1, result.findings().size());
    assertEquals("github-pat", result.findings().get(0).ruleId());
    assertEquals(2, result.findings().get(0).location().line());
    assertTrue(result.problems().isEmpty());
    assertTrue(out().contains("\"path\" : \"app.env\""), out());
    assertTrue(
        err().startsWith("1 leak found in 1 item"),
        "the summary goes to stderr beside a JSON report: " + err());
    assertFalse(out().contains(token) || err().contains(token), "redacted");
  }

  @Test
  void aCleanFolderEndsCleanAndAFailPolicyOfActiveNeedsAVerifiedSecret() throws IOException {
    Files.writeString(dir.resolve("a.txt"), "nothing\n");
    assertEquals(
        ExitCodes.CLEAN,
        pipeline(Map.of(), "").run(files(dir, Outputs.builder().build())).exitCode());
    Files.writeString(dir.resolve("b.env"), "GH=" + Tokens.githubPat() + "\n");
    PipelineResult unverified =
        pipeline(Map.of(), "").run(files(dir, Outputs.builder().failOn("active").build()));
    assertEquals(ExitCodes.CLEAN, unverified.exitCode(), "nothing verified active");
    assertTrue(err().contains("--fail-on active: no finding was verified (add --verify)"), err());
  }

  @Test
  void standardInputIsScannedFromTheConsole() throws IOException {
    ScanRequest request =
        ScanRequest.builder().source(SourceChoice.builder().stdin(true).build()).build();
    PipelineResult result = pipeline(Map.of(), "log\nGH=" + Tokens.githubPat() + "\n").run(request);
    assertEquals(ExitCodes.FINDINGS, result.exitCode());
    assertEquals("<stdin>", result.findings().get(0).location().path());
  }

  @Test
  void aRangeScansOnlyWhatItsTipAddsAndSinceLeavesOutOlderCommits() throws IOException {
    GitRepo repo = GitRepo.init(dir.resolve("repo")).date("2024-01-10T09:00:00Z");
    repo.write("old.env", "A=" + Tokens.githubPat() + "\n");
    String first = repo.commitAll("old leak");
    repo.date("2024-03-10T09:00:00Z").write("new.env", "B=" + Tokens.githubPat() + "\n");
    String second = repo.commitAll("new leak");
    SourceChoice range =
        SourceChoice.builder().path(repo.dir()).range(first + ".." + second).build();
    PipelineResult ranged = pipeline(Map.of(), "").run(ScanRequest.builder().source(range).build());
    assertEquals(
        List.of("new.env"), ranged.findings().stream().map(f -> f.location().path()).toList());
    SourceChoice since = SourceChoice.builder().path(repo.dir()).since("2024-02-01").build();
    assertEquals(
        1,
        pipeline(Map.of(), "").run(ScanRequest.builder().source(since).build()).findings().size());
    PipelineResult all =
        pipeline(Map.of(), "")
            .run(
                ScanRequest.builder()
                    .source(SourceChoice.builder().path(repo.dir()).build())
                    .build());
    assertEquals(2, all.findings().size());
  }

  @Test
  void whatWasAskedWronglyIsAOneLineUsageException() {
    Pipeline pipeline = pipeline(Map.of(), "");
    UsageException range =
        assertThrows(
            UsageException.class,
            () ->
                pipeline.run(
                    ScanRequest.builder()
                        .source(SourceChoice.builder().path(dir).range("a...b").build())
                        .build()));
    assertEquals(
        "--range: " + dir + " is not a git repository (its top folder or a bare repository)",
        range.getMessage());
    UsageException both =
        assertThrows(
            UsageException.class,
            () ->
                pipeline.run(
                    ScanRequest.builder()
                        .source(SourceChoice.builder().stdin(true).files(true).build())
                        .build()));
    assertTrue(both.getMessage().startsWith("--stdin scans standard input"), both.getMessage());
    UsageException format =
        assertThrows(
            UsageException.class,
            () -> pipeline.run(files(dir, Outputs.builder().format("yaml").build())));
    assertTrue(format.getMessage().startsWith("unknown format 'yaml'"), format.getMessage());
    UsageException size =
        assertThrows(
            UsageException.class,
            () ->
                pipeline.run(
                    ScanRequest.builder()
                        .source(SourceChoice.builder().path(dir).files(true).build())
                        .detection(Detection.builder().maxFileSize("huge").build())
                        .build()));
    assertTrue(size.getMessage().startsWith("--max-file-size: "), size.getMessage());
    assertEquals("", out(), "nothing reported");
  }

  @Test
  void datesAndDurationsAreParsedInCore() {
    assertEquals(
        java.time.Instant.parse("2024-01-31T12:00:00Z"),
        SourceChoice.parseDate("2024-01-31T12:00:00Z"));
    assertEquals(
        "--since: 'yesterday' is not a date (use 2024-01-31 or 2024-01-31T12:00:00Z)",
        assertThrows(UsageException.class, () -> SourceChoice.parseDate("yesterday")).getMessage());
    assertEquals(Duration.ofSeconds(45), IssuerPolicy.parseDuration("45"));
    assertEquals(Duration.ofMillis(500), IssuerPolicy.parseDuration("500ms"));
    assertEquals(Duration.ofMinutes(2), IssuerPolicy.parseDuration(" 2M "));
    assertThrows(UsageException.class, () -> IssuerPolicy.parseDuration("0s"));
    assertThrows(UsageException.class, () -> IssuerPolicy.parseDuration("soon"));
  }

  @Test
  void oneExitCodeRuleAndOneThreadCap() {
    assertEquals(ExitCodes.INCOMPLETE, ExitCodes.of(false, true));
    assertEquals(ExitCodes.INCOMPLETE, ExitCodes.of(false, false));
    assertEquals(ExitCodes.FINDINGS, ExitCodes.of(true, true));
    assertEquals(ExitCodes.CLEAN, ExitCodes.of(true, false));
    List<String> notices = new ArrayList<>();
    assertEquals(
        ThreadCount.max(), ThreadCount.capped("--threads", ThreadCount.max() + 1, notices::add));
    assertEquals(
        List.of(
            "--threads "
                + (ThreadCount.max() + 1)
                + " is more than 4 per core; using "
                + ThreadCount.max()),
        notices);
    assertEquals(1, ThreadCount.capped("--threads", 1, notices::add));
    assertEquals(1, notices.size(), "no notice when not capped");
  }

  @Test
  void verificationAndADryRunRevocationAgainstALoopbackIssuer() throws IOException {
    String live = Tokens.githubPat();
    String dead = Tokens.githubPat();
    try (CatalogueSimulator github = CatalogueSimulator.start("github").live(live).revoked(dead)) {
      Map<String, String> env =
          Map.of(
              github.env().getKey(),
              github.env().getValue(),
              "HOME",
              dir.resolve("home").toString());
      Files.writeString(dir.resolve("k.env"), "A=" + live + "\nB=" + dead + "\n");
      IssuerPolicy verify = IssuerPolicy.builder().verify(true).build();
      PipelineResult verified =
          pipeline(env, "")
              .run(
                  ScanRequest.builder()
                      .source(SourceChoice.builder().path(dir).files(true).build())
                      .issuers(verify)
                      .build());
      assertEquals(
          List.of(Verification.Status.ACTIVE, Verification.Status.INACTIVE),
          verified.findings().stream().map(f -> f.verification().status()).toList());
      assertTrue(err().contains("leakstop: verified: 1 active, 1 inactive"), err());

      PipelineResult dry =
          pipeline(env, live + "\n")
              .revoke(
                  null,
                  new IssuerPolicy.Calls(true, dir.resolve("audit.jsonl"), "10s"),
                  Outputs.builder().build());
      assertEquals(ExitCodes.CLEAN, dry.exitCode());
      assertEquals(Revocation.Status.SKIPPED, dry.findings().get(0).revocation().status());
      assertEquals(CatalogueSimulator.State.LIVE, github.state(live), "a dry run revokes nothing");
      assertThrows(
          UsageException.class,
          () ->
              pipeline(env, "")
                  .run(
                      ScanRequest.builder()
                          .source(SourceChoice.builder().path(dir).files(true).build())
                          .issuers(
                              IssuerPolicy.builder()
                                  .calls(new IssuerPolicy.Calls(true, null, null))
                                  .build())
                          .build()),
          "--dry-run without --revoke");
    }
  }

  @Test
  void aStagedScanWithFindingsSaysTheCommitIsBlocked() throws IOException {
    GitRepo repo = GitRepo.init(dir.resolve("staged"));
    repo.write("a.txt", "a\n").commitAll("one");
    repo.write("k.env", "A=" + Tokens.githubPat() + "\n").git("add", "k.env");
    PipelineResult result =
        pipeline(Map.of(), "")
            .run(
                ScanRequest.builder()
                    .source(SourceChoice.builder().path(repo.dir()).staged(true).build())
                    .build());
    assertEquals(ExitCodes.FINDINGS, result.exitCode());
    assertTrue(err().startsWith("leakstop: commit blocked: 1 secret in staged changes"), err());
    assertNull(SourceChoice.builder().stdin(true).build().root());
  }
}
