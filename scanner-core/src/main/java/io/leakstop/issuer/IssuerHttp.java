package io.leakstop.issuer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakstop.Version;
import io.leakstop.net.Endpoints;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP to issuers for one verify or revoke run: never follows redirects (a credential must not
 * travel to wherever a 3xx points), bounds requests in flight per issuer, honours {@code
 * Retry-After}, {@code x-ratelimit-remaining}/{@code x-ratelimit-reset} and 429 answers by pausing
 * the whole issuer, retries 5xx and network errors with exponential backoff and jitter, and gives
 * up at the run's deadline. Messages it produces never contain request headers or bodies.
 */
final class IssuerHttp {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 1 << 20;

  /** GitHub: a 403 rate limit without headers means wait at least a minute. */
  private static final Duration UNSPECIFIED_LIMIT_WAIT = Duration.ofSeconds(60);

  private final IssuerOptions options;
  private final long deadlineNanos;
  private final HttpClient client;
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

  IssuerHttp(IssuerOptions options) {
    this.options = options;
    this.deadlineNanos = System.nanoTime() + options.deadline().toNanos();
    this.client =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(options.connectTimeout())
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  /** An issuer's answer; {@code json} is null when the body is empty or not JSON. */
  record Answer(int status, HttpHeaders headers, String body, JsonNode json) {
    Optional<String> header(String name) {
      return headers.firstValue(name);
    }

    boolean success() {
      return status >= 200 && status < 300;
    }

    /** The issuer's id of this request (its catalogue {@code request-id} header), or null. */
    String requestId(Catalogue.Issuer issuer) {
      return issuer.requestIdHeader() == null
          ? null
          : header(issuer.requestIdHeader()).orElse(null);
    }
  }

  /** The issuer could not give an answer: unreachable, too slow, rate limited past the deadline. */
  static final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;

    Unavailable(String message) {
      super(message, null, false, false);
    }
  }

  static String userAgent() {
    return "leakstop/" + Version.current();
  }

  long remainingNanos() {
    return deadlineNanos - System.nanoTime();
  }

  String deadlineText() {
    return options.deadline().toSeconds() + " s";
  }

  /** Told of each attempt of a request, so that each can be recorded (see {@link AuditLog}). */
  interface Attempts {
    Attempts NONE =
        new Attempts() {
          @Override
          public void sending(int attempt) {}

          @Override
          public void retrying(int attempt, String problem) {}
        };

    /** Just before attempt {@code attempt} (from 1) goes out. */
    void sending(int attempt);

    /**
     * Attempt {@code attempt} got no usable answer ({@code problem}) and the request is sent again.
     */
    void retrying(int attempt, String problem);
  }

  /** Sends {@code request} to {@code issuer}, retrying as documented above. */
  Answer send(Catalogue.Issuer issuer, HttpRequest.Builder request) throws Unavailable {
    return send(issuer, request, Attempts.NONE);
  }

  /**
   * As {@link #send(Catalogue.Issuer, HttpRequest.Builder)}, telling {@code attempts} of each
   * attempt.
   */
  Answer send(Catalogue.Issuer issuer, HttpRequest.Builder request, Attempts attempts)
      throws Unavailable {
    Lane lane =
        lanes.computeIfAbsent(
            issuer.name(),
            n ->
                new Lane(options.concurrency() > 0 ? options.concurrency() : issuer.concurrency()));
    request.setHeader("User-Agent", userAgent());
    String where = issuer.name();
    String lastProblem = null;
    for (int attempt = 1; attempt <= options.maxAttempts(); attempt++) {
      Answer answer;
      Duration limited = null;
      acquire(lane, where);
      try {
        // After acquiring: a request queued behind one that hit a rate limit must see the pause.
        lane.awaitUnpaused(where);
        long timeout = Math.min(options.requestTimeout().toNanos(), remainingNanos());
        if (timeout <= 0) {
          throw new Unavailable("no answer from " + where + " before the deadline");
        }
        attempts.sending(attempt);
        answer = exchange(request.timeout(Duration.ofNanos(timeout)).build());
        // Pause the issuer before letting the next request through.
        lane.noteBudget(answer);
        limited = rateLimitWait(answer, attempt);
        if (limited != null) {
          lane.pauseFor(limited);
        }
      } catch (IOException e) {
        lastProblem = describe(where, e);
        answer = null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Unavailable("interrupted while waiting for " + where);
      } finally {
        lane.permits.release();
      }
      if (answer != null) {
        if (limited != null) {
          lastProblem =
              "rate limited by "
                  + where
                  + " (HTTP "
                  + answer.status()
                  + ", retry after "
                  + Math.max(1, limited.toSeconds())
                  + " s)";
          if (attempt < options.maxAttempts() && limited.toNanos() < remainingNanos()) {
            options.notices().accept(lastProblem);
            attempts.retrying(attempt, lastProblem);
            continue;
          }
          throw new Unavailable(
              lastProblem + (limited.toNanos() >= remainingNanos() ? ", past the deadline" : ""));
        }
        if (answer.status() < 500) {
          return answer;
        }
        lastProblem = "HTTP " + answer.status() + " from " + where;
        if (attempt == options.maxAttempts()) {
          return answer;
        }
      }
      if (attempt < options.maxAttempts()) {
        attempts.retrying(attempt, lastProblem);
        if (!sleep(backoff(attempt))) {
          break;
        }
      }
    }
    throw new Unavailable(
        lastProblem
            + " after "
            + options.maxAttempts()
            + (options.maxAttempts() == 1 ? " attempt" : " attempts"));
  }

