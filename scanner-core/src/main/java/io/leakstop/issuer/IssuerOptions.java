package io.leakstop.issuer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How to talk to issuers.
 *
 * @param env the process environment (injected so tests can point issuers at a simulator); only the
 *     catalogue's {@code LEAKSTOP_<ISSUER>_URL} variables (and its other hosts' {@code
 *     LEAKSTOP_<ISSUER>_<HOST>_URL}), {@code GITHUB_API_URL} and the state-directory variables are
 *     read from it
 * @param connectTimeout per connection attempt
 * @param requestTimeout per request, from sending to the whole answer
 * @param deadline for a whole {@code verify} or {@code revoke} call; what is not done by then is
 *     reported {@code unknown} (or {@code skipped}) with the reason
 * @param concurrency requests in flight per issuer; 0 for each issuer's catalogue default
 * @param maxAttempts tries per request on 5xx, network errors and rate limits
 * @param backoff first retry delay; doubled per attempt, with jitter of up to half of it either way
 * @param dryRun decide what would be revoked but send no revocation (nor write the audit log)
 * @param auditLog JSON-lines file every revocation attempt is appended to
 * @param notices receives one-line warnings (a malformed audit line, an issuer being rate limited)
 */
public record IssuerOptions(
    Map<String, String> env,
    Duration connectTimeout,
    Duration requestTimeout,
    Duration deadline,
    int concurrency,
    int maxAttempts,
    Duration backoff,
    boolean dryRun,
    Path auditLog,
    Consumer<String> notices) {

  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(60);

  public IssuerOptions {
    env = Map.copyOf(env);
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(backoff, "backoff");
    notices = notices == null ? message -> {} : notices;
    auditLog = auditLog == null ? defaultAuditLog(env) : auditLog;
    maxAttempts = Math.max(1, maxAttempts);
  }

  /**
   * Connect {@code 5s}, request {@code 10s}, deadline {@code 60s}, catalogue concurrency, 3
   * attempts, backoff {@code 250ms}.
   */
  public static IssuerOptions defaults(Map<String, String> env) {
    return new IssuerOptions(
        env,
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        DEFAULT_DEADLINE,
        0,
        3,
        Duration.ofMillis(250),
        false,
        null,
        null);
  }

  public IssuerOptions withDeadline(Duration d) {
    return toBuilder().deadline(d).build();
  }

  public IssuerOptions withTimeouts(Duration connect, Duration request) {
    return toBuilder().connectTimeout(connect).requestTimeout(request).build();
  }

  public IssuerOptions withConcurrency(int perIssuer) {
    return toBuilder().concurrency(perIssuer).build();
  }

  public IssuerOptions withRetries(int attempts, Duration firstDelay) {
    return toBuilder().maxAttempts(attempts).backoff(firstDelay).build();
  }

  public IssuerOptions withDryRun(boolean dry) {
    return toBuilder().dryRun(dry).build();
  }

  public IssuerOptions withAuditLog(Path file) {
    return toBuilder().auditLog(file).build();
  }

  public IssuerOptions withNotices(Consumer<String> sink) {
    return toBuilder().notices(sink).build();
  }

  /** A builder holding these options, to change some of them. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Options changed one at a time, from a copy of others ({@link #toBuilder()}). */
  public static final class Builder {
    private Map<String, String> env;
    private Duration connectTimeout;
    private Duration requestTimeout;
    private Duration deadline;
    private int concurrency;
    private int maxAttempts;
    private Duration backoff;
    private boolean dryRun;
    private Path auditLog;
    private Consumer<String> notices;

    private Builder(IssuerOptions from) {
      env = from.env;
      connectTimeout = from.connectTimeout;
      requestTimeout = from.requestTimeout;
      deadline = from.deadline;
      concurrency = from.concurrency;
      maxAttempts = from.maxAttempts;
      backoff = from.backoff;
      dryRun = from.dryRun;
      auditLog = from.auditLog;
      notices = from.notices;
    }

    public Builder env(Map<String, String> value) {
      env = value;
      return this;
    }

    public Builder connectTimeout(Duration value) {
      connectTimeout = value;
      return this;
    }

    public Builder requestTimeout(Duration value) {
      requestTimeout = value;
      return this;
    }

    public Builder deadline(Duration value) {
      deadline = value;
      return this;
    }

    public Builder concurrency(int value) {
      concurrency = value;
      return this;
    }

    public Builder maxAttempts(int value) {
      maxAttempts = value;
      return this;
    }

    public Builder backoff(Duration value) {
      backoff = value;
      return this;
    }

    public Builder dryRun(boolean value) {
      dryRun = value;
      return this;
    }

    public Builder auditLog(Path value) {
      auditLog = value;
      return this;
    }

    public Builder notices(Consumer<String> value) {
      notices = value;
      return this;
    }

    public IssuerOptions build() {
      return new IssuerOptions(
          env,
          connectTimeout,
          requestTimeout,
          deadline,
          concurrency,
          maxAttempts,
          backoff,
          dryRun,
          auditLog,
          notices);
    }
  }

  /**
   * {@code $XDG_STATE_HOME/leakstop/audit.jsonl}, else {@code ~/.local/state/leakstop/audit.jsonl}.
   */
  public static Path defaultAuditLog(Map<String, String> env) {
    String state = env.get("XDG_STATE_HOME");
    if (state != null && !state.isBlank() && Path.of(state).isAbsolute()) {
      return Path.of(state, "leakstop", "audit.jsonl");
    }
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    return Path.of(home, ".local", "state", "leakstop", "audit.jsonl");
  }
}
