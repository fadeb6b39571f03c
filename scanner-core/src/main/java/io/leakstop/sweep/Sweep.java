package io.leakstop.sweep;

import io.leakstop.finding.Finding;
import io.leakstop.finding.Revocation;
import io.leakstop.finding.ScanProblem;
import io.leakstop.finding.Verification;
import io.leakstop.scan.Scanner;
import io.leakstop.source.Location;
import io.leakstop.sweep.SweepState.Check;
import io.leakstop.sweep.SweepState.Repo;
import io.leakstop.sweep.SweepState.Revoke;
import io.leakstop.sweep.SweepState.Run;
import io.leakstop.sweep.SweepState.Secret;
import io.leakstop.sweep.SweepState.Sighting;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * One sweep over many repositories: for each target in the shard, update its mirror, scan the
 * history no earlier sweep scanned, record new findings, verify them and revoke per policy, and
 * save the state before moving to the next repository. Then re-verify what was active last time.
 *
 * <p>Crash safety: the state names the sweep in progress and the repositories it finished; a rerun
 * resumes that sweep, so findings it already recorded stay "new in this sweep" (reported once, in
 * the report the finished sweep writes) and repositories it finished are not scanned again. A
 * revocation is recorded as pending before the issuer is asked; a rerun that finds it pending
 * verifies first and asks again only if the secret is still live.
 */
public final class Sweep {
  /** Everything a sweep needs; {@code parallel} repositories are fetched and scanned at once. */
  public record Settings(
      List<Target> targets,
      Shard shard,
      MirrorCache cache,
      Path stateFile,
      GitCredentials credentials,
      Scanner scanner,
      HistoryScan history,
      SecretChecks checks,
      boolean revoke,
      int parallel,
      Clock clock,
      Consumer<String> log) {}

  /** How one repository went in this sweep. */
  public record RepoOutcome(
      String key,
      String url,
      boolean ok,
      String error,
      int newTips,
      long items,
      int findings,
      boolean resumed) {}

  /**
   * What the sweep did; {@link #findings} are the findings to report by repository key, with their
   * secrets.
   */
  public record Outcome(
      SweepState state,
      Run run,
      List<RepoOutcome> repositories,
      Map<String, List<Finding>> findings,
      List<ScanProblem> problems) {
    public boolean complete() {
      return repositories.stream().allMatch(RepoOutcome::ok) && problems.isEmpty();
    }

    /** 3 when incomplete, else 1 when a secret is new or still active, else 0. */
    public int exitCode() {
      return SweepSummary.of(state, Set.of(run.id)).exitCode(complete());
    }
  }

  private final Settings settings;

  public Sweep(Settings settings) {
    this.settings = settings;
  }

