package io.leakstop.cli;

import io.leakstop.finding.Finding;
import io.leakstop.finding.Revocation;
import io.leakstop.finding.Verification;
import io.leakstop.issuer.IssuerOptions;
import io.leakstop.issuer.Revoker;
import io.leakstop.issuer.Verifier;
import io.leakstop.finding.ScanProblem;
import io.leakstop.finding.ScanResult;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What to ask the issuers: verify, keep only live secrets, revoke. */
final class VerifyOptions {
  @Option(names = "--verify", description = "Ask each secret's issuer whether it is live (read-only requests).")
  boolean verify;

  @Option(names = "--only-active", description = "Report only secrets the issuer says are live (implies --verify).")
  boolean onlyActive;

  @Option(names = "--revoke", description = "Verify, then revoke the live secrets whose issuer allows it. Cannot be undone.")
  boolean revoke;

  @Mixin IssuerCallOptions calls;

  /** The scan result with verification (and revocation) applied, as asked; unchanged if not asked. */
  ScanResult apply(ScanResult result, Map<String, String> env) {
    if (calls.dryRun && !revoke) {
      throw new Main.UsageError("--dry-run applies to --revoke");
    }
    if (!verify && !onlyActive && !revoke) {
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
      findings = findings.stream().filter(f -> f.verification().status() == Verification.Status.ACTIVE).toList();
    }
    return new ScanResult(result.source(), findings, result.stats(), problems, notices);
  }

  /** Verifies or revokes, turning configuration trouble into one-line usage errors. */
  static List<Finding> run(List<Finding> findings, IssuerOptions options, boolean revoke) {
    try {
      return revoke ? Revoker.create(options).revoke(findings) : Verifier.create(options).verify(findings);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      throw new Main.UsageError(e.getMessage());
    }
  }

  /** One line: how many distinct secrets got which status, and what was revoked. */
  static String summary(List<Finding> findings) {
    Map<Verification.Status, Set<String>> verified = new EnumMap<>(Verification.Status.class);
    Map<Revocation.Status, Set<String>> revoked = new EnumMap<>(Revocation.Status.class);
    for (Finding f : findings) {
      verified.computeIfAbsent(f.verification().status(), s -> new LinkedHashSet<>()).add(f.fingerprint());
      if (f.revocation() != null) {
        revoked.computeIfAbsent(f.revocation().status(), s -> new LinkedHashSet<>()).add(f.fingerprint());
      }
    }
    String line = "verified: " + counts(verified, Verification.Status::label);
    return revoked.isEmpty() ? line : line + "; revocation: " + counts(revoked, Revocation.Status::label);
  }

  private static <S> String counts(Map<S, Set<String>> byStatus, Function<S, String> label) {
    if (byStatus.isEmpty()) {
      return "nothing";
    }
    List<String> parts = new ArrayList<>();
    byStatus.forEach((status, fingerprints) -> parts.add(fingerprints.size() + " " + label.apply(status)));
    return String.join(", ", parts);
  }

  /** A failed revocation leaves a live secret out there: the run did not complete. */
  static List<ScanProblem> failures(List<Finding> findings) {
    Set<String> seen = new LinkedHashSet<>();
    List<ScanProblem> out = new ArrayList<>();
    for (Finding f : findings) {
      Revocation r = f.revocation();
      if (r != null && r.status() == Revocation.Status.FAILED && seen.add(f.fingerprint())) {
        out.add(new ScanProblem(f.issuer() == null ? f.ruleId() : f.issuer(),
            "revocation of " + f.redacted() + " (" + f.ruleId() + ") failed: " + r.reason()));
      }
    }
    return out;
  }
}
