package io.leakstop.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 that answers like one issuer's API, as documented in
 * docs/issuers.md: live, revoked, expired and unknown tokens; scopes, expiry and rate-limit
 * headers; and on demand 5xx, rate limits, slow, malformed and redirecting answers. It records every
 * request (method, path, the credential it carried, the tokens in its body) so tests can assert
 * exactly what leakstop sent.
 */
public final class IssuerSimulator implements AutoCloseable {
  public enum Kind {
    GITHUB("LEAKSTOP_GITHUB_URL"),
    GITLAB("LEAKSTOP_GITLAB_URL"),
    SLACK("LEAKSTOP_SLACK_URL"),
    NPM("LEAKSTOP_NPM_URL"),
    DOPPLER("LEAKSTOP_DOPPLER_URL"),
    HUGGINGFACE("LEAKSTOP_HUGGINGFACE_URL"),
    OPENAI("LEAKSTOP_OPENAI_URL"),
    ANTHROPIC("LEAKSTOP_ANTHROPIC_URL"),
    STRIPE("LEAKSTOP_STRIPE_URL"),
    DISCORD("LEAKSTOP_DISCORD_URL");

    public final String envVar;

    Kind(String envVar) {
      this.envVar = envVar;
    }
  }

  public enum State { LIVE, REVOKED, EXPIRED }

  /** A token the simulated issuer knows. */
  public record Account(State state, String owner, List<String> scopes, String expiry) {}

  /**
   * One request as received.
   *
   * @param credential the token it authenticated with (Authorization, PRIVATE-TOKEN or x-api-key),
   *     null when unauthenticated
   */
  public record Request(String method, String path, String credential, String body) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  /** GitHub: unauthenticated requests to /credentials/revoke per hour. */
  public static final int GITHUB_REVOKE_BUDGET = 60;

  private final Kind kind;
  private final HttpServer server;
  private final ExecutorService pool;
  private final Map<String, Account> tokens = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<String> scripted = new CopyOnWriteArrayList<>();
  private final AtomicInteger revokeBudget = new AtomicInteger(GITHUB_REVOKE_BUDGET);
  private final AtomicInteger requestIds = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private volatile Duration latency = Duration.ZERO;
  private volatile Duration revocationHold = Duration.ZERO;
  private volatile boolean heldRevocationsTakeEffect;

