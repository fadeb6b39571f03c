package io.leakstop.sweep;

import io.leakstop.sweep.SweepState.Check;
import io.leakstop.sweep.SweepState.Repo;
import io.leakstop.sweep.SweepState.Run;
import io.leakstop.sweep.SweepState.Secret;
import io.leakstop.sweep.SweepState.Sighting;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Combines the states of shards (or of the same sweep at different times) into one: repositories
 * united, each secret once with every sighting, the earliest first sighting, all verifications in
 * time order and the decisive revocation. Merging a state with itself changes nothing.
 */
public final class StateMerge {
  private StateMerge() {}

  public static SweepState merge(List<SweepState> states) {
    SweepState merged = new SweepState();
    Set<String> runIds = new LinkedHashSet<>();
    for (SweepState state : states) {
      List<Run> runs = new ArrayList<>(state.runs);
      if (state.current != null) {
        runs.add(state.current);
      }
      for (Run run : runs) {
        if (runIds.add(run.id)) {
          merged.runs.add(run);
        }
      }
      state.repositories.forEach(
          (key, repo) -> merged.repositories.merge(key, repo, StateMerge::repo));
      state.findings.forEach(
          (fingerprint, secret) -> merged.findings.merge(fingerprint, secret, StateMerge::secret));
    }
    merged.runs.sort(Comparator.comparing((Run r) -> r.startedAt));
    return merged;
  }

  private static Repo repo(Repo a, Repo b) {
    Repo later =
        Objects.toString(a.lastSweptAt, "").compareTo(Objects.toString(b.lastSweptAt, "")) >= 0
            ? a
            : b;
    Repo out = new Repo();
    out.url = later.url;
    out.lastSweptAt = later.lastSweptAt;
    out.lastError = later.lastError;
    Set<String> tips = new LinkedHashSet<>(a.scannedTips);
    tips.addAll(b.scannedTips);
    out.scannedTips = new ArrayList<>(tips);
    return out;
  }

  private static Secret secret(Secret a, Secret b) {
    boolean aFirst =
        a.firstSeen == null
            ? false
            : b.firstSeen == null || a.firstSeen.at().compareTo(b.firstSeen.at()) <= 0;
    Secret first = aFirst ? a : b;
    Secret out = new Secret();
    out.fingerprint = first.fingerprint;
    out.ruleId = first.ruleId;
    out.issuer = first.issuer;
    out.severity = first.severity;
    out.redacted = first.redacted;
    out.firstSweep = first.firstSweep;
    out.firstSeen = first.firstSeen;
    List<Sighting> sightings = new ArrayList<>(first.sightings);
    for (Sighting s : (aFirst ? b : a).sightings) {
      if (sightings.stream().noneMatch(k -> samePlace(k, s))) {
        sightings.add(s);
      }
    }
    out.sightings = sightings;
    Set<Check> checks = new LinkedHashSet<>(a.verifications);
    checks.addAll(b.verifications);
    out.verifications = new ArrayList<>(checks);
    out.verifications.sort(Comparator.comparing(Check::at));
    out.revocation = decisive(a.revocation, b.revocation);
    return out;
  }

  private static boolean samePlace(Sighting a, Sighting b) {
    return a.repository().equals(b.repository())
        && a.path().equals(b.path())
        && Objects.equals(a.blob(), b.blob())
        && Objects.equals(a.commit(), b.commit());
  }

  /** A completed revocation beats a pending or failed one; otherwise the later one counts. */
  private static SweepState.Revoke decisive(SweepState.Revoke a, SweepState.Revoke b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    boolean aRevoked = a.status() == SweepState.Revoke.Status.REVOKED;
    boolean bRevoked = b.status() == SweepState.Revoke.Status.REVOKED;
    if (aRevoked != bRevoked) {
      return aRevoked ? a : b;
    }
    return Objects.toString(a.at(), "").compareTo(Objects.toString(b.at(), "")) >= 0 ? a : b;
  }
}
