package io.leakstop.issuer;

import io.leakstop.finding.Finding;
import io.leakstop.finding.Revocation;
import io.leakstop.finding.Revocation.Status;
import io.leakstop.finding.Verification;
import io.leakstop.issuer.Catalogue.Exchange;
import io.leakstop.issuer.Catalogue.Family;
import io.leakstop.issuer.Catalogue.Outcome;
import io.leakstop.issuer.IssuerHttp.Answer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Revokes live secrets with their issuers, idempotently, and appends every attempt to the {@link
 * AuditLog}.
 *
 * <p>Per distinct secret (by fingerprint): a secret the audit log already knows as revoked or
 * inactive is skipped without any request; the rest are verified (unless the findings already carry
 * a verification); then {@code active} secrets, and {@code unverifiable} ones whose issuer offers a
 * revocation but no check (GitHub refresh tokens), are revoked where the catalogue allows it.
 * Inactive secrets are {@code skipped}, unknown ones are {@code skipped} with the reason (never
 * revoked blind), and issuers without a safe revocation give {@code not_supported} with the reason.
 *
 * <p>With {@link IssuerOptions#dryRun()} nothing is sent to revoke and nothing is written to the
 * audit log; each would-be revocation is {@code skipped} with "dry run: would revoke …".
 *
 * <p>Usage: {@code Revoker.create(options).revoke(findings)}. The options' deadline applies to the
 * verification and to the revocation each.
 */
public final class Revoker {
  private final Verifier verifier;
  private final AuditLog audit;
  private final Recorder recorder = new Recorder();

  Revoker(Verifier verifier) {
    this.verifier = verifier;
    this.audit = new AuditLog(verifier.options().auditLog());
  }

  /**
   * @throws IllegalArgumentException when an issuer URL from the environment is not acceptable
   */
  public static Revoker create(IssuerOptions options) {
    return new Revoker(Verifier.create(options));
  }

  public AuditLog auditLog() {
    return audit;
  }

  /**
   * The same findings, in the same order, each with a verification and a {@link Revocation}.
   *
   * @throws java.io.UncheckedIOException when the audit log cannot be read or written; nothing is
   *     revoked then
   */
  public List<Finding> revoke(List<Finding> findings) {
    IssuerOptions options = verifier.options();
    if (!options.dryRun()) {
      audit.ensureWritable();
    }
    Map<String, AuditLog.Entry> settled = audit.settled(options.notices());
    Map<String, AuditLog.Entry> unanswered = audit.unanswered(options.notices());
    List<Finding> known = new ArrayList<>(findings.size());
    for (Finding f : findings) {
      AuditLog.Entry entry = settled.get(f.fingerprint());
      if (unanswered.containsKey(f.fingerprint())) {
        // A request may have gone out before the last run died: ask again, whatever a report says.
        known.add(f.withVerification(null));
      } else {
        known.add(
            entry == null || f.verification() != null ? f : f.withVerification(fromAudit(entry)));
      }
    }
    List<Finding> verified = verifier.verify(known);
    if (!options.dryRun()) {
      audit.append(rechecks(verified, unanswered));
    }

    Map<String, Revocation> decided = new LinkedHashMap<>();
    List<Finding> declarative = new ArrayList<>();
    List<Finding> github = new ArrayList<>();
    List<Finding> npm = new ArrayList<>();
    List<AuditLog.Entry> skips = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Finding f : verified) {
      if (!seen.add(f.fingerprint())) {
        continue;
      }
      AuditLog.Entry entry = settled.get(f.fingerprint());
      if (entry != null) {
        decided.put(
            f.fingerprint(),
            skipped(
                ("revoked".equals(entry.result()) ? "already revoked" : "already inactive")
                    + " on "
                    + entry.time()
                    + " (audit log)"));
        continue;
      }
      Revocation decision = decide(f, unanswered.get(f.fingerprint()));
      if (decision != null) {
        decided.put(f.fingerprint(), decision);
        if (f.verification().status() == Verification.Status.INACTIVE && !options.dryRun()) {
          skips.add(entry(f, decision));
        }
        continue;
      }
      Family family = verifier.catalogue().family(f.ruleId()).orElseThrow();
      if (options.dryRun()) {
        decided.put(f.fingerprint(), skipped("dry run: would revoke with " + describe(family)));
      } else if (GithubCredentialsRevoke.NAME.equals(family.revokeHandler())) {
        github.add(f);
      } else if (NpmTokenRevoke.NAME.equals(family.revokeHandler())) {
        npm.add(f);
      } else if (family.revoke() != null || family.revokeHandler() != null) {
        declarative.add(f);
      } else {
        throw new IllegalStateException(
            "the issuer catalogue: unknown revoke handler " + family.revokeHandler());
      }
    }

    Map<String, Revocation> attempted = new LinkedHashMap<>();
    if (!github.isEmpty() || !npm.isEmpty() || !declarative.isEmpty()) {
      IssuerHttp http = new IssuerHttp(options);
      if (!github.isEmpty()) {
        Catalogue.Issuer issuer = verifier.catalogue().issuers().get("github");
        attempted.putAll(
            GithubCredentialsRevoke.revoke(
                http, issuer, verifier.baseUrl("github"), github, recorder));
      }
      List<Finding> single = new ArrayList<>(declarative);
      single.addAll(npm);
      attempted.putAll(
          Verifier.run(
              http,
              single,
              this::revokeOne,
              reason -> new Revocation(Status.FAILED, reason, null, Instant.now())));
    }
    List<AuditLog.Entry> lines = new ArrayList<>(skips);
    for (Finding f : verified) {
      Revocation r = attempted.remove(f.fingerprint());
      if (r != null) {
        decided.put(f.fingerprint(), r);
        if (!recorder.answered.contains(f.fingerprint())) {
          // Past the deadline: whether the request arrived is unknown, so its intent stays open.
          lines.add(entry(f, r));
        }
      }
    }
    audit.append(lines);

    List<Finding> out = new ArrayList<>(verified.size());
    for (Finding f : verified) {
      out.add(f.withRevocation(decided.get(f.fingerprint())));
    }
    return out;
  }

  /**
   * One {@code rechecked} line per secret whose revocation request of an earlier run got no
   * outcome, with the verification just made.
   */
  private static List<AuditLog.Entry> rechecks(
      List<Finding> verified, Map<String, AuditLog.Entry> unanswered) {
    List<AuditLog.Entry> out = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Finding f : verified) {
      AuditLog.Entry intent = unanswered.get(f.fingerprint());
      if (intent != null && seen.add(f.fingerprint())) {
        Verification v = f.verification();
        out.add(
            AuditLog.Entry.about(
                f,
                AuditLog.Entry.RECHECKED,
                "a revocation request sent on "
                    + intent.time()
                    + " ended without an answer; verified again"
                    + " before deciding"
                    + (v.reason() == null ? "" : ": " + Exchanges.scrub(v.reason(), f.secret()))));
      }
    }
    return out;
  }

  /** The revocation when no request is to be sent, or null when one is. */
  private Revocation decide(Finding f, AuditLog.Entry unanswered) {
    Verification v = f.verification();
    Optional<Family> family = verifier.catalogue().family(f.ruleId());
    if (v.status() == Verification.Status.INACTIVE) {
      return skipped("already inactive" + (v.reason() == null ? "" : ": " + v.reason()));
    }
    if (family.isEmpty() || !family.get().revocable()) {
      String reason = family.map(Family::notSupported).orElse(null);
      return new Revocation(
          Status.NOT_SUPPORTED,
          reason != null
              ? reason
              : "leakstop knows no way to revoke "
                  + (f.issuer() == null ? f.ruleId() : f.issuer())
                  + " secrets",
          null,
          null);
    }
    Family fam = family.get();
    if (!fam.accepts(f.secret())) {
      return skipped("does not have the form of a " + fam.issuer() + " token; not sent");
    }
    return switch (v.status()) {
      case ACTIVE -> null;
      case UNKNOWN -> skipped("not revoked while its status is unknown: " + v.reason());
      // Revoke blind only where the issuer has no check at all (e.g. GitHub refresh tokens).
      case UNVERIFIABLE ->
          unanswered != null
              ? skipped(
                  "not sent again: the request sent on "
                      + unanswered.time()
                      + " ended without an answer, and whether"
                      + " the secret is still live cannot be checked")
              : !fam.verifiable() ? null : skipped("not verified: " + v.reason());
      case INACTIVE -> throw new IllegalStateException("handled above");
    };
  }

  /** Revokes one secret; its outcome is on record in the audit log when this returns. */
  private Revocation revokeOne(IssuerHttp http, Finding f) {
    Revocation r = sendRevocation(http, f);
    recorder.answered(List.of(f), r);
    return r;
  }

  private Revocation sendRevocation(IssuerHttp http, Finding f) {
    Family family = verifier.catalogue().family(f.ruleId()).orElseThrow();
    Catalogue.Issuer issuer = verifier.catalogue().issuers().get(family.issuer());
    if (NpmTokenRevoke.NAME.equals(family.revokeHandler())) {
      return NpmTokenRevoke.revoke(
          http, issuer, verifier.baseUrl(issuer.name()), f.secret(), recorder.attempts(List.of(f)));
    }
    CredentialParts.Resolved parts = verifier.parts(family, f);
    if (parts.refusal() != null) {
      return new Revocation(Status.FAILED, parts.refusal(), null, Instant.now());
    }
    if (family.revokeHandler() != null) {
      return Handlers.revoke(
          family,
          http,
          issuer,
          parts,
          f,
          recorder.attempts(List.of(f)),
          host -> verifier.hostUrl(issuer.name(), host));
    }
    Exchange exchange = family.revoke();
    Map<String, String> details =
        new LinkedHashMap<>(f.verification() == null ? Map.of() : f.verification().details());
    Map<String, String> secretParts = family.parts(f.secret());
    // The region whose check answered, else the tenant's host or the issuer's URL.
    java.net.URI base = verifier.revokeUrl(issuer.name(), details, parts.base());
    Exchanges.Holes lookupHoles =
        Exchanges.Holes.of(f.secret()).withCompanions(parts.companions()).withParts(secretParts);
    if (exchange.lookup() != null) {
      try {
        Lookups.Found found =
            Lookups.find(
                http,
                issuer,
                verifier.hostUrl(issuer.name(), exchange.lookup().request(), base),
                exchange.lookup(),
                lookupHoles);
        if (found.refusal() != null) {
          return found.refusal();
        }
        details.putAll(found.details());
      } catch (IllegalArgumentException e) {
        return new Revocation(Status.FAILED, e.getMessage(), null, Instant.now());
      }
    }
    // What the lookup found fills the revocation's holes too (Heroku's authorization id, the
    // PlanetScale organization).
    Exchanges.Holes holes = lookupHoles.withDetails(details);
    // A token no check can place (Zoho's, of one data centre among several) is offered to each
    // documented region in turn, as a check would be; anything else goes to the one base above.
    boolean unplaced =
        !family.verifiable()
            && family.host() == null
            && exchange.via() == null
            && exchange.lookup() == null;
    List<Catalogue.Region> targets =
        unplaced
            ? verifier.regions(issuer.name())
            : List.of(
                new Catalogue.Region(
                    null, verifier.hostUrl(issuer.name(), exchange, base), List.of()));
    List<String> invalidIn = new ArrayList<>();
    Revocation failure = null;
    for (Catalogue.Region region : targets) {
      Revocation r = revokeAt(http, f, issuer, exchange, region.url(), holes);
      if (region.name() == null) {
        return r;
      }
      switch (r.status()) {
        case REVOKED -> {
          return new Revocation(
              Status.REVOKED,
              (r.reason() == null ? "" : r.reason() + "; ") + "in region " + region.name(),
              r.requestId(),
              r.at());
        }
        case SKIPPED -> invalidIn.add(region.name());
        default -> failure = failure == null ? r : failure;
      }
    }
    if (failure != null) {
      // A region that could not answer may hold the token live: never call it dead.
      return new Revocation(
          Status.FAILED,
          failure.reason()
              + (invalidIn.isEmpty() ? "" : " (invalid in " + String.join(", ", invalidIn) + ")"),
          failure.requestId(),
          failure.at());
    }
    return new Revocation(
        Status.SKIPPED,
        "already inactive: rejected by every "
            + issuer.name()
            + " region ("
            + String.join(", ", invalidIn)
            + ")",
        null,
        Instant.now());
  }

  /** Sends the revocation to {@code base} and reads the answer. */
  private Revocation revokeAt(
      IssuerHttp http,
      Finding f,
      Catalogue.Issuer issuer,
      Exchange exchange,
      java.net.URI base,
      Exchanges.Holes holes) {
    Answer answer;
    try {
      answer =
          http.send(
              issuer,
              Exchanges.request(base, issuer, exchange, holes),
              recorder.attempts(List.of(f)));
    } catch (IllegalArgumentException e) {
      return new Revocation(Status.FAILED, e.getMessage(), null, Instant.now());
    } catch (IssuerHttp.Unavailable e) {
      return new Revocation(
          Status.FAILED, Exchanges.scrub(e.getMessage(), f.secret()), null, Instant.now());
    }
    String requestId = answer.requestId(issuer);
    Optional<Outcome> outcome = Exchanges.match(exchange.outcomes(), answer);
    if (outcome.isEmpty()) {
      return new Revocation(
          Status.FAILED,
          Exchanges.scrub(Exchanges.unexpected(issuer.name(), answer), f.secret()),
          requestId,
          Instant.now());
    }
    Outcome o = outcome.get();
    String reason = o.reasonFrom() != null ? Exchanges.text(o.reasonFrom(), answer) : o.reason();
    reason = Exchanges.scrub(reason, f.secret());
    return switch (o.result()) {
      case "revoked" -> new Revocation(Status.REVOKED, reason, requestId, Instant.now());
      // An issuer that refuses inside a success (GraphQL's 200 with `errors`) says why there.
      case "failed" ->
          new Revocation(
              Status.FAILED,
              reason == null ? "refused by " + issuer.name() : reason,
              requestId,
              Instant.now());
      case "inactive" ->
          new Revocation(
              Status.SKIPPED,
              "already inactive" + (reason == null ? "" : ": " + reason),
              requestId,
              Instant.now());
      default ->
          throw new IllegalStateException(
              "the issuer catalogue: revoke outcome '" + o.result() + "' for " + issuer.name());
    };
  }

  private static String describe(Family family) {
    if (GithubCredentialsRevoke.NAME.equals(family.revokeHandler())) {
      return "POST /credentials/revoke (GitHub)";
    }
    if (NpmTokenRevoke.NAME.equals(family.revokeHandler())) {
      return "DELETE /-/npm/v1/tokens/token/{key} (npm)";
    }
    if (family.revoke() == null) {
      return Handlers.describeRevoke(family);
    }
    Catalogue.Lookup lookup = family.revoke().lookup();
    return (lookup == null
            ? ""
            : lookup.request().method() + " " + lookup.request().path() + ", then ")
        + family.revoke().method()
        + " "
        + family.revoke().path()
        + " ("
        + family.issuer()
        + (family.revoke().via() == null ? "" : ", " + family.revoke().via() + " host")
        + ")";
  }

  private static Verification fromAudit(AuditLog.Entry entry) {
    String reason =
        "revoked".equals(entry.result())
            ? "revoked by leakstop on " + entry.time() + " (audit log)"
            : "inactive when checked on " + entry.time() + " (audit log)";
    return new Verification(Verification.Status.INACTIVE, null, List.of(), null, reason, Map.of());
  }

  private static Revocation skipped(String reason) {
    return new Revocation(Status.SKIPPED, reason, null, null);
  }

  private static AuditLog.Entry entry(Finding f, Revocation r) {
    AuditLog.Entry line =
        AuditLog.Entry.about(f, r.status().label(), r.reason()).withRequestId(r.requestId());
    return r.at() == null ? line : line.at(r.at());
  }

  /**
   * Puts each revocation request on record: an {@code intent} line forced to disk before each
   * attempt, a {@code retry} line after each attempt that is sent again, and the outcome as soon as
   * it is known.
   */
  final class Recorder {
    /** Fingerprints whose outcome is on record. */
    final java.util.Set<String> answered = java.util.concurrent.ConcurrentHashMap.newKeySet();

    IssuerHttp.Attempts attempts(List<Finding> batch) {
      return new IssuerHttp.Attempts() {
        @Override
        public void sending(int attempt) {
          audit.append(lines(batch, AuditLog.Entry.INTENT, attempt, null));
        }

        @Override
        public void retrying(int attempt, String problem) {
          audit.append(lines(batch, AuditLog.Entry.RETRY, attempt, problem));
        }
      };
    }

    void answered(List<Finding> batch, Revocation r) {
      List<AuditLog.Entry> lines = new ArrayList<>(batch.size());
      for (Finding f : batch) {
        lines.add(entry(f, r));
      }
      audit.append(lines);
      batch.forEach(f -> answered.add(f.fingerprint()));
    }

    private List<AuditLog.Entry> lines(
        List<Finding> batch, String result, int attempt, String problem) {
      List<AuditLog.Entry> lines = new ArrayList<>(batch.size());
      for (Finding f : batch) {
        lines.add(
            AuditLog.Entry.about(
                    f, result, problem == null ? null : Exchanges.scrub(problem, f.secret()))
                .withAttempt(attempt));
      }
      return lines;
    }
  }
}