  private IssuerSimulator(Kind kind) throws IOException {
    this.kind = kind;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
    this.pool = Executors.newFixedThreadPool(64, r -> {
      Thread t = new Thread(r, "issuer-simulator-" + kind.name().toLowerCase());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    server.start();
  }

  public static IssuerSimulator start(Kind kind) {
    try {
      return new IssuerSimulator(kind);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the " + kind + " simulator", e);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The environment entry that points leakstop at this simulator. */
  public Map.Entry<String, String> env() {
    return Map.entry(kind.envVar, url());
  }

  public IssuerSimulator live(String token) {
    return live(token, "octocat", List.of("repo", "read:org"), null);
  }

  /** @param expiry as the issuer writes it (GitHub: {@code 2030-01-02 03:04:05 UTC}), or null */
  public IssuerSimulator live(String token, String owner, List<String> scopes, String expiry) {
    tokens.put(token, new Account(State.LIVE, owner, scopes, expiry));
    return this;
  }

  public IssuerSimulator revoked(String token) {
    tokens.put(token, new Account(State.REVOKED, "octocat", List.of(), null));
    return this;
  }

  public IssuerSimulator expired(String token) {
    tokens.put(token, new Account(State.EXPIRED, "octocat", List.of(), null));
    return this;
  }

  public State state(String token) {
    Account a = tokens.get(token);
    return a == null ? null : a.state();
  }

  /** Delay before every answer. */
  public IssuerSimulator latency(Duration d) {
    latency = d;
    return this;
  }

  /**
   * Holds each revocation request (a DELETE, or GitHub's {@code POST /credentials/revoke}) open for
   * {@code d} after receiving it, as an issuer that is slow to answer; then, with {@code takeEffect},
   * revokes and answers as usual (whether or not the client is still there), else drops it unanswered
   * and unapplied. {@link Duration#ZERO} stops holding.
   */
  public IssuerSimulator holdRevocations(Duration d, boolean takeEffect) {
    revocationHold = d;
    heldRevocationsTakeEffect = takeEffect;
    return this;
  }

  /**
   * The next answers, in order, before normal service: {@code "500"}/{@code "503"} (server error),
   * {@code "429"} (rate limited, Retry-After: 1), {@code "429-long"} (Retry-After: 3600),
   * {@code "403-exhausted"} (GitHub primary limit: x-ratelimit-remaining 0, reset in 1 s),
   * {@code "malformed"} (200 with HTML), {@code "redirect"} (302 elsewhere), {@code "slow"} (5 s).
   */
  public IssuerSimulator script(String... answers) {
    scripted.addAll(List.of(answers));
    return this;
  }

  /** The most requests this simulator was answering at once. */
  public int maxInFlight() {
    return maxInFlight.get();
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public void clearRequests() {
    requests.clear();
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String credential = credential(ex);
      String path = ex.getRequestURI().getRawPath();
      requests.add(new Request(ex.getRequestMethod(), path, credential, body));
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        if (!latency.isZero()) {
          Thread.sleep(latency.toMillis());
        }
      } finally {
        inFlight.decrementAndGet();
      }
      boolean revocation = ex.getRequestMethod().equals("DELETE") || path.equals("/credentials/revoke");
      if (revocation && !revocationHold.isZero()) {
        Thread.sleep(revocationHold.toMillis());
        if (!heldRevocationsTakeEffect) {
          return;
        }
      }
      if (!scripted.isEmpty() && scriptedAnswer(ex, scripted.remove(0))) {
        return;
      }
      if (ex.getRequestHeaders().getFirst("User-Agent") == null) {
        send(ex, 403, "{\"message\":\"Request forbidden by administrative rules. Please make sure your request has a User-Agent header\"}");
        return;
      }
      switch (kind) {
        case GITHUB -> github(ex, path, credential, body);
        case GITLAB -> gitlab(ex, path, credential);
        case SLACK -> slack(ex, path, credential);
        case NPM -> npm(ex, path, credential);
        case DOPPLER -> doppler(ex, path, credential, body);
        default -> simple(ex, path, credential);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      send(ex, 500, "{\"message\":\"simulator: " + e + "\"}");
    }
  }

  private boolean scriptedAnswer(HttpExchange ex, String answer) throws IOException, InterruptedException {
    switch (answer) {
      case "500", "502", "503" -> send(ex, Integer.parseInt(answer), "{\"message\":\"Server Error\"}");
      case "429" -> {
        ex.getResponseHeaders().set("Retry-After", "1");
        send(ex, 429, "{\"message\":\"Too Many Requests\"}");
      }
      case "429-long" -> {
        ex.getResponseHeaders().set("Retry-After", "3600");
        send(ex, 429, "{\"message\":\"Too Many Requests\"}");
      }
      case "403-exhausted" -> {
        ex.getResponseHeaders().set("x-ratelimit-limit", "5000");
        ex.getResponseHeaders().set("x-ratelimit-remaining", "0");
        ex.getResponseHeaders().set("x-ratelimit-reset", String.valueOf(Instant.now().getEpochSecond() + 1));
        send(ex, 403, "{\"message\":\"API rate limit exceeded for user.\"}");
      }
      case "malformed" -> send(ex, 200, "<html><body>Service temporarily unavailable</body></html>");
      case "redirect" -> {
        ex.getResponseHeaders().set("Location", "https://elsewhere.example/steal");
        send(ex, 302, "");
      }
      case "slow" -> {
        Thread.sleep(5000);
        return false;
      }
      default -> throw new IllegalArgumentException("unknown scripted answer " + answer);
    }
    return true;
  }

  private static String credential(HttpExchange ex) {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    if (auth != null) {
      int space = auth.indexOf(' ');
      return space < 0 ? auth : auth.substring(space + 1).trim();
    }
    String gitlab = ex.getRequestHeaders().getFirst("PRIVATE-TOKEN");
    if (gitlab != null) {
      return gitlab;
    }
    return ex.getRequestHeaders().getFirst("x-api-key");
  }

  private Account account(String credential) {
    return credential == null ? null : tokens.get(credential);
  }

  private boolean isLive(String credential) {
    Account a = account(credential);
    return a != null && a.state() == State.LIVE;
  }

  private void github(HttpExchange ex, String path, String credential, String body) throws IOException {
    ex.getResponseHeaders().set("X-GitHub-Request-Id", "GH-" + requestIds.incrementAndGet());
    if (path.equals("/user") && ex.getRequestMethod().equals("GET")) {
      if (!isLive(credential)) {
        send(ex, 401, "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"401\"}");
        return;
      }
      Account a = account(credential);
      ex.getResponseHeaders().set("x-ratelimit-limit", "5000");
      ex.getResponseHeaders().set("x-ratelimit-remaining", "4999");
      ex.getResponseHeaders().set("x-ratelimit-reset", String.valueOf(Instant.now().getEpochSecond() + 3600));
      if (credential.startsWith("ghs_")) {
        send(ex, 403, "{\"message\":\"Resource not accessible by integration\",\"status\":\"403\"}");
        return;
      }
      if (credential.startsWith("ghp_") || credential.startsWith("gho_")) {
        ex.getResponseHeaders().set("X-OAuth-Scopes", String.join(", ", a.scopes()));
      }
      if (a.expiry() != null) {
        ex.getResponseHeaders().set("GitHub-Authentication-Token-Expiration", a.expiry());
      }
      send(ex, 200, "{\"login\":\"" + a.owner() + "\",\"id\":583231,\"type\":\"User\"}");
    } else if (path.equals("/credentials/revoke") && ex.getRequestMethod().equals("POST")) {
      if (credential != null) {
        send(ex, 403, "{\"message\":\"This endpoint must be called without authentication\"}");
        return;
      }
      if (revokeBudget.getAndDecrement() <= 0) {
        ex.getResponseHeaders().set("x-ratelimit-limit", String.valueOf(GITHUB_REVOKE_BUDGET));
        ex.getResponseHeaders().set("x-ratelimit-remaining", "0");
        ex.getResponseHeaders().set("x-ratelimit-reset", String.valueOf(Instant.now().getEpochSecond() + 3600));
        send(ex, 403, "{\"message\":\"API rate limit exceeded\"}");
        return;
      }
      JsonNode credentials = JSON.readTree(body).path("credentials");
      if (!credentials.isArray() || credentials.isEmpty() || credentials.size() > 1000) {
        send(ex, 422, "{\"message\":\"Validation failed, or the endpoint has been spammed.\"}");
        return;
      }
      credentials.forEach(c -> tokens.computeIfPresent(c.asText(), (t, a) -> new Account(State.REVOKED, a.owner(), a.scopes(), a.expiry())));
      send(ex, 202, "{}");
    } else if (path.equals("/installation/token") && ex.getRequestMethod().equals("DELETE")) {
      if (credential != null && credential.startsWith("ghs_") && isLive(credential)) {
        revoke(credential);
        send(ex, 204, "");
      } else {
        send(ex, 401, "{\"message\":\"Bad credentials\"}");
      }
    } else {
      send(ex, 404, "{\"message\":\"Not Found\"}");
    }
  }

  private void gitlab(HttpExchange ex, String path, String credential) throws IOException {
    ex.getResponseHeaders().set("X-Request-Id", "GL-" + requestIds.incrementAndGet());
    if (!path.equals("/api/v4/personal_access_tokens/self")) {
      send(ex, 404, "{\"message\":\"404 Not Found\"}");
      return;
    }
    Account a = account(credential);
    if (a == null) {
      send(ex, 401, "{\"message\":\"401 Unauthorized\"}");
    } else if (a.state() == State.REVOKED) {
      send(ex, 401, "{\"error\":\"invalid_token\",\"error_description\":\"Token was revoked. You have to re-authorize from the user.\"}");
    } else if (a.state() == State.EXPIRED) {
      send(ex, 401, "{\"error\":\"invalid_token\",\"error_description\":\"Token is expired. You can either do re-authorization or token refresh.\"}");
    } else if (ex.getRequestMethod().equals("DELETE")) {
      revoke(credential);
      send(ex, 204, "");
    } else {
      ObjectNode o = JSON.createObjectNode();
      o.put("id", 42).put("name", "ci token").put("revoked", false).put("active", true).put("user_id", 7);
      a.scopes().forEach(o.putArray("scopes")::add);
      o.put("expires_at", a.expiry());
      send(ex, 200, o.toString());
    }
  }

  private void slack(HttpExchange ex, String path, String credential) throws IOException {
    ex.getResponseHeaders().set("X-Slack-Req-Id", "SL-" + requestIds.incrementAndGet());
    Account a = account(credential);
    String error = a == null ? "invalid_auth" : a.state() == State.REVOKED ? "token_revoked" : a.state() == State.EXPIRED ? "token_expired" : null;
    if (path.equals("/api/auth.test")) {
      send(ex, 200, error != null ? "{\"ok\":false,\"error\":\"" + error + "\"}"
          : "{\"ok\":true,\"url\":\"https://acme.slack.com/\",\"team\":\"Acme\",\"user\":\"" + a.owner() + "\",\"team_id\":\"T1\",\"user_id\":\"U1\"}");
    } else if (path.equals("/api/auth.revoke")) {
      if (error == null) {
        revoke(credential);
      }
      send(ex, 200, error != null ? "{\"ok\":false,\"error\":\"" + error + "\"}" : "{\"ok\":true,\"revoked\":true}");
    } else {
      send(ex, 200, "{\"ok\":false,\"error\":\"unknown_method\"}");
    }
  }

  private void npm(HttpExchange ex, String path, String credential) throws IOException {
    ex.getResponseHeaders().set("npm-notice", "NPM-" + requestIds.incrementAndGet());
    if (!isLive(credential)) {
      send(ex, 401, "{\"error\":\"You must be logged in\"}");
      return;
    }
    Account a = account(credential);
    if (path.equals("/-/whoami")) {
      send(ex, 200, "{\"username\":\"" + a.owner() + "\"}");
    } else if (path.equals("/-/npm/v1/tokens") && ex.getRequestMethod().equals("GET")) {
      ObjectNode o = JSON.createObjectNode();
      var objects = o.putArray("objects");
      tokens.forEach((token, acc) -> {
        if (acc.state() == State.LIVE && acc.owner().equals(a.owner())) {
          objects.addObject().put("token", token.substring(0, 6) + "…").put("key", sha512(token)).put("readonly", false);
        }
      });
      o.put("total", objects.size());
      o.putObject("urls");
      send(ex, 200, o.toString());
    } else if (path.startsWith("/-/npm/v1/tokens/token/") && ex.getRequestMethod().equals("DELETE")) {
      String key = path.substring("/-/npm/v1/tokens/token/".length());
      String target = tokens.keySet().stream().filter(t -> sha512(t).equals(key)).findFirst().orElse(null);
      if (target == null || !tokens.get(target).owner().equals(a.owner())) {
        send(ex, 404, "{\"error\":\"not found\"}");
        return;
      }
      revoke(target);
      send(ex, 204, "");
    } else {
      send(ex, 404, "{\"error\":\"not found\"}");
    }
  }

  private void doppler(HttpExchange ex, String path, String credential, String body) throws IOException {
    ex.getResponseHeaders().set("x-request-id", "DP-" + requestIds.incrementAndGet());
    if (!isLive(credential)) {
      send(ex, 401, "{\"messages\":[\"Invalid Auth token\"],\"success\":false}");
    } else if (path.equals("/v3/me")) {
      send(ex, 200, "{\"workplace\":{\"name\":\"Acme\"},\"type\":\"personal\",\"name\":\"laptop\"}");
    } else if (path.equals("/v3/auth/revoke")) {
      String token = JSON.readTree(body).path("token").asText();
      if (isLive(token)) {
        revoke(token);
      }
      send(ex, 200, "{\"success\":true}");
    } else {
      send(ex, 404, "{\"messages\":[\"Not found\"],\"success\":false}");
    }
  }

  /** Issuers with only a read-only check in leakstop: Hugging Face, OpenAI, Anthropic, Stripe, Discord. */
  private void simple(HttpExchange ex, String path, String credential) throws IOException {
    ex.getResponseHeaders().set("x-request-id", "RQ-" + requestIds.incrementAndGet());
    String expected = switch (kind) {
      case HUGGINGFACE -> "/api/whoami-v2";
      case OPENAI, ANTHROPIC -> "/v1/models";
      case STRIPE -> "/v1/charges";
      case DISCORD -> "/api/v10/users/@me";
      default -> throw new IllegalStateException(kind.name());
    };
    if (!path.equals(expected) || !ex.getRequestMethod().equals("GET")) {
      send(ex, 404, "{\"message\":\"not found\"}");
      return;
    }
    if (kind == Kind.ANTHROPIC && ex.getRequestHeaders().getFirst("anthropic-version") == null) {
      send(ex, 400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"anthropic-version header is required\"}}");
      return;
    }
    if (kind == Kind.DISCORD && !String.valueOf(ex.getRequestHeaders().getFirst("Authorization")).startsWith("Bot ")) {
      send(ex, 401, "{\"message\":\"401: Unauthorized\",\"code\":0}");
      return;
    }
    Account a = account(credential);
    if (a == null || a.state() != State.LIVE) {
      String message = a != null && a.state() == State.EXPIRED ? "token is expired" : "invalid credentials";
      String answer = switch (kind) {
        case HUGGINGFACE -> "{\"error\":\"" + message + "\"}";
        case DISCORD -> "{\"message\":\"401: Unauthorized\",\"code\":0}";
        default -> "{\"error\":{\"type\":\"authentication_error\",\"message\":\"" + message + "\"}}";
      };
      send(ex, 401, answer);
      return;
    }
    String answer = switch (kind) {
      case HUGGINGFACE -> "{\"name\":\"" + a.owner() + "\",\"auth\":{\"accessToken\":{\"displayName\":\"ci\",\"role\":\"write\"}}}";
      case DISCORD -> "{\"id\":\"80351110224678912\",\"username\":\"" + a.owner() + "\"}";
      case STRIPE -> "{\"object\":\"list\",\"data\":[],\"has_more\":false}";
      default -> "{\"object\":\"list\",\"data\":[{\"id\":\"model-1\"}]}";
    };
    send(ex, 200, answer);
  }

  private void revoke(String token) {
    tokens.computeIfPresent(token, (t, a) -> new Account(State.REVOKED, a.owner(), a.scopes(), a.expiry()));
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 0) {
      ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    }
    ex.sendResponseHeaders(status, status == 204 || bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0 && status != 204) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  static String sha512(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every token that reached this issuer in a revoke request's body (GitHub batch, Doppler). */
  public List<String> bodyTokens() {
    List<String> out = new ArrayList<>();
    for (Request r : requests) {
      if (!r.body().isEmpty() && r.body().startsWith("{")) {
        try {
          JsonNode n = JSON.readTree(r.body());
          n.path("credentials").forEach(c -> out.add(c.asText()));
          if (n.has("token")) {
            out.add(n.path("token").asText());
          }
        } catch (IOException ignored) {
          // not JSON: nothing to collect
        }
      }
    }
    return out;
  }
}
