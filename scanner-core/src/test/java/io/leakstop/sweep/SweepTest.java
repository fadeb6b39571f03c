package io.leakstop.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakstop.ExitCodes;
import io.leakstop.finding.Finding;
import io.leakstop.testing.CatalogueSimulator;
import io.leakstop.testing.GitDaemon;
import io.leakstop.testing.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepTest {
  @TempDir Path work;

  private Path served() {
    return work.resolve("served");
  }

  @Test
  void firstSweepFindsAndRevokesSecondScansNothingThirdFindsOnlyTheNewLeak() throws Exception {
    String first = Tokens.githubPat();
    String second = Tokens.githubPat();
    SweepFixture.commit(
        served().resolve("acme/app"),
        "config",
        "config/app.yml",
        "token: " + first + "\n",
        "README.md",
        "app\n");
    SweepFixture.commit(served().resolve("acme/lib"), "init", "src/lib.py", "print('clean')\n");
    try (GitDaemon daemon = GitDaemon.serve(served());
        CatalogueSimulator github = CatalogueSimulator.start("github").live(first).live(second)) {
      SecretChecks issuer = SweepFixture.issuer(github, work);
      List<Target> targets =
          List.of(Target.of(daemon.url("acme/app")), Target.of(daemon.url("acme/lib")));
      List<String> log = new ArrayList<>();

      Sweep.Outcome one =
          new Sweep(
                  SweepFixture.settings(targets, Shard.ALL, work, "state.json", issuer, true, log))
              .run();
      assertTrue(one.complete(), log.toString());
      assertEquals(List.of(first), secrets(one));
      Finding found = one.findings().values().iterator().next().get(0);
      assertEquals("acme/app/config/app.yml", found.location().path());
      assertEquals("revoked", found.revocation().status().label());
      assertEquals(Map.of(first, 1), SweepFixture.revocations(github));
      assertEquals(CatalogueSimulator.State.REVOKED, github.state(first));
      assertTrue(
          Files.isDirectory(
              new MirrorCache(work.resolve("cache")).folder(targets.get(0)).resolve("objects")),
          "mirrored");
      SweepSummary s1 = SweepSummary.of(one.state());
      assertEquals(1, s1.newSecrets());
      assertEquals(1, s1.revokedSecrets());
      assertFalse(
          Files.readString(work.resolve("state.json")).contains(first),
          "the state never holds a raw secret");

      Sweep.Outcome two =
          new Sweep(
                  SweepFixture.settings(targets, Shard.ALL, work, "state.json", issuer, true, log))
              .run();
      assertTrue(two.complete());
      assertEquals(
          0,
          two.repositories().stream().mapToLong(Sweep.RepoOutcome::items).sum(),
          "nothing new was scanned");
      assertEquals(0, two.repositories().stream().mapToInt(Sweep.RepoOutcome::newTips).sum());
      assertEquals(List.of(), secrets(two));
      assertEquals(ExitCodes.CLEAN, two.exitCode());
      assertEquals(Map.of(first, 1), SweepFixture.revocations(github), "nothing revoked again");
      assertEquals(
          1,
          github.requests().stream().filter(r -> r.path().contains("revoke")).count(),
          "one revoke request in all");

      SweepFixture.commit(
          served().resolve("acme/lib"), "oops", "src/settings.py", "TOKEN = '" + second + "'\n");
      Sweep.Outcome three =
          new Sweep(
                  SweepFixture.settings(targets, Shard.ALL, work, "state.json", issuer, true, log))
              .run();
      assertEquals(List.of(second), secrets(three));
      assertEquals(
          Map.of("acme/app", 0, "acme/lib", 1),
          three.repositories().stream()
              .collect(
                  Collectors.toMap(
                      r -> Target.of(r.key()).shortName(),
                      Sweep.RepoOutcome::newTips,
                      (a, b) -> a,
                      TreeMap::new)));
      assertEquals(
          1,
          three.repositories().stream().mapToLong(Sweep.RepoOutcome::items).sum(),
          "only the new blob");
      assertEquals(Map.of(first, 1, second, 1), SweepFixture.revocations(github));
      assertEquals(
          ExitCodes.FINDINGS, three.exitCode(), "a new leak is news even when already revoked");
      assertEquals(3, three.state().runs.size());
    }
  }

  @Test
  void aFailingRepositoryIsReportedAndTheOthersAreSwept() throws Exception {
    String leak = Tokens.githubPat();
    SweepFixture.commit(served().resolve("acme/app"), "config", "app.env", "GH=" + leak + "\n");
    try (GitDaemon daemon = GitDaemon.serve(served())) {
      List<Target> targets =
          List.of(
              Target.of(daemon.url("acme/missing")),
              Target.of(daemon.url("acme/app")),
              Target.of("git://127.0.0.1:1/acme/down"));
      List<String> log = new ArrayList<>();
      Sweep.Outcome outcome =
          new Sweep(SweepFixture.settings(targets, Shard.ALL, work, "state.json", null, false, log))
              .run();
      assertFalse(outcome.complete());
      assertEquals(ExitCodes.INCOMPLETE, outcome.exitCode());
      assertEquals(List.of(leak), secrets(outcome));
      Map<String, String> failed = SweepSummary.of(outcome.state()).failed();
      assertEquals(
          Set.of(targets.get(0).key(), targets.get(2).key()), failed.keySet(), failed.toString());
      assertTrue(
          failed.get(targets.get(2).key()).contains("127.0.0.1:1")
              || failed.get(targets.get(2).key()).toLowerCase().contains("connect"),
          failed.toString());
      assertTrue(log.stream().anyMatch(l -> l.startsWith("acme/missing: FAILED")), log.toString());
    }
  }

  @Test
  void aCorruptRepositoryFailsThatRepositoryOnly() throws Exception {
    SweepFixture.commit(served().resolve("acme/app"), "init", "a.txt", "hello\n");
    SweepFixture.commit(
        served().resolve("acme/lib"), "init", "b.txt", "world " + Tokens.githubPat() + "\n");
    try (GitDaemon daemon = GitDaemon.serve(served())) {
      List<Target> targets =
          List.of(Target.of(daemon.url("acme/app")), Target.of(daemon.url("acme/lib")));
      new Sweep(
              SweepFixture.settings(
                  targets, Shard.ALL, work, "state.json", null, false, new ArrayList<>()))
          .run();
      SweepFixture.commit(served().resolve("acme/app"), "more", "c.txt", "x\n");
      SweepFixture.commit(served().resolve("acme/lib"), "more", "d.txt", "y\n");
      // Every object of the served app is now garbage: the server cannot send a pack.
      try (var files = Files.walk(served().resolve("acme/app/.git/objects"))) {
        for (Path object : files.filter(Files::isRegularFile).toList()) {
          Files.write(object, new byte[] {'g', 'a', 'r', 'b', 'a', 'g', 'e'});
        }
      }
      Sweep.Outcome outcome =
          new Sweep(
                  SweepFixture.settings(
                      targets, Shard.ALL, work, "state.json", null, false, new ArrayList<>()))
              .run();
      assertEquals(ExitCodes.INCOMPLETE, outcome.exitCode());
      assertEquals(
          Set.of(targets.get(0).key()), SweepSummary.of(outcome.state()).failed().keySet());
      assertEquals(1, outcome.repositories().get(1).newTips(), "the healthy repository was swept");
    }
  }

  @Test
  void twoShardsMergedEqualOneUnshardedSweep() throws Exception {
    List<String> names = List.of("a", "b", "c", "d", "e", "f", "g");
    for (String name : names) {
      SweepFixture.commit(
          served().resolve("acme/" + name),
          "init",
          "k.txt",
          name.compareTo("d") < 0 ? "t=" + Tokens.githubPat() + "\n" : "nothing\n");
    }
    SweepFixture.commit(
        served().resolve("acme/shared"), "init", "k.txt", "t=" + Tokens.githubPat() + "\n");
    try (GitDaemon daemon = GitDaemon.serve(served());
        CatalogueSimulator github = CatalogueSimulator.start("github")) {
      List<Target> targets = new ArrayList<>();
      for (String name : names) {
        targets.add(Target.of(daemon.url("acme/" + name)));
      }
      targets.add(Target.of(daemon.url("acme/shared")));
      assertFalse(new Shard(1, 2).select(targets).isEmpty());
      assertFalse(new Shard(2, 2).select(targets).isEmpty());
      SecretChecks issuer = SweepFixture.issuer(github, work);
      Sweep.Outcome all =
          new Sweep(
                  SweepFixture.settings(
                      targets, Shard.ALL, work, "all.json", issuer, false, new ArrayList<>()))
              .run();
      Sweep.Outcome s1 =
          new Sweep(
                  SweepFixture.settings(
                      targets, new Shard(1, 2), work, "s1.json", issuer, false, new ArrayList<>()))
              .run();
      Sweep.Outcome s2 =
          new Sweep(
                  SweepFixture.settings(
                      targets, new Shard(2, 2), work, "s2.json", issuer, false, new ArrayList<>()))
              .run();
      SweepState merged =
          StateMerge.merge(
              List.of(
                  StateStore.read(work.resolve("s1.json")),
                  StateStore.read(work.resolve("s2.json"))));
      assertEquals(view(all.state()), view(merged));
      assertEquals(4, merged.findings.size());
      assertEquals(SweepSummary.of(all.state()).newSecrets(), SweepSummary.of(merged).newSecrets());
      assertEquals(
          SweepSummary.of(all.state()).activeSecrets(), SweepSummary.of(merged).activeSecrets());
      assertEquals(
          view(merged), view(StateMerge.merge(List.of(merged, merged))), "merging is idempotent");
      assertEquals(s1.findings().size() + s2.findings().size(), all.findings().size());
    }
  }

  /** A state without its times and run ids: what two equivalent sweeps must agree on. */
  static String view(SweepState state) {
    StringBuilder s = new StringBuilder();
    state.repositories.forEach(
        (key, repo) ->
            s.append(key)
                .append(' ')
                .append(new java.util.TreeSet<>(repo.scannedTips))
                .append(' ')
                .append(repo.lastError)
                .append('\n'));
    state.findings.forEach(
        (fp, secret) -> {
          s.append(fp)
              .append(' ')
              .append(secret.ruleId)
              .append(' ')
              .append(secret.redacted)
              .append(' ')
              .append(SweepSummary.status(secret))
              .append('\n');
          secret.sightings.stream()
              .map(
                  x ->
                      x.repository()
                          + " "
                          + x.path()
                          + ":"
                          + x.line()
                          + " "
                          + x.blob()
                          + " "
                          + x.commit())
              .sorted()
              .forEach(x -> s.append("  ").append(x).append('\n'));
        });
    return s.toString();
  }

  private static List<String> secrets(Sweep.Outcome outcome) {
    return outcome.findings().values().stream()
        .flatMap(List::stream)
        .filter(
            f -> outcome.run().id.equals(outcome.state().findings.get(f.fingerprint()).firstSweep))
        .map(Finding::secret)
        .distinct()
        .toList();
  }
}
