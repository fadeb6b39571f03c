package io.leakstop.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakstop.finding.Finding;
import io.leakstop.testing.CatalogueSimulator;
import io.leakstop.testing.GitDaemon;
import io.leakstop.testing.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepCrashTest {
  @TempDir Path work;

  @Test
  void aSweepKilledMidwayIsFinishedByTheNextWithoutDuplicatesOrSecondRevocations()
      throws Exception {
    Map<String, String> leaks = new TreeMap<>();
    for (String name : List.of("a", "b", "c", "d")) {
      String token = Tokens.githubPat();
      leaks.put(name, token);
      SweepFixture.commit(
          work.resolve("served/acme/" + name), "init", "secrets.env", "GH_TOKEN=" + token + "\n");
    }
    Path state = work.resolve("state.json");
    try (GitDaemon daemon = GitDaemon.serve(work.resolve("served"));
        CatalogueSimulator github =
            CatalogueSimulator.start("github").latency(Duration.ofMillis(150))) {
      leaks.values().forEach(github::live);
      List<String> urls = leaks.keySet().stream().map(n -> daemon.url("acme/" + n)).toList();
      List<String> command =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  SweepChild.class.getName(),
                  work.toString(),
                  github.url()));
      command.addAll(urls);
      Process child =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(work.resolve("child.log").toFile())
              .start();
      try {
        // Generous: the loop ends as soon as one repository is done, and a child JVM on a loaded
        // machine (other builds on the same cores) can take long to get there.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (progress(state) < 1 && child.isAlive() && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertTrue(
            child.isAlive(),
            "the child finished before it could be killed: "
                + Files.readString(work.resolve("child.log")));
      } finally {
        child.destroyForcibly();
        child.waitFor(10, TimeUnit.SECONDS);
      }
      int doneWhenKilled = progress(state);
      assertTrue(
          doneWhenKilled >= 1 && doneWhenKilled < 4,
          "killed mid-way, after " + doneWhenKilled + " repositories");

      github.latency(Duration.ZERO);
      SecretChecks issuer = SweepFixture.issuer(github, work);
      Sweep.Outcome rerun =
          new Sweep(
                  SweepFixture.settings(
                      urls.stream().map(Target::of).toList(),
                      Shard.ALL,
                      work,
                      "state.json",
                      issuer,
                      true,
                      new ArrayList<>()))
              .run();
      assertTrue(rerun.complete());
      assertEquals(
          1,
          rerun.state().runs.size(),
          "the rerun finished the killed sweep rather than starting another");
      List<Finding> reported = rerun.findings().values().stream().flatMap(List::stream).toList();
      assertEquals(
          new ArrayList<>(leaks.values()).stream().sorted().toList(),
          reported.stream().map(Finding::secret).sorted().toList(),
          "every leak reported once, as new in this sweep");
      assertEquals(4, SweepSummary.of(rerun.state()).newSecrets());
      rerun
          .state()
          .findings
          .values()
          .forEach(s -> assertEquals(1, s.sightings.size(), "no duplicate sightings"));
      Map<String, Integer> expected = new TreeMap<>();
      leaks.values().forEach(t -> expected.put(t, 1));
      assertEquals(
          expected,
          SweepFixture.revocations(github),
          "each secret sent to be revoked exactly once, across both processes");
      leaks.values().forEach(t -> assertEquals(CatalogueSimulator.State.REVOKED, github.state(t)));
      assertEquals(4, SweepSummary.of(rerun.state()).revokedSecrets());
    }
  }

  @Test
  void aRevocationInterruptedAfterTheIssuerActedIsNotRepeated() throws Exception {
    String token = Tokens.githubPat();
    SweepFixture.commit(work.resolve("served/acme/app"), "init", "x.env", "T=" + token + "\n");
    try (GitDaemon daemon = GitDaemon.serve(work.resolve("served"));
        CatalogueSimulator github = CatalogueSimulator.start("github").live(token)) {
      List<Target> targets = List.of(Target.of(daemon.url("acme/app")));
      SecretChecks issuer = SweepFixture.issuer(github, work);
      // The issuer revokes, then the process dies before it can record the answer.
      SecretChecks dying =
          new SecretChecks() {
            @Override
            public List<Finding> verify(List<Finding> findings) {
              return issuer.verify(findings);
            }

            @Override
            public List<Finding> revoke(List<Finding> findings) {
              issuer.revoke(findings);
              throw new IllegalStateException("killed");
            }
          };
      Sweep.Outcome first =
          new Sweep(
                  SweepFixture.settings(
                      targets, Shard.ALL, work, "state.json", dying, true, new ArrayList<>()))
              .run();
      assertEquals(
          SweepState.Revoke.Status.PENDING,
          first.state().findings.values().iterator().next().revocation.status());
      Sweep.Outcome second =
          new Sweep(
                  SweepFixture.settings(
                      targets, Shard.ALL, work, "state.json", issuer, true, new ArrayList<>()))
              .run();
      assertEquals(Map.of(token, 1), SweepFixture.revocations(github));
      assertEquals(
          SweepState.Revoke.Status.REVOKED,
          second.state().findings.values().iterator().next().revocation.status());
    }
  }

  private static int progress(Path state) {
    try {
      SweepState s = StateStore.read(state);
      return s.current == null ? (s.runs.isEmpty() ? 0 : 99) : s.current.done.size();
    } catch (Exception e) {
      return 0;
    }
  }
}
