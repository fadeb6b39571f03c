package io.leakstop.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.leakstop.issuer.Catalogue;
import io.leakstop.issuer.Catalogue.Example;
import io.leakstop.issuer.Catalogue.Exchange;
import io.leakstop.issuer.Catalogue.Family;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server on 127.0.0.1 that answers like one issuer of the catalogue, with the answers
 * the catalogue cites from the issuer's documentation ({@code examples}). It reads the catalogue's
 * requests as a specification, independently of how leakstop builds them: a request is recognised
 * only when its method and path are the documented ones, every fixed header the catalogue names is
 * there, and the credential sits exactly where the catalogue says (a header, Basic credentials, the
 * path or the body). A credential anywhere else counts as no credential: the issuer says
 * {@code invalid}. On demand it answers 429 with {@code Retry-After}, 5xx or malformed bodies first.
 */
public final class CatalogueSimulator implements AutoCloseable {
  /** {@code LIVE_WITHOUT_REVOKE_PERMISSION}: checks as live, but a revocation gets the documented {@code forbidden} answer. */
  public enum State { LIVE, LIVE_WITHOUT_REVOKE_PERMISSION, REVOKED }

  /** One request as received: which exchange it was ({@code verify} or {@code revoke}) and the credential found. */
  public record Request(String method, String path, String kind, String credential) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern HOLE = Pattern.compile("\\{token\\}|\\{(?:detail|part):[A-Za-z0-9_]+\\}");

  private final Catalogue.Issuer issuer;
  private final HttpServer server;
  private final ExecutorService pool;
  private final Map<String, State> tokens = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<String> scripted = new CopyOnWriteArrayList<>();
  private volatile Duration latency = Duration.ZERO;