  private void acquire(Lane lane, String where) throws Unavailable {
    try {
      if (!lane.permits.tryAcquire(Math.max(0, remainingNanos()), TimeUnit.NANOSECONDS)) {
        throw new Unavailable("no answer from " + where + " before the deadline");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted while waiting for " + where);
    }
  }

  private Answer exchange(HttpRequest request) throws IOException, InterruptedException {
    Endpoints.check("issuer request", request.uri());
    HttpResponse<InputStream> response =
        client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    byte[] bytes;
    try (InputStream in = response.body()) {
      bytes = in.readNBytes(MAX_BODY);
    }
    String body = new String(bytes, StandardCharsets.UTF_8);
    JsonNode json = null;
    if (!body.isBlank()) {
      try {
        json = JSON.readTree(body);
      } catch (IOException notJson) {
        json = null;
      }
    }
    return new Answer(response.statusCode(), response.headers(), body, json);
  }

  /** How long to wait before asking again, or null if the answer is not a rate limit. */
  private Duration rateLimitWait(Answer answer, int attempt) {
    boolean exhausted =
        answer.header("x-ratelimit-remaining").map(String::trim).filter("0"::equals).isPresent();
    Optional<Duration> retryAfter =
        answer.header("Retry-After").flatMap(IssuerHttp::parseRetryAfter);
    boolean limited =
        answer.status() == 429
            || (answer.status() == 403
                && (exhausted
                    || retryAfter.isPresent()
                    || answer.body().toLowerCase(Locale.ROOT).contains("rate limit")));
    if (!limited) {
      return null;
    }
    if (retryAfter.isPresent()) {
      return retryAfter.get();
    }
    Optional<Duration> untilReset =
        answer.header("x-ratelimit-reset").flatMap(IssuerHttp::untilEpoch);
    if (exhausted && untilReset.isPresent()) {
      return untilReset.get();
    }
    return answer.status() == 403 ? UNSPECIFIED_LIMIT_WAIT : backoff(attempt);
  }

  /** Seconds or an HTTP date. */
  static Optional<Duration> parseRetryAfter(String value) {
    String v = value.trim();
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return Optional.of(
            Duration.between(Instant.now(), at).isNegative()
                ? Duration.ZERO
                : Duration.between(Instant.now(), at));
      } catch (RuntimeException notDate) {
        return Optional.empty();
      }
    }
  }

  private static Optional<Duration> untilEpoch(String value) {
    try {
      long wait = Long.parseLong(value.trim()) - Instant.now().getEpochSecond();
      return Optional.of(Duration.ofSeconds(Math.max(1, wait + 1)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private Duration backoff(int attempt) {
    double jitter = 0.5 + ThreadLocalRandom.current().nextDouble();
    long base = options.backoff().toNanos() << Math.min(attempt - 1, 10);
    return Duration.ofNanos((long) (base * jitter));
  }

  /** Sleeps unless that would pass the deadline; false if it would. */
  private boolean sleep(Duration d) {
    if (d.toNanos() >= remainingNanos()) {
      return false;
    }
    try {
      TimeUnit.NANOSECONDS.sleep(d.toNanos());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String describe(String where, IOException e) {
    if (e instanceof HttpConnectTimeoutException) {
      return "cannot connect to " + where + ": timed out";
    }
    if (e instanceof HttpTimeoutException) {
      return "no answer from " + where + " in time";
    }
    if (e instanceof ConnectException) {
      return "cannot connect to " + where + ": connection refused";
    }
    String message = e.getMessage();
    return "cannot reach "
        + where
        + ": "
        + (message == null ? e.getClass().getSimpleName() : message);
  }

  static URI resolve(URI base, String path) {
    return URI.create(base.toString() + path);
  }

  /**
   * One issuer's share of the run: a bound on requests in flight, and a pause after a rate limit.
   */
  private final class Lane {
    final Semaphore permits;
    final AtomicLong pausedUntilNanos = new AtomicLong(Long.MIN_VALUE);

    Lane(int concurrency) {
      this.permits = new Semaphore(Math.max(1, concurrency), true);
    }

    void pauseFor(Duration d) {
      long until = System.nanoTime() + d.toNanos();
      pausedUntilNanos.accumulateAndGet(until, Math::max);
    }

    void noteBudget(Answer answer) {
      boolean exhausted =
          answer.header("x-ratelimit-remaining").map(String::trim).filter("0"::equals).isPresent();
      if (exhausted && answer.success()) {
        answer
            .header("x-ratelimit-reset")
            .flatMap(IssuerHttp::untilEpoch)
            .ifPresent(this::pauseFor);
      }
    }

    void awaitUnpaused(String where) throws Unavailable {
      long until = pausedUntilNanos.get();
      long wait = until - System.nanoTime();
      if (until == Long.MIN_VALUE || wait <= 0) {
        return;
      }
      if (wait >= remainingNanos()) {
        throw new Unavailable(
            "rate limited by "
                + where
                + " for another "
                + Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait))
                + " s, past the deadline");
      }
      try {
        TimeUnit.NANOSECONDS.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Unavailable("interrupted while waiting for " + where);
      }
    }
  }
}