  public Outcome run() throws IOException {
    try (StateStore store = StateStore.open(settings.stateFile())) {
      SweepState state = store.load();
      Run run = state.current;
      if (run != null) {
        settings
            .log()
            .accept(
                "resuming the sweep started at "
                    + run.startedAt
                    + " ("
                    + run.done.size()
                    + " repositories done)");
      } else {
        run = new Run();
        run.id = UUID.randomUUID().toString();
        run.startedAt = now();
        run.shard = settings.shard().toString();
        state.current = run;
        store.save(state);
      }
      List<Target> targets = settings.shard().select(settings.targets());
      List<RepoOutcome> outcomes = new ArrayList<>();
      List<ScanProblem> problems = new ArrayList<>();
      Set<String> verifiedThisRun = new HashSet<>();
      ExecutorService pool =
          Executors.newFixedThreadPool(Math.max(1, settings.parallel()), daemonThreads());
      try {
        List<Future<RepoOutcome>> pending = new ArrayList<>();
        for (Target target : targets) {
          if (run.done.contains(target.key())) {
            pending.add(
                CompletableFuture.completedFuture(
                    new RepoOutcome(target.key(), target.url(), true, null, 0, 0, 0, true)));
          } else {
            Run current = run;
            pending.add(
                pool.submit(() -> sweepOne(store, state, current, target, verifiedThisRun)));
          }
        }
        for (Future<RepoOutcome> outcome : pending) {
          outcomes.add(outcome.get());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted");
      } catch (ExecutionException e) {
        throw e.getCause() instanceof IOException io
            ? io
            : new IOException(MirrorCache.oneLine(e.getCause()), e.getCause());
      } finally {
        pool.shutdownNow();
      }
      try (Recovery recovery = new Recovery(state, settings.cache(), settings.scanner())) {
        reverify(store, state, run, recovery, verifiedThisRun, problems);
        Map<String, List<Finding>> findings = recovery.findings(reported(state, run.id));
        run.finishedAt = now();
        state.runs.add(run);
        state.current = null;
        store.save(state);
        return new Outcome(state, run, outcomes, findings, problems);
      }
    }
  }

  /**
   * Fetches and scans one repository on a pool thread, then records what it found under the state's
   * lock (the state is shared by the pool's threads and saved after each repository).
   */
  private RepoOutcome sweepOne(
      StateStore store, SweepState state, Run run, Target target, Set<String> verifiedThisRun)
      throws IOException {
    List<String> known;
    synchronized (state) {
      known = List.copyOf(state.repo(target).scannedTips);
    }
    HistoryScan.Result result;
    List<String> scanned;
    try {
      Path folder = settings.cache().update(target, settings.credentials().forUrl(target.url()));
      scanned = present(folder, known);
      result = settings.history().scan(settings.scanner(), folder, target.shortName(), scanned);
      if (!result.scan().complete()) {
        throw new IOException(
            result.scan().problems().get(0).toString()
                + (result.scan().problems().size() > 1
                    ? " (and " + (result.scan().problems().size() - 1) + " more)"
                    : ""));
      }
    } catch (IOException | RuntimeException e) {
      return failed(store, state, run, target, e);
    }
    synchronized (state) {
      try {
        return recordScan(store, state, run, target, scanned, result, verifiedThisRun);
      } catch (IOException | RuntimeException e) {
        return failed(store, state, run, target, e);
      }
    }
  }

  private RepoOutcome recordScan(
      StateStore store,
      SweepState state,
      Run run,
      Target target,
      List<String> scanned,
      HistoryScan.Result result,
      Set<String> verifiedThisRun)
      throws IOException {
    Repo repo = state.repo(target);
    Set<String> tips = new LinkedHashSet<>(scanned);
    tips.addAll(result.tips());
    int newTips = (int) result.tips().stream().filter(id -> !scanned.contains(id)).count();
    Map<String, Finding> firstOfSecret = new LinkedHashMap<>();
    for (Finding finding : result.scan().findings()) {
      record(state, run, target, finding);
      firstOfSecret.putIfAbsent(finding.fingerprint(), finding);
    }
    List<Finding> toCheck = new ArrayList<>();
    for (Finding finding : firstOfSecret.values()) {
      Secret secret = state.findings.get(finding.fingerprint());
      if (!verifiedThisRun.contains(secret.fingerprint) && needsCheck(secret)) {
        toCheck.add(finding);
        verifiedThisRun.add(secret.fingerprint);
      }
    }
    check(store, state, toCheck);
    repo.scannedTips = new ArrayList<>(tips);
    repo.lastSweptAt = now();
    repo.lastError = null;
    run.done.add(target.key());
    run.failed.remove(target.key());
    store.save(state);
    settings
        .log()
        .accept(
            target.shortName()
                + ": "
                + newTips
                + " new tips, "
                + result.scan().stats().fragments()
                + " objects scanned, "
                + firstOfSecret.size()
                + " secrets");
    return new RepoOutcome(
        target.key(),
        target.url(),
        true,
        null,
        newTips,
        result.scan().stats().fragments(),
        firstOfSecret.size(),
        false);
  }

  private RepoOutcome failed(
      StateStore store, SweepState state, Run run, Target target, Exception e) throws IOException {
    String error = MirrorCache.oneLine(e);
    synchronized (state) {
      state.repo(target).lastError = error;
      if (!run.failed.contains(target.key())) {
        run.failed.add(target.key());
      }
      store.save(state);
    }
    settings.log().accept(target.shortName() + ": FAILED: " + error);
    return new RepoOutcome(target.key(), target.url(), false, error, 0, 0, 0, false);
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    return task -> {
      Thread thread = new Thread(task, "leakstop-sweep");
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Records where a finding was seen; a fingerprint seen for the first time belongs to this sweep.
   */
  private void record(SweepState state, Run run, Target target, Finding finding) {
    Location at = finding.location();
    Sighting sighting =
        new Sighting(
            target.key(),
            at.path(),
            at.line(),
            at.blobId(),
            at.commit() == null ? null : at.commit().id(),
            now());
    Secret secret = state.findings.get(finding.fingerprint());
    if (secret == null) {
      secret = new Secret();
      secret.fingerprint = finding.fingerprint();
      secret.ruleId = finding.ruleId();
      secret.issuer = finding.issuer();
      secret.severity = finding.severity();
      secret.redacted = finding.redacted();
      secret.firstSweep = run.id;
      secret.firstSeen = sighting;
      state.findings.put(secret.fingerprint, secret);
    }
    boolean known =
        secret.sightings.stream()
            .anyMatch(
                s ->
                    s.repository().equals(sighting.repository())
                        && s.path().equals(sighting.path())
                        && java.util.Objects.equals(s.blob(), sighting.blob())
                        && java.util.Objects.equals(s.commit(), sighting.commit()));
    if (!known) {
      secret.sightings.add(sighting);
    }
  }

  /** Never verified, live last time, or a revocation that may or may not have happened. */
  private static boolean needsCheck(Secret secret) {
    return secret.status() == null || SweepSummary.isActive(secret) || isPending(secret);
  }

  private static boolean isPending(Secret secret) {
    return secret.revocation != null && secret.revocation.status() == Revoke.Status.PENDING;
  }

  /**
   * Verifies the secrets (one finding each), then revokes the live ones when asked. Each is marked
   * pending, durably, before the issuer is asked; a pending one found inactive afterwards was
   * revoked by the run that was interrupted, and is not asked again.
   */
  private void check(StateStore store, SweepState state, List<Finding> findings)
      throws IOException {
    if (settings.checks() == null || findings.isEmpty()) {
      return;
    }
    List<Finding> live = new ArrayList<>();
    for (Finding finding : settings.checks().verify(findings)) {
      Secret secret = state.findings.get(finding.fingerprint());
      Verification verification = finding.verification();
      secret.verifications.add(
          new Check(now(), verification.status(), verification.owner(), verification.reason()));
      if (isPending(secret) && verification.status() == Verification.Status.INACTIVE) {
        secret.revocation =
            new Revoke(
                Revoke.Status.REVOKED,
                "confirmed inactive after an interrupted revocation",
                null,
                now());
      } else if (settings.revoke()
          && verification.status() == Verification.Status.ACTIVE
          && !SweepSummary.isRevoked(secret)) {
        // Never revoked, pending, failed or skipped before (dry run, unknown status): ask now.
        secret.revocation = new Revoke(Revoke.Status.PENDING, null, null, now());
        live.add(finding);
      }
    }
    store.save(state);
    if (live.isEmpty()) {
      return;
    }
    for (Finding finding : settings.checks().revoke(live)) {
      Revocation revocation = finding.revocation();
      if (revocation != null) {
        Secret secret = state.findings.get(finding.fingerprint());
        secret.revocation =
            new Revoke(
                Revoke.Status.of(revocation.status()),
                revocation.reason(),
                revocation.requestId(),
                now());
      }
    }
    store.save(state);
  }

  /**
   * Secrets live after the last sweep, never verified, or with a revocation interrupted, and not
   * verified yet in this sweep, are verified (and revoked) now.
   */
  private void reverify(
      StateStore store,
      SweepState state,
      Run run,
      Recovery recovery,
      Set<String> verifiedThisRun,
      List<ScanProblem> problems)
      throws IOException {
    if (settings.checks() == null) {
      return;
    }
    Set<String> mine = new HashSet<>();
    settings.shard().select(settings.targets()).forEach(t -> mine.add(t.key()));
    List<Finding> toCheck = new ArrayList<>();
    for (Secret secret : state.findings.values()) {
      boolean checkedThisRun =
          !secret.verifications.isEmpty()
              && isThisRun(run, secret.verifications.get(secret.verifications.size() - 1).at());
      if (!needsCheck(secret)
          || verifiedThisRun.contains(secret.fingerprint)
          || (checkedThisRun && !isPending(secret))
          || secret.sightings.stream().noneMatch(s -> mine.contains(s.repository()))) {
        continue;
      }
      var finding = recovery.secretOf(secret);
      if (finding.isEmpty()) {
        problems.add(
            new ScanProblem(
                secret.redacted,
                "cannot re-verify: no longer found in " + secret.firstSeen.repository()));
        continue;
      }
      toCheck.add(finding.get().withVerification(null).withRevocation(null));
      verifiedThisRun.add(secret.fingerprint);
    }
    check(store, state, toCheck);
  }

  private static boolean isThisRun(Run run, String at) {
    return at != null && at.compareTo(run.startedAt) >= 0;
  }

  /** The secrets this sweep reports: new in it, still active, or revoked in it. */
  static List<Secret> reported(SweepState state, String runId) {
    Run run = state.current != null && state.current.id.equals(runId) ? state.current : null;
    List<Secret> out = new ArrayList<>();
    for (Secret secret : state.findings.values()) {
      boolean fresh = runId.equals(secret.firstSweep);
      boolean active = SweepSummary.isActive(secret);
      boolean revokedNow =
          secret.revocation != null && run != null && isThisRun(run, secret.revocation.at());
      if (fresh || active || revokedNow) {
        out.add(secret);
      }
    }
    return out;
  }

  /** The tips still in the repository: a force-push and gc can remove old ones. */
  private static List<String> present(Path folder, List<String> tips) throws IOException {
    List<String> ids = new ArrayList<>();
    try (Repository repository = MirrorCache.openMirror(folder)) {
      for (String tip : tips) {
        if (ObjectId.isId(tip) && repository.getObjectDatabase().has(ObjectId.fromString(tip))) {
          ids.add(tip);
        }
      }
    }
    return ids;
  }

  private String now() {
    return SweepState.time(settings.clock().instant());
  }
}
