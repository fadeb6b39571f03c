package io.leakstop.sweep;

import io.leakstop.finding.Finding;
import io.leakstop.scan.Scanner;
import io.leakstop.source.CommitInfo;
import io.leakstop.source.Fragment;
import io.leakstop.source.Location;
import io.leakstop.sweep.SweepState.Secret;
import io.leakstop.sweep.SweepState.Sighting;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Finds a recorded secret again from the blob it was seen in, in the mirror cache. The state file
 * never holds raw secrets; re-verifying a secret, or reporting one a killed run recorded, reads it
 * back from the repository it leaked in.
 */
final class Recovery implements AutoCloseable {
  private final SweepState state;
  private final MirrorCache cache;
  private final Scanner scanner;
  private final Map<String, Optional<Repository>> open = new HashMap<>();

  Recovery(SweepState state, MirrorCache cache, Scanner scanner) {
    this.state = state;
    this.cache = cache;
    this.scanner = scanner;
  }

  /** The secret as a finding at its first readable sighting. */
  Optional<Finding> secretOf(Secret secret) {
    for (Sighting sighting : secret.sightings) {
      Optional<Finding> found = at(secret, sighting);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /**
   * By repository key, one finding per readable sighting of each secret, paths prefixed with the
   * repository.
   */
  Map<String, List<Finding>> findings(List<Secret> secrets) {
    Map<String, List<Finding>> out = new TreeMap<>();
    for (Secret secret : secrets) {
      for (Sighting sighting : secret.sightings) {
        at(secret, sighting)
            .ifPresent(
                f -> out.computeIfAbsent(sighting.repository(), k -> new ArrayList<>()).add(f));
      }
    }
    return out;
  }

  private Optional<Finding> at(Secret secret, Sighting sighting) {
    if (sighting.blob() == null) {
      return Optional.empty();
    }
    Optional<Repository> repository = open.computeIfAbsent(sighting.repository(), this::open);
    if (repository.isEmpty()) {
      return Optional.empty();
    }
    try {
      // A file flagged by its path is found again without reading it (it is often binary).
      Finding best =
          scanner
              .fileFindings(
                  sighting.path(),
                  (line, column) ->
                      List.of(new Location(sighting.path(), line, column, sighting.blob(), null)))
              .stream()
              .filter(f -> f.fingerprint().equals(secret.fingerprint))
              .findFirst()
              .orElse(null);
      if (best == null) {
        byte[] bytes =
            repository
                .get()
                .open(ObjectId.fromString(sighting.blob()), Constants.OBJ_BLOB)
                .getCachedBytes();
        for (Finding f : scanner.findings(Fragment.of(sighting.path(), bytes))) {
          if (f.fingerprint().equals(secret.fingerprint)
              && (best == null || f.location().line() == sighting.line())) {
            best = f;
          }
        }
      }
      if (best == null) {
        return Optional.empty();
      }
      CommitInfo commit =
          sighting.commit() == null ? null : commit(repository.get(), sighting.commit());
      String shortName = Target.of(sighting.repository()).shortName();
      Location location =
          new Location(
              shortName + "/" + sighting.path(),
              best.location().line(),
              best.location().column(),
              sighting.blob(),
              commit);
      return Optional.of(
          best.withLocation(location)
              .withVerification(secret.verification())
              .withRevocation(secret.revocationResult()));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The commit as the scan that saw the secret reported it (author, date, summary); only its id
   * when the mirror no longer holds it, rather than a row of nulls in the reports.
   */
  private static CommitInfo commit(Repository repository, String id) {
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit c = walk.parseCommit(ObjectId.fromString(id));
      PersonIdent author = c.getAuthorIdent();
      return new CommitInfo(
          id,
          author.getName(),
          author.getEmailAddress(),
          author.getWhenAsInstant(),
          c.getShortMessage());
    } catch (IOException | RuntimeException e) {
      return new CommitInfo(id, null, null, null, null);
    }
  }

  private Optional<Repository> open(String key) {
    SweepState.Repo repo = state.repositories.get(key);
    if (repo == null) {
      return Optional.empty();
    }
    Target target = Target.of(repo.url);
    try {
      Repository repository =
          target.isLocal()
              ? MirrorCache.openLocal(target)
              : MirrorCache.openMirror(cache.folder(target));
      return Optional.of(repository);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    open.values().forEach(r -> r.ifPresent(Repository::close));
  }
}