  private CatalogueSimulator(Catalogue.Issuer issuer) throws IOException {
    this.issuer = issuer;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 400);
    this.pool = Executors.newFixedThreadPool(64, r -> {
      Thread t = new Thread(r, "catalogue-simulator-" + issuer.name());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    server.start();
  }

  public static CatalogueSimulator start(Catalogue.Issuer issuer) {
    try {
      return new CatalogueSimulator(issuer);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start a simulator for " + issuer.name(), e);
    }
  }

  /** The environment entry pointing leakstop at this simulator: the issuer's {@code LEAKSTOP_<ISSUER>_URL}. */
  public Map.Entry<String, String> env() {
    String variable = issuer.env().stream().filter(v -> v.startsWith("LEAKSTOP_")).findFirst()
        .orElseThrow(() -> new AssertionError(issuer.name() + " has no LEAKSTOP_*_URL variable"));
    return Map.entry(variable, "http://127.0.0.1:" + server.getAddress().getPort());
  }

  public CatalogueSimulator live(String token) {
    tokens.put(token, State.LIVE);
    return this;
  }

  public CatalogueSimulator liveWithoutRevokePermission(String token) {
    tokens.put(token, State.LIVE_WITHOUT_REVOKE_PERMISSION);
    return this;
  }

  public CatalogueSimulator revoked(String token) {
    tokens.put(token, State.REVOKED);
    return this;
  }

  public State state(String token) {
    return tokens.get(token);
  }

  public CatalogueSimulator latency(Duration d) {
    latency = d;
    return this;
  }

  /** The next answers before normal service: {@code "429"} (Retry-After: 0), {@code "503"}, {@code "malformed"}. */
  public CatalogueSimulator script(String... answers) {
    scripted.addAll(List.of(answers));
    return this;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String path = ex.getRequestURI().getRawPath()
          + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
      if (!latency.isZero()) {
        Thread.sleep(latency.toMillis());
      }
      Optional<Match> match = match(ex, path, body);
      requests.add(new Request(ex.getRequestMethod(), path, match.map(Match::kind).orElse(null),
          match.map(Match::credential).orElse(null)));
      if (!scripted.isEmpty()) {
        String next = scripted.remove(0);
        switch (next) {
          case "429" -> {
            ex.getResponseHeaders().set("Retry-After", "0");
            send(ex, new Example(429, Map.of(), "{\"message\":\"Too Many Requests\"}"));
          }
          case "503" -> send(ex, new Example(503, Map.of(), "{\"message\":\"Service Unavailable\"}"));
          case "malformed" -> send(ex, new Example(200, Map.of(), "<html><body>Service temporarily unavailable</body></html>"));
          default -> throw new IllegalArgumentException("unknown scripted answer " + next);
        }
        return;
      }
      if (match.isEmpty()) {
        send(ex, new Example(404, Map.of(), "{\"message\":\"not found\"}"));
        return;
      }
      send(ex, answer(match.get()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record Match(Family family, Exchange exchange, String kind, String credential) {}

  /** The catalogue exchange this request is, with the credential found where that exchange puts it. */
  private Optional<Match> match(HttpExchange ex, String path, String body) {
    Match anonymous = null;
    for (Family family : issuer.families()) {
      for (Map.Entry<String, Exchange> candidate : exchanges(family).entrySet()) {
        Exchange exchange = candidate.getValue();
        if (!exchange.method().equals(ex.getRequestMethod()) || !fixedHeadersPresent(ex, exchange)) {
          continue;
        }
        Matcher pathMatch = template(exchange.path(), true).matcher(path);
        if (!pathMatch.matches()) {
          continue;
        }
        String credential = credential(ex, exchange, pathMatch, body);
        if (credential != null && (family.format() == null || family.format().matches(credential))) {
          return Optional.of(new Match(family, exchange, candidate.getKey(), credential));
        }
        if (anonymous == null) {
          anonymous = new Match(family, exchange, candidate.getKey(), null);
        }
      }
    }
    return Optional.ofNullable(anonymous);
  }

  private static Map<String, Exchange> exchanges(Family family) {
    Map<String, Exchange> out = new java.util.LinkedHashMap<>();
    if (family.verify() != null) {
      out.put("verify", family.verify());
    }
    if (family.revoke() != null) {
      out.put("revoke", family.revoke());
    }
    return out;
  }

  private boolean fixedHeadersPresent(HttpExchange ex, Exchange exchange) {
    Map<String, String> fixed = new java.util.LinkedHashMap<>(issuer.headers());
    fixed.putAll(exchange.headers());
    for (Map.Entry<String, String> h : fixed.entrySet()) {
      if (!h.getValue().contains("{token}") && !h.getValue().equals(ex.getRequestHeaders().getFirst(h.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The credential, read from every place the exchange puts it; null if one of them lacks it or
   * they disagree.
   */
  private static String credential(HttpExchange ex, Exchange exchange, Matcher pathMatch, String body) {
    List<String> found = new ArrayList<>();
    if (exchange.path().contains("{token}")) {
      found.add(URLDecoder.decode(pathMatch.group("token"), StandardCharsets.UTF_8));
    }
    for (Map.Entry<String, String> h : exchange.headers().entrySet()) {
      if (h.getValue().contains("{token}")) {
        found.add(extract(h.getValue(), ex.getRequestHeaders().getFirst(h.getKey())));
      }
    }
    if (exchange.basic() != null) {
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      String pair = null;
      if (auth != null && auth.startsWith("Basic ")) {
        try {
          pair = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
          pair = null;
        }
      }
      found.add(extract(exchange.basic().user() + ":" + exchange.basic().password(), pair));
    }
    if (exchange.body() != null && exchange.body().contains("{token}")) {
      String escaped = extract(exchange.body(), body);
      found.add(escaped == null ? null : unescape(exchange.body(), escaped));
    }
    if (found.isEmpty() || found.contains(null) || found.stream().distinct().count() != 1) {
      return null;
    }
    return found.get(0);
  }

  /** What stands for {@code {token}} in {@code actual}, if it has the template's shape. */
  private static String extract(String template, String actual) {
    if (actual == null) {
      return null;
    }
    Matcher m = template(template, false).matcher(actual);
    return m.matches() ? m.group("token") : null;
  }

  private static String unescape(String bodyTemplate, String escaped) {
    if (!bodyTemplate.trim().startsWith("{")) {
      return URLDecoder.decode(escaped, StandardCharsets.UTF_8);
    }
    try {
      return JSON.readTree("\"" + escaped + "\"").asText();
    } catch (IOException e) {
      return null;
    }
  }

  /** The template as a regex: {@code {token}} captured, {@code {detail:…}} and {@code {part:…}} any path segment. */
  private static Pattern template(String template, boolean inPath) {
    Matcher m = HOLE.matcher(template);
    StringBuilder regex = new StringBuilder();
    int last = 0;
    boolean tokenSeen = false;
    while (m.find()) {
      regex.append(Pattern.quote(template.substring(last, m.start())));
      if (m.group().equals("{token}") && !tokenSeen) {
        regex.append(inPath ? "(?<token>[^/?&]+)" : "(?<token>.+)");
        tokenSeen = true;
      } else {
        regex.append("[^/?&]+");
      }
      last = m.end();
    }
    regex.append(Pattern.quote(template.substring(last)));
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  private Example answer(Match match) {
    Map<String, Example> examples = match.exchange().examples();
    State state = match.credential() == null ? null : tokens.get(match.credential());
    if (match.kind().equals("revoke")) {
      if (state == State.LIVE_WITHOUT_REVOKE_PERMISSION) {
        return examples.get("forbidden");
      }
      if (state == State.LIVE) {
        tokens.put(match.credential(), State.REVOKED);
        return examples.get("revoked");
      }
      return examples.get("invalid");
    }
    if (state == State.LIVE || state == State.LIVE_WITHOUT_REVOKE_PERMISSION) {
      return examples.get("live");
    }
    if (state == State.REVOKED && examples.containsKey("revoked")) {
      return examples.get("revoked");
    }
    return examples.get("invalid");
  }

  private static void send(HttpExchange ex, Example answer) throws IOException {
    if (answer == null) {
      answer = new Example(500, Map.of(), "{\"message\":\"simulator: the catalogue has no example for this answer\"}");
    }
    answer.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 0 && !answer.headers().keySet().stream().anyMatch(k -> k.equalsIgnoreCase("Content-Type"))) {
      ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    }
    boolean empty = answer.status() == 204 || bytes.length == 0;
    ex.sendResponseHeaders(answer.status(), empty ? -1 : bytes.length);
    if (!empty) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
