package io.leakstop.scan;

import io.leakstop.finding.Finding;
import io.leakstop.finding.Revocation;
import io.leakstop.finding.ScanProblem;
import io.leakstop.finding.ScanResult;
import io.leakstop.finding.Verification;
import io.leakstop.issuer.IssuerOptions;
import io.leakstop.issuer.Revoker;
import io.leakstop.issuer.Verifier;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What to ask the issuers (verify, keep only live secrets, revoke) and how to call them.
 *
 * @param onlyActive report only the secrets the issuer says are live (implies verify)
 * @param revoke verify, then revoke the live secrets whose issuer allows it
 */
public record IssuerPolicy(boolean verify, boolean onlyActive, boolean revoke, Calls calls) {
  /** Ask no issuer. */
  public static final IssuerPolicy NONE = new IssuerPolicy(false, false, false, Calls.DEFAULT);

  /**
   * How to call issuers.
   *
   * @param dryRun with revocation: say what would be revoked, send no revocation
   * @param auditLog where revocation attempts are appended; null for the default in the state
   *     directory
   * @param verifyTimeout how long to ask issuers as the user wrote it ({@code 30s}, {@code 2m},
   *     {@code 500ms}, bare seconds); null for the default. Parsed when issuers are asked.
   */
  public record Calls(boolean dryRun, Path auditLog, String verifyTimeout) {
    public static final Calls DEFAULT = new Calls(false, null, null);

    public Calls withAuditLog(Path file) {
      return new Calls(dryRun, file, verifyTimeout);
    }

    /**
     * The issuer options for {@code env}; notices (rate limits, skipped issuers) go to {@code
     * notices}.
     */
    public IssuerOptions options(Map<String, String> env, Consumer<String> notices) {
      IssuerOptions options = IssuerOptions.defaults(env).withDryRun(dryRun).withNotices(notices);
      if (verifyTimeout != null) {
        options = options.withDeadline(parseDuration(verifyTimeout));
      }
      return auditLog == null ? options : options.withAuditLog(auditLog);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Named setters; unset means asking no issuer. */
  public static final class Builder {
    private boolean verify;
    private boolean onlyActive;
    private boolean revoke;
    private Calls calls = Calls.DEFAULT;

    public Builder verify(boolean value) {
      verify = value;
      return this;
    }

    public Builder onlyActive(boolean value) {
      onlyActive = value;
      return this;
    }

    public Builder revoke(boolean value) {
      revoke = value;
      return this;
    }

    public Builder calls(Calls value) {
      calls = value;
      return this;
    }

    public IssuerPolicy build() {
      return new IssuerPolicy(verify, onlyActive, revoke, calls);
    }
  }

  /** Whether any issuer is asked at all. */
  public boolean asks() {
    return verify || onlyActive || revoke;
  }

  /**
   * The scan result with verification (and revocation) applied, as asked; unchanged if not asked.
   */
  public ScanResult apply(ScanResult result, Map<String, String> env) {
    if (calls.dryRun() && !revoke) {
      throw new UsageException("--dry-run applies to --revoke");
    }
    if (!asks()) {
      return result;
    }
    List<String> notices = new ArrayList<>(result.notices());
    Set<String> issuerNotices = new LinkedHashSet<>();
    IssuerOptions options = calls.options(env, issuerNotices::add);
    List<Finding> findings = run(result.findings(), options, revoke);
    notices.addAll(issuerNotices);
    notices.add(summary(findings));
    List<ScanProblem> problems = new ArrayList<>(result.problems());
    problems.addAll(failures(findings));
    if (onlyActive) {
      findings =
          findings.stream()
              .filter(f -> f.verification().status() == Verification.Status.ACTIVE)
              .toList();
    }
    return new ScanResult(result.source(), findings, result.stats(), problems, notices);
  }

  /** Verifies or revokes, turning configuration trouble into one-line usage errors. */
  public static List<Finding> run(List<Finding> findings, IssuerOptions options, boolean revoke) {
    try {
      return revoke
          ? Revoker.create(options).revoke(findings)
          : Verifier.create(options).verify(findings);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** One line: how many distinct secrets got which status, and what was revoked. */
  public static String summary(List<Finding> findings) {
    Map<Verification.Status, Set<String>> verified = new EnumMap<>(Verification.Status.class);
    Map<Revocation.Status, Set<String>> revoked = new EnumMap<>(Revocation.Status.class);
    for (Finding f : findings) {
      verified
          .computeIfAbsent(f.verification().status(), s -> new LinkedHashSet<>())
          .add(f.fingerprint());
      if (f.revocation() != null) {
        revoked
            .computeIfAbsent(f.revocation().status(), s -> new LinkedHashSet<>())
            .add(f.fingerprint());
      }
    }
    String line = "verified: " + counts(verified, Verification.Status::label);
    return revoked.isEmpty()
        ? line
        : line + "; revocation: " + counts(revoked, Revocation.Status::label);
  }

  private static <S> String counts(Map<S, Set<String>> byStatus, Function<S, String> label) {
    if (byStatus.isEmpty()) {
      return "nothing";
    }
    List<String> parts = new ArrayList<>();
    byStatus.forEach(
        (status, fingerprints) -> parts.add(fingerprints.size() + " " + label.apply(status)));
    return String.join(", ", parts);
  }

  /** A failed revocation leaves a live secret out there: the run did not complete. */
  public static List<ScanProblem> failures(List<Finding> findings) {
    Set<String> seen = new LinkedHashSet<>();
    List<ScanProblem> out = new ArrayList<>();
    for (Finding f : findings) {
      Revocation r = f.revocation();
      if (r != null && r.status() == Revocation.Status.FAILED && seen.add(f.fingerprint())) {
        out.add(
            new ScanProblem(
                f.issuer() == null ? f.ruleId() : f.issuer(),
                "revocation of " + f.redacted() + " (" + f.ruleId() + ") failed: " + r.reason()));
      }
    }
    return out;
  }

  /** {@code 45}, {@code 45s}, {@code 500ms}, {@code 2m}. */
  public static Duration parseDuration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      Duration d;
      if (t.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      } else if (t.endsWith("s")) {
        d = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
      } else if (t.endsWith("m")) {
        d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
      } else {
        d = Duration.ofSeconds(Long.parseLong(t));
      }
      if (d.isNegative() || d.isZero()) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new UsageException(
          "--verify-timeout: '" + text + "' is not a duration (e.g. 30s, 2m, 500ms)");
    }
  }
}
