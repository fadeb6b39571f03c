package io.leakstop.sweep;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.leakstop.finding.Revocation;
import io.leakstop.finding.Verification;
import io.leakstop.rules.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What earlier sweeps learned, kept between runs in the state file: per repository the tips already
 * scanned; per finding (by fingerprint) where and when it was first seen, where else, its
 * verification history and revocation. Never holds a raw secret: a finding is found again from its
 * blob when it must be re-verified. Times are ISO-8601 instants; severities and statuses are enums,
 * written as their lower-case labels ({@link StateStore} maps them). Mutated by one sweep at a time
 * (the {@link StateStore} lock sees to that).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class SweepState {
  public static final String SCHEMA = "leakstop-sweep-state";
  public static final int VERSION = 1;

  public String schema = SCHEMA;
  public int version = VERSION;

  /** The sweep in progress, null when the last one finished; a rerun after a crash resumes it. */
  public Run current;

  public List<Run> runs = new ArrayList<>();
  public Map<String, Repo> repositories = new TreeMap<>();
  public Map<String, Secret> findings = new TreeMap<>();

  /** One sweep: when, which shard, and the repositories it has finished (its progress). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static final class Run {
    public String id;
    public String startedAt;
    public String finishedAt;
    public String shard;
    public List<String> done = new ArrayList<>();
    public List<String> failed = new ArrayList<>();
  }

  /** A repository: the ref tips scanned so far and how the last attempt went. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static final class Repo {
    public String url;
    public List<String> scannedTips = new ArrayList<>();
    public String lastSweptAt;
    public String lastError;
  }

  /** One secret, however many places it appears in. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static final class Secret {
    public String fingerprint;
    public String ruleId;
    public String issuer;
    public Severity severity;
    public String redacted;

    /** The sweep that first found it: the report of that sweep (even resumed) lists it as new. */
    public String firstSweep;

    public Sighting firstSeen;
    public List<Sighting> sightings = new ArrayList<>();
    public List<Check> verifications = new ArrayList<>();
    public Revoke revocation;

    /** The last verification's status, or null if never verified. */
    public Verification.Status status() {
      return verifications.isEmpty() ? null : verifications.get(verifications.size() - 1).status;
    }

    /** The last verification as the finding model has it, or null if never verified. */
    public Verification verification() {
      if (verifications.isEmpty()) {
        return null;
      }
      Check last = verifications.get(verifications.size() - 1);
      return new Verification(
          last.status(), last.owner(), List.of(), null, last.reason(), Map.of());
    }

    /** The revocation as the finding model has it; null if none or still pending. */
    public Revocation revocationResult() {
      if (revocation == null || revocation.status() == Revoke.Status.PENDING) {
        return null;
      }
      return new Revocation(
          revocation.status().result(),
          revocation.reason(),
          revocation.requestId(),
          Instant.parse(revocation.at()));
    }
  }

  /** A place a secret was seen: repository, path, line, blob and the commit that introduced it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Sighting(
      String repository, String path, int line, String blob, String commit, String at) {}

  /** One verification: when, the issuer's answer, and the owner it told. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Check(String at, Verification.Status status, String owner, String reason) {}

  /**
   * The revocation: {@code pending} is written before the issuer is asked, so a run killed in
   * between knows it may already have happened and verifies before asking again.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Revoke(Status status, String reason, String requestId, String at) {
    /**
     * A revocation's outcome ({@link Revocation.Status}), or {@link #PENDING} while the issuer is
     * being asked.
     */
    public enum Status {
      PENDING,
      REVOKED,
      FAILED,
      NOT_SUPPORTED,
      SKIPPED;

      /** The state's status of {@code outcome}: the same name. */
      public static Status of(Revocation.Status outcome) {
        return valueOf(outcome.name());
      }

      /** The outcome this status records; {@link #PENDING} has none. */
      public Revocation.Status result() {
        if (this == PENDING) {
          throw new IllegalStateException("a pending revocation has no outcome yet");
        }
        return Revocation.Status.valueOf(name());
      }
    }
  }

  private static final java.time.format.DateTimeFormatter TIME =
      java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
          .withZone(java.time.ZoneOffset.UTC);

  /** A time as the state writes it: fixed width, so times compare correctly as text. */
  public static String time(Instant instant) {
    return TIME.format(instant);
  }

  public Repo repo(Target target) {
    return repositories.computeIfAbsent(
        target.key(),
        k -> {
          Repo r = new Repo();
          r.url = target.url();
          return r;
        });
  }
}
