package io.leakstop.sweep;

import io.leakstop.ExitCodes;
import io.leakstop.finding.Verification;
import io.leakstop.sweep.SweepState.Run;
import io.leakstop.sweep.SweepState.Secret;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The totals a sweep reports, computed from the state alone (so a merged state of several shards
 * reports like one sweep): secrets new in the latest sweep of each shard, still active, revoked,
 * and the repositories that failed with why.
 */
public record SweepSummary(
    int repositories,
    int secrets,
    int newSecrets,
    int activeSecrets,
    int revokedSecrets,
    Map<String, String> failed) {
  public static SweepSummary of(SweepState state) {
    return of(state, latestRuns(state));
  }

  public static SweepSummary of(SweepState state, Set<String> latestRuns) {
    int fresh = 0;
    int active = 0;
    int revoked = 0;
    for (Secret secret : state.findings.values()) {
      fresh += latestRuns.contains(secret.firstSweep) ? 1 : 0;
      active += isActive(secret) ? 1 : 0;
      revoked += isRevoked(secret) ? 1 : 0;
    }
    Map<String, String> failed = new TreeMap<>();
    state.repositories.forEach(
        (key, repo) -> {
          if (repo.lastError != null) {
            failed.put(key, repo.lastError);
          }
        });
    return new SweepSummary(
        state.repositories.size(), state.findings.size(), fresh, active, revoked, failed);
  }

  /**
   * The exit code of a sweep (or a merge of shards): 3 unless {@code complete}, else 1 when a
   * secret is new or still active, else 0.
   */
  public int exitCode(boolean complete) {
    return ExitCodes.of(complete, newSecrets + activeSecrets > 0);
  }

  /** The id of the latest run of each shard: what "new" is relative to. */
  public static Set<String> latestRuns(SweepState state) {
    Map<String, Run> latest = new LinkedHashMap<>();
    List<Run> runs = new ArrayList<>(state.runs);
    if (state.current != null) {
      runs.add(state.current);
    }
    for (Run run : runs) {
      latest.merge(
          run.shard == null ? "" : run.shard,
          run,
          (a, b) -> a.startedAt.compareTo(b.startedAt) >= 0 ? a : b);
    }
    Set<String> ids = new HashSet<>();
    latest.values().forEach(r -> ids.add(r.id));
    return ids;
  }

  static boolean isActive(Secret secret) {
    return secret.status() == Verification.Status.ACTIVE && !isRevoked(secret);
  }

  static boolean isRevoked(Secret secret) {
    return secret.revocation != null
        && secret.revocation.status() == SweepState.Revoke.Status.REVOKED;
  }

  /**
   * One word for a secret's condition: revoked, active, inactive, unknown, unverifiable or
   * unverified.
   */
  public static String status(Secret secret) {
    if (isRevoked(secret)) {
      return "revoked";
    }
    Verification.Status status = secret.status();
    return status == null ? "unverified" : status.label();
  }
}
