package io.leakstop.issuer;

import io.leakstop.finding.Finding;
import io.leakstop.finding.Verification;
import io.leakstop.finding.Verification.Status;
import io.leakstop.issuer.Catalogue.Exchange;
import io.leakstop.issuer.Catalogue.Family;
import io.leakstop.issuer.Catalogue.Outcome;
import io.leakstop.issuer.Catalogue.Read;
import io.leakstop.issuer.IssuerHttp.Answer;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Asks each secret's issuer whether it is live, with read-only requests from the built-in {@link
 * Catalogue}. Each distinct secret (by fingerprint) is asked about once; secrets are checked
 * concurrently, within each issuer's concurrency bound and the options' deadline.
 *
 * <p>Usage: {@code Verifier.create(IssuerOptions.defaults(System.getenv())).verify(findings)}.
 * Thread-safe; each {@link #verify} call is one run with its own deadline.
 */
public final class Verifier {
  private static final int MAX_THREADS = 64;

  private final Catalogue catalogue;
  private final IssuerOptions options;
  private final Map<String, URI> baseUrls;
  private final Map<String, List<Catalogue.Region>> checkUrls;
  private final Map<String, Map<String, URI>> hostUrls;

  Verifier(Catalogue catalogue, IssuerOptions options) {
    this.catalogue = catalogue;
    this.options = options;
    this.baseUrls = baseUrls(catalogue, options);
    Map<String, Map<String, URI>> hosts = new LinkedHashMap<>();
    catalogue
        .issuers()
        .forEach(
            (name, issuer) -> {
              Map<String, URI> urls = new LinkedHashMap<>();
              issuer.hosts().keySet().forEach(h -> urls.put(h, issuer.hostUrl(h, options.env())));
              hosts.put(name, Map.copyOf(urls));
            });
    this.hostUrls = Map.copyOf(hosts);
    Map<String, List<Catalogue.Region>> regions = new LinkedHashMap<>();
    catalogue
        .issuers()
        .forEach((name, issuer) -> regions.put(name, issuer.checkUrls(options.env())));
    this.checkUrls = Map.copyOf(regions);
  }

  /**
   * A verifier with the built-in catalogue.
   *
   * @throws IllegalArgumentException when an issuer URL from the environment is not acceptable (not
   *     https, or http to a non-loopback address); the message names the variable
   */
  public static Verifier create(IssuerOptions options) {
    return new Verifier(Catalogue.builtin(), options);
  }

  static Map<String, URI> baseUrls(Catalogue catalogue, IssuerOptions options) {
    Map<String, URI> urls = new LinkedHashMap<>();
    catalogue.issuers().forEach((name, issuer) -> urls.put(name, issuer.baseUrl(options.env())));
    return Map.copyOf(urls);
  }

  Catalogue catalogue() {
    return catalogue;
  }

  IssuerOptions options() {
    return options;
  }

  URI baseUrl(String issuer) {
    return baseUrls.get(issuer);
  }

  /**
   * Where the issuer's checks go in turn: the environment's URL, else its documented regions, else
   * its URL ({@link Catalogue.Issuer#checkUrls}).
   */
  List<Catalogue.Region> regions(String issuer) {
    return checkUrls.get(issuer);
  }

  /**
   * Where {@code exchange} goes when it names another host of the issuer ({@code via}), else {@code
   * otherwise}.
   */
  URI hostUrl(String issuer, Exchange exchange, URI otherwise) {
    return exchange.via() == null ? otherwise : hostUrl(issuer, exchange.via());
  }

  /** The base URL of the issuer's other host {@code host} ({@link Catalogue.Issuer#hostUrl}). */
  URI hostUrl(String issuer, String host) {
    URI url = hostUrls.get(issuer).get(host);
    if (url == null) {
      throw new IllegalStateException("the issuer catalogue: " + issuer + " has no host " + host);
    }
    return url;
  }

  /**
   * Where a revocation goes: the region whose check answered (its {@code region} detail), else
   * {@code base} (the tenant's host, or the issuer's URL; {@link #parts}).
   */
  URI revokeUrl(String issuer, Map<String, String> details, URI base) {
    String region = details.get("region");
    return checkUrls.get(issuer).stream()
        .filter(r -> region != null && region.equals(r.name()))
        .map(Catalogue.Region::url)
        .findFirst()
        .orElse(base);
  }

  /**
   * The same findings, in the same order, each with a {@link Verification}: {@code active} with
   * owner, scopes and expiry when told; {@code inactive} with why; {@code unknown} with the error;
   * {@code unverifiable} when no safe check exists. Findings already verified are kept as they are.
   */
  public List<Finding> verify(List<Finding> findings) {
    Map<String, Finding> distinct = new LinkedHashMap<>();
    for (Finding f : findings) {
      if (f.verification() == null) {
        distinct.putIfAbsent(f.fingerprint(), f);
      }
    }
    Map<String, Verification> results =
        run(
            new IssuerHttp(options),
            List.copyOf(distinct.values()),
            this::check,
            reason -> new Verification(Status.UNKNOWN, null, List.of(), null, reason, Map.of()));
    List<Finding> out = new ArrayList<>(findings.size());
    for (Finding f : findings) {
      out.add(f.verification() != null ? f : f.withVerification(results.get(f.fingerprint())));
    }
    return out;
  }

  /** The check for one secret, on {@code http}'s deadline. */
  interface Check<T> {
    T apply(IssuerHttp http, Finding finding);
  }

  /**
   * Runs {@code check} for each finding concurrently and returns the results by fingerprint; what
   * is not done by the deadline, or fails unexpectedly, gets {@code failure(reason)}.
   */
  static <T> Map<String, T> run(
      IssuerHttp http, List<Finding> findings, Check<T> check, Function<String, T> failure) {
    Map<String, T> results = new LinkedHashMap<>();
    if (findings.isEmpty()) {
      return results;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(findings.size(), MAX_THREADS),
            runnable -> {
              Thread t = new Thread(runnable, "leakstop-issuer");
              t.setDaemon(true);
              return t;
            });
    try {
      Map<String, Future<T>> futures = new LinkedHashMap<>();
      for (Finding f : findings) {
        futures.put(f.fingerprint(), pool.submit(() -> check.apply(http, f)));
      }
      // A little grace past the deadline: requests in flight give up on their own at it.
      long end =
          System.nanoTime() + Math.max(0, http.remainingNanos()) + TimeUnit.SECONDS.toNanos(2);
      for (Map.Entry<String, Future<T>> e : futures.entrySet()) {
        T result;
        try {
          result = e.getValue().get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException timeout) {
          e.getValue().cancel(true);
          result = failure.apply("no answer before the deadline (" + http.deadlineText() + ")");
        } catch (ExecutionException failed) {
          Throwable cause = failed.getCause();
          result = failure.apply("internal error: " + cause.getClass().getSimpleName());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          result = failure.apply("interrupted");
        }
        results.put(e.getKey(), result);
      }
    } finally {
      pool.shutdownNow();
    }
    return results;
  }

  private Verification check(IssuerHttp http, Finding finding) {
    Optional<Family> family = catalogue.family(finding.ruleId());
    if (family.isEmpty()) {
      return Verification.unverifiable("leakstop has no check for " + finding.ruleId());
    }
    Family f = family.get();
    if (!f.verifiable()) {
      return Verification.unverifiable(f.unverifiable());
    }
    if (!f.accepts(finding.secret())) {
      return Verification.unverifiable(
          "does not have the form of a " + f.issuer() + " token; not sent");
    }
    Catalogue.Issuer issuer = catalogue.issuers().get(f.issuer());
    CredentialParts.Resolved parts = parts(f, finding);
    if (parts.refusal() != null) {
      return Verification.unverifiable(parts.refusal());
    }
    if (f.verifyHandler() != null) {
      return Handlers.verify(f, http, issuer, parts, finding);
    }
    Exchange exchange = f.verify();
    Exchanges.Holes holes =
        Exchanges.Holes.of(finding.secret())
            .withCompanions(parts.companions())
            .withParts(f.parts(finding.secret()));
    // A per-tenant host names the one place the secret belongs (as does another host the check
    // names); otherwise the issuer's regions.
    List<Catalogue.Region> regions =
        f.host() != null || exchange.via() != null
            ? List.of(
                new Catalogue.Region(null, hostUrl(f.issuer(), exchange, parts.base()), List.of()))
            : checkUrls.get(f.issuer());
    Verification unknown = null;
    List<String> invalidIn = new ArrayList<>();
    for (Catalogue.Region region : regions) {
      Verification v;
      try {
        Answer answer = http.send(issuer, Exchanges.request(region.url(), issuer, exchange, holes));
        v = read(f.issuer(), exchange, answer, finding.secret());
      } catch (IssuerHttp.Unavailable e) {
        v = unknown(e.getMessage(), finding);
      }
      if (region.name() == null) {
        if (v.status() == Status.INACTIVE && parts.fallbackHost() != null) {
          // Rejected by the default tenant (Datadog's US1): a secret of another one is rejected
          // there too.
          return unknown(
              "rejected by "
                  + parts.fallbackHost()
                  + ", the default; a "
                  + f.issuer()
                  + " secret of another site is rejected there too, and none was found beside it ("
                  + v.reason()
                  + ")",
              finding);
        }
        return v;
      }
      switch (v.status()) {
        case ACTIVE -> {
          Map<String, String> details = new LinkedHashMap<>(v.details());
          details.put("region", region.name());
          return new Verification(
              v.status(), v.owner(), v.scopes(), v.expiresAt(), v.reason(), details);
        }
        case INACTIVE -> invalidIn.add(region.name());
        default -> unknown = unknown == null ? v : unknown;
      }
    }
    // A key one region could not judge may be live there: never call it dead.
    if (unknown != null) {
      return new Verification(
          Status.UNKNOWN,
          null,
          List.of(),
          null,
          unknown.reason()
              + (invalidIn.isEmpty() ? "" : " (invalid in " + String.join(", ", invalidIn) + ")"),
          Map.of());
    }
    return new Verification(
        Status.INACTIVE,
        null,
        List.of(),
        null,
        "rejected by every " + f.issuer() + " region (" + String.join(", ", invalidIn) + ")",
        Map.of());
  }

  /** Where this finding's requests go and with which companions, or why nothing is sent. */
  CredentialParts.Resolved parts(Family family, Finding finding) {
    Catalogue.Issuer issuer = catalogue.issuers().get(family.issuer());
    return CredentialParts.resolve(
        family, finding, baseUrls.get(family.issuer()), issuer.overridden(options.env()));
  }

  static Verification unknown(String reason, Finding finding) {
    return new Verification(
        Status.UNKNOWN, null, List.of(), null, Exchanges.scrub(reason, finding.secret()), Map.of());
  }

  /** What an answer to a verify request says. */
  static Verification read(String issuer, Exchange exchange, Answer answer, String secret) {
    Optional<Outcome> outcome = Exchanges.match(exchange.outcomes(), answer);
    boolean malformed = answer.success() && !answer.body().isBlank() && answer.json() == null;
    if (outcome.isEmpty() || malformed) {
      return new Verification(
          Status.UNKNOWN,
          null,
          List.of(),
          null,
          Exchanges.scrub(Exchanges.unexpected(issuer, answer), secret),
          Map.of());
    }
    Outcome o = outcome.get();
    String reason = o.reasonFrom() != null ? Exchanges.text(o.reasonFrom(), answer) : o.reason();
    reason = Exchanges.scrub(reason == null ? null : Exchanges.shorten(reason), secret);
    if (o.result().equals("inactive")) {
      return new Verification(
          Status.INACTIVE,
          null,
          List.of(),
          null,
          reason == null ? "rejected by " + issuer : reason,
          Map.of());
    }
    if (o.result().equals("unknown")) {
      // An answer that cannot tell a dead secret from a live one elsewhere (another region's key).
      return new Verification(
          Status.UNKNOWN,
          null,
          List.of(),
          null,
          reason == null ? "not decided by " + issuer : reason,
          Map.of());
    }
    if (!o.result().equals("active")) {
      throw new IllegalStateException(
          "the issuer catalogue: verify outcome '" + o.result() + "' for " + issuer);
    }
    Map<String, String> details = new LinkedHashMap<>();
    for (Map.Entry<String, Read> d : exchange.details().entrySet()) {
      String value = Exchanges.text(d.getValue(), answer);
      if (value != null) {
        details.put(d.getKey(), Exchanges.scrub(Exchanges.shorten(value), secret));
      }
    }
    String expiresText = Exchanges.text(exchange.expires(), answer);
    java.time.Instant expires =
        exchange.expires() != null && exchange.expires().relativeSeconds()
            ? Exchanges.inSeconds(expiresText)
            : Exchanges.instant(expiresText);
    if (expiresText != null && expires == null) {
      details.put("expires", Exchanges.shorten(expiresText));
    }
    String owner = Exchanges.text(exchange.owner(), answer);
    List<String> scopes = Exchanges.list(exchange.scopes(), answer);
    return new Verification(
        Status.ACTIVE,
        owner == null ? null : Exchanges.scrub(owner, secret),
        scopes,
        expires,
        reason,
        details);
  }
}
