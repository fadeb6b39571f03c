package io.leakstop.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakstop.ExitCodes;
import io.leakstop.scan.Console;
import io.leakstop.scan.UsageException;
import io.leakstop.testing.GitRepo;
import io.leakstop.testing.Tokens;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep and a merge of its state through the plain Java API, without the CLI. */
class SweepRunTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private Console console() {
    return new Console(
        new ByteArrayInputStream(new byte[0]),
        new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        Map.of());
  }

  @Test
  void aSweepOfLocalTargetsFindsThenFindsNothingNewAndItsStateMerges() throws IOException {
    GitRepo leaky = GitRepo.init(dir.resolve("acme/app"));
    leaky.write("k.env", "A=" + Tokens.githubPat() + "\n").commitAll("leak");
    Path targets = dir.resolve("targets.txt");
    Files.writeString(targets, leaky.dir() + "\n");
    Path state = dir.resolve("state.json");
    SweepRequest request =
        SweepRequest.builder()
            .targets(targets)
            .cache(dir.resolve("cache"))
            .state(state)
            .reportDir(dir.resolve("report"))
            .verify(false)
            .parallel(1)
            .build();
    assertEquals(ExitCodes.FINDINGS, SweepRun.run(request, console()));
    assertTrue(
        err.toString(StandardCharsets.UTF_8)
            .contains("swept 1 repositories (shard 1/1): 1 new, 0 active, 0 revoked"),
        err.toString());
    assertTrue(Files.exists(dir.resolve("report/combined.json")));
    assertEquals(ExitCodes.CLEAN, SweepRun.run(request, console()), "nothing new the second time");

    assertEquals(
        ExitCodes.CLEAN,
        new ReportMerge(List.of(state), null, dir.resolve("merged.html"), null).run(console()));
    assertTrue(Files.exists(dir.resolve("merged.html")));
  }

  @Test
  void contradictoryRequestsAreUsageErrors() {
    assertEquals(
        "--revoke needs verification; it cannot be combined with --no-verify",
        assertThrows(
                UsageException.class,
                () ->
                    SweepRun.run(
                        SweepRequest.builder().targets(dir).verify(false).revoke(true).build(),
                        console()))
            .getMessage());
    assertEquals(
        "nothing to sweep: give --targets FILE, --github-org ORG or --gitlab-group GROUP",
        assertThrows(
                UsageException.class, () -> SweepRun.run(SweepRequest.builder().build(), console()))
            .getMessage());
    assertTrue(
        assertThrows(
                UsageException.class,
                () ->
                    new ReportMerge(List.of(dir.resolve("none.json")), null, dir, null)
                        .run(console()))
            .getMessage()
            .endsWith("none.json: no such file"));
  }

  @Test
  void theSweepExitCodeComesFromTheOneRule() {
    assertEquals(ExitCodes.INCOMPLETE, new SweepSummary(1, 1, 1, 0, 0, Map.of()).exitCode(false));
    assertEquals(ExitCodes.FINDINGS, new SweepSummary(1, 1, 0, 1, 0, Map.of()).exitCode(true));
    assertEquals(ExitCodes.CLEAN, new SweepSummary(1, 1, 0, 0, 1, Map.of()).exitCode(true));
  }
}
