package io.leakstop.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.leakstop.issuer.Catalogue;
import io.leakstop.issuer.Catalogue.Example;
import io.leakstop.issuer.Catalogue.Exchange;
import io.leakstop.issuer.Catalogue.Family;
import io.leakstop.issuer.Catalogue.Read;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server on 127.0.0.1 that answers like one issuer of the catalogue, with the answers
 * the catalogue cites from the issuer's documentation ({@code examples}). It reads the catalogue's
 * requests as a specification, independently of how leakstop builds them: a request is recognised
 * only when its method and path are the documented ones, every fixed header the catalogue names is
 * there, and the credential sits exactly where the catalogue says (a header, Basic credentials, the
 * path or the body). A credential anywhere else counts as no credential: the issuer says {@code
 * invalid}. Requests the catalogue leaves to Java handlers (GitHub's batch revocation, npm's token
 * list, AWS's SigV4, GCP's JWT) are answered by {@link HandlerEndpoints}, which checks them as the
 * issuers document them.
 *
 * <p>Per token it knows a state and, optionally, an owner, scopes and expiry, which it writes into
 * the documented live answer where the catalogue reads them. On demand it answers rate limits, 5xx,
 * malformed, redirecting or slow answers first, delays every answer, or holds revocations open. It
 * records every request (method, path, which exchange, the credential found, the body).
 */
public final class CatalogueSimulator implements AutoCloseable {
  /**
   * {@code LIVE_WITHOUT_REVOKE_PERMISSION}: checks as live, but a revocation gets the documented
   * {@code forbidden} answer. {@code EXPIRED} answers the documented {@code expired} answer, else
   * {@code revoked}, else {@code invalid}.
   */
  public enum State {
    LIVE,
    LIVE_WITHOUT_REVOKE_PERMISSION,
    REVOKED,
    EXPIRED
  }

  /**
   * What the simulated issuer knows of a token; null fields take the documented example's values.
   */
  public record Account(State state, String owner, List<String> scopes, String expiry) {
    Account with(State next) {
      return new Account(next, owner, scopes, expiry);
    }
  }

  /**
   * One request as received: which exchange it was ({@code verify}, {@code lookup}, {@code revoke},
   * or {@link #FOLLOW_UP}), the credential found where that exchange puts it (null if none), its
   * body.
   */
  public record Request(String method, String path, String kind, String credential, String body) {}

  /**
   * The kind of a request that carries what the issuer issued (an access token), not the secret.
   */
  public static final String FOLLOW_UP = "follow-up";

  static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern HOLE =
      Pattern.compile(
          "\\{token\\}|\\{(?:detail|part):[A-Za-z0-9_]+\\}|\\{companion:[a-z0-9._-]+\\}");
  private static final Pattern PART_HOLE = Pattern.compile("\\{part:([A-Za-z0-9_]+)\\}");

  final Catalogue.Issuer issuer;
  private final HttpServer server;
  private final ExecutorService pool;
  final Map<String, Account> tokens = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<String> scripted = new CopyOnWriteArrayList<>();
  private final AtomicInteger requestIds = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  final HandlerEndpoints handlers = new HandlerEndpoints(this);
  private volatile Duration latency = Duration.ZERO;
  private volatile Duration revocationHold = Duration.ZERO;
  private volatile boolean heldRevocationsTakeEffect;

  private CatalogueSimulator(Catalogue.Issuer issuer) throws IOException {
    this.issuer = issuer;
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 400);
    this.pool =
        Executors.newFixedThreadPool(
            64,
            r -> {
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

  /**
   * A simulator of the built-in catalogue's issuer {@code name} ({@code github}, {@code gitlab},
   * …).
   */
  public static CatalogueSimulator start(String name) {
    Catalogue.Issuer issuer = Catalogue.builtin().issuers().get(name);
    if (issuer == null) {
      throw new IllegalArgumentException("the catalogue has no issuer " + name);
    }
    return start(issuer);
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * The environment entry pointing leakstop at this simulator: the issuer's {@code
   * LEAKSTOP_<ISSUER>_URL}.
   */
  public Map.Entry<String, String> env() {
    String variable =
        issuer.env().stream()
            .filter(v -> v.startsWith("LEAKSTOP_"))
            .findFirst()
            .orElseThrow(
                () -> new AssertionError(issuer.name() + " has no LEAKSTOP_*_URL variable"));
    return Map.entry(variable, url());
  }

  public CatalogueSimulator live(String token) {
    return live(token, null, null, null);
  }

  /**
   * A live token whose check answers with this owner, scopes and expiry (as the issuer writes it,
   * e.g. GitHub's {@code 2030-01-02 03:04:05 UTC}) where the catalogue reads them; null keeps the
   * documented example's value.
   */
  public CatalogueSimulator live(String token, String owner, List<String> scopes, String expiry) {
    tokens.put(token, new Account(State.LIVE, owner, scopes, expiry));
    return this;
  }

  public CatalogueSimulator liveWithoutRevokePermission(String token) {
    tokens.put(token, new Account(State.LIVE_WITHOUT_REVOKE_PERMISSION, null, null, null));
    return this;
  }

  public CatalogueSimulator revoked(String token) {
    tokens.put(token, new Account(State.REVOKED, null, null, null));
    return this;
  }

  public CatalogueSimulator expired(String token) {
    tokens.put(token, new Account(State.EXPIRED, null, null, null));
    return this;
  }

  public State state(String token) {
    Account a = tokens.get(token);
    return a == null ? null : a.state();
  }

  /** Delay before every answer. */
  public CatalogueSimulator latency(Duration d) {
    latency = d;
    return this;
  }

  /**
   * Holds each revocation request open for {@code d} after receiving it, as an issuer that is slow
   * to answer; then, with {@code takeEffect}, revokes and answers as usual (whether or not the
   * client is still there), else drops it unanswered and unapplied. {@link Duration#ZERO} stops
   * holding.
   */
  public CatalogueSimulator holdRevocations(Duration d, boolean takeEffect) {
    revocationHold = d;
    heldRevocationsTakeEffect = takeEffect;
    return this;
  }

  /**
   * The next answers, in order, before normal service: {@code "429"} (Retry-After: 0), {@code
   * "429-1s"} (Retry-After: 1), {@code "429-long"} (Retry-After: 3600), {@code "403-exhausted"}
   * (GitHub's primary limit: x-ratelimit-remaining 0, reset in 1 s), {@code "500"}, {@code "502"},
   * {@code "503"}, {@code "malformed"} (200 with HTML), {@code "redirect"} (302 elsewhere), {@code
   * "slow"} (5 s, then normal service).
   */
  public CatalogueSimulator script(String... answers) {
    scripted.addAll(List.of(answers));
    return this;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public void clearRequests() {
    requests.clear();
  }

  /** The most requests this simulator was answering at once. */
  public int maxInFlight() {
    return maxInFlight.get();
  }

  /** Every token that reached this issuer in a revocation's body (GitHub's batch, Doppler's). */
  public List<String> bodyTokens() {
    List<String> out = new ArrayList<>();
    for (Request r : requests) {
      if (r.body().startsWith("{") && "revoke".equals(r.kind())) {
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

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }

  void markRevoked(String token) {
    tokens.computeIfPresent(token, (t, a) -> a.with(State.REVOKED));
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String path =
          ex.getRequestURI().getRawPath()
              + (ex.getRequestURI().getRawQuery() == null
                  ? ""
                  : "?" + ex.getRequestURI().getRawQuery());
      Optional<Match> match = match(ex, path, body);
      requests.add(
          new Request(
              ex.getRequestMethod(),
              path,
              match.map(Match::kind).orElse(null),
              match.map(Match::credential).orElse(null),
              body));
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        if (!latency.isZero()) {
          Thread.sleep(latency.toMillis());
        }
      } finally {
        inFlight.decrementAndGet();
      }
      boolean revocation = match.map(m -> m.kind().equals("revoke")).orElse(false);
      if (revocation && !revocationHold.isZero()) {
        Thread.sleep(revocationHold.toMillis());
        if (!heldRevocationsTakeEffect) {
          return;
        }
      }
      if (issuer.requestIdHeader() != null) {
        ex.getResponseHeaders()
            .set(issuer.requestIdHeader(), issuer.name() + "-" + requestIds.incrementAndGet());
      }
      if (!scripted.isEmpty() && scripted(ex, scripted.remove(0))) {
        return;
      }
      if (ex.getRequestHeaders().getFirst("User-Agent") == null) {
        send(
            ex,
            new Example(
                403,
                Map.of(),
                "{\"message\":\"Request forbidden by administrative rules. Please make sure your request has a User-Agent header\"}"));
        return;
      }
      if (match.isEmpty()) {
        send(ex, new Example(404, Map.of(), "{\"message\":\"not found\"}"));
        return;
      }
      send(ex, match.get().answer() != null ? match.get().answer().get() : answer(match.get()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sends a scripted answer; false for {@code slow}, which only delays normal service. */
  private boolean scripted(HttpExchange ex, String answer)
      throws IOException, InterruptedException {
    switch (answer) {
      case "500", "502", "503" ->
          send(
              ex,
              new Example(Integer.parseInt(answer), Map.of(), "{\"message\":\"Server Error\"}"));
      case "429" ->
          send(
              ex,
              new Example(429, Map.of("Retry-After", "0"), "{\"message\":\"Too Many Requests\"}"));
      case "429-1s" ->
          send(
              ex,
              new Example(429, Map.of("Retry-After", "1"), "{\"message\":\"Too Many Requests\"}"));
      case "429-long" ->
          send(
              ex,
              new Example(
                  429, Map.of("Retry-After", "3600"), "{\"message\":\"Too Many Requests\"}"));
      case "403-exhausted" ->
          send(
              ex,
              new Example(
                  403,
                  Map.of(
                      "x-ratelimit-limit",
                      "5000",
                      "x-ratelimit-remaining",
                      "0",
                      "x-ratelimit-reset",
                      String.valueOf(Instant.now().getEpochSecond() + 1)),
                  "{\"message\":\"API rate limit exceeded for user.\"}"));
      case "malformed" ->
          send(
              ex,
              new Example(
                  200,
                  Map.of("Content-Type", "text/html"),
                  "<html><body>Service temporarily unavailable</body></html>"));
      case "redirect" ->
          send(ex, new Example(302, Map.of("Location", "https://elsewhere.example/steal"), ""));
      case "slow" -> {
        Thread.sleep(5000);
        return false;
      }
      default -> throw new IllegalArgumentException("unknown scripted answer " + answer);
    }
    return true;
  }

  /**
   * A recognised request: its family, the documented answers to choose from (or, for a handler
   * endpoint, how to answer, run when the answer is due), which exchange, and the credential found.
   */
  record Match(
      Family family,
      Exchange exchange,
      Map<String, Example> examples,
      String kind,
      String credential,
      java.util.function.Supplier<Example> answer) {
    Match(Family family, Map<String, Example> examples, String kind, String credential) {
      this(family, null, examples, kind, credential, null);
    }
  }

  /**
   * The catalogue exchange this request is, with the credential found where that exchange puts it.
   */
  private Optional<Match> match(HttpExchange ex, String path, String body) {
    Match anonymous = null;
    for (Family family : issuer.families()) {
      Optional<Match> handled = handlers.match(family, ex, path, body);
      if (handled.isPresent()) {
        return handled;
      }
      for (Map.Entry<String, Exchange> candidate : exchanges(family).entrySet()) {
        Exchange exchange = candidate.getValue();
        if (!exchange.method().equals(ex.getRequestMethod())
            || !fixedHeadersPresent(ex, exchange)) {
          continue;
        }
        Matcher pathMatch = template(family, exchange.path(), true).matcher(path);
        if (!pathMatch.matches() || !hasBodyShape(exchange, body)) {
          continue;
        }
        String credential = credential(ex, family, exchange, pathMatch, body);
        if (credential != null
            && (family.format() == null || family.format().matches(credential))) {
          return Optional.of(
              new Match(
                  family, exchange, exchange.examples(), candidate.getKey(), credential, null));
        }
        if (anonymous == null) {
          anonymous =
              new Match(family, exchange, exchange.examples(), candidate.getKey(), null, null);
        }
      }
    }
    return Optional.ofNullable(anonymous);
  }

  /**
   * Whether {@code body} is the exchange's documented body with any values in its holes: what tells
   * apart requests to one endpoint (a GraphQL API's query, key search and mutation).
   */
  private static boolean hasBodyShape(Exchange exchange, String body) {
    if (exchange.body() == null) {
      return true;
    }
    Matcher m = HOLE.matcher(exchange.body());
    StringBuilder regex = new StringBuilder();
    int last = 0;
    while (m.find()) {
      regex.append(Pattern.quote(exchange.body().substring(last, m.start()))).append(".*?");
      last = m.end();
    }
    regex.append(Pattern.quote(exchange.body().substring(last)));
    return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(body).matches();
  }

  private static Map<String, Exchange> exchanges(Family family) {
    Map<String, Exchange> out = new java.util.LinkedHashMap<>();
    if (family.verify() != null) {
      out.put("verify", family.verify());
    }
    if (family.revoke() != null && family.revoke().lookup() != null) {
      out.put("lookup", family.revoke().lookup().request());
    }
    if (family.revoke() != null) {
      out.put("revoke", family.revoke());
    }
    return out;
  }

  boolean fixedHeadersPresent(HttpExchange ex, Exchange exchange) {
    Map<String, String> fixed = new java.util.LinkedHashMap<>(issuer.headers());
    fixed.putAll(exchange.headers());
    for (Map.Entry<String, String> h : fixed.entrySet()) {
      if (!h.getValue().contains("{")
          && !h.getValue().equals(ex.getRequestHeaders().getFirst(h.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The credential, read from every place the exchange puts it; null if one of them lacks it or
   * they disagree.
   */
  private String credential(
      HttpExchange ex, Family family, Exchange exchange, Matcher pathMatch, String body) {
    List<String> found = new ArrayList<>();
    if (exchange.path().contains("{token}")) {
      found.add(URLDecoder.decode(pathMatch.group("token"), StandardCharsets.UTF_8));
    }
    Matcher partHoles = PART_HOLE.matcher(exchange.path());
    Map<String, String> parts = new java.util.LinkedHashMap<>();
    while (partHoles.find()) {
      parts.put(
          partHoles.group(1),
          URLDecoder.decode(
              pathMatch.group(groupName(partHoles.group(1))), StandardCharsets.UTF_8));
    }
    if (!parts.isEmpty()) {
      // The path carries pieces of the secret (a webhook URL's id and token): the credential is the
      // known secret whose pieces these are; an unknown one counts as none.
      found.add(
          tokens.keySet().stream()
              .filter(t -> family.parts(t).entrySet().containsAll(parts.entrySet()))
              .findFirst()
              .orElse(null));
    }
    for (Map.Entry<String, String> h : exchange.headers().entrySet()) {
      if (h.getValue().contains("{token}")) {
        found.add(extract(family, h.getValue(), ex.getRequestHeaders().getFirst(h.getKey())));
      }
    }
    if (exchange.basic() != null) {
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      String pair = null;
      if (auth != null && auth.startsWith("Basic ")) {
        try {
          pair =
              new String(
                  Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
          pair = null;
        }
      }
      found.add(extract(family, exchange.basic().user() + ":" + exchange.basic().password(), pair));
    }
    if (exchange.body() != null && exchange.body().contains("{token}")) {
      String escaped = extract(family, exchange.body(), body);
      found.add(escaped == null ? null : unescape(exchange.body(), escaped));
    }
    if (found.isEmpty() || found.contains(null) || found.stream().distinct().count() != 1) {
      return null;
    }
    return found.get(0);
  }

  /** What stands for {@code {token}} in {@code actual}, if it has the template's shape. */
  private static String extract(Family family, String template, String actual) {
    if (actual == null) {
      return null;
    }
    Matcher m = template(family, template, false).matcher(actual);
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

  /**
   * The template as a regex: {@code {token}} captured, {@code {detail:…}} any path segment, {@code
   * {companion:NAME}} exactly the catalogue's example value (which the tests' findings carry).
   */
  private static Pattern template(Family family, String template, boolean inPath) {
    Matcher m = HOLE.matcher(template);
    StringBuilder regex = new StringBuilder();
    int last = 0;
    boolean tokenSeen = false;
    while (m.find()) {
      regex.append(Pattern.quote(template.substring(last, m.start())));
      if (m.group().startsWith("{companion:")) {
        String name = m.group().substring("{companion:".length(), m.group().length() - 1);
        var spec = family.companions().get(name);
        regex.append(
            spec == null || spec.example() == null ? "(?!)" : Pattern.quote(spec.example()));
      } else if (m.group().equals("{token}") && !tokenSeen) {
        regex.append(inPath ? "(?<token>[^/?&]+)" : "(?<token>.+)");
        tokenSeen = true;
      } else if (m.group().startsWith("{part:")) {
        regex
            .append("(?<")
            .append(groupName(m.group().substring(6, m.group().length() - 1)))
            .append(">[^/?&]+)");
      } else {
        regex.append("[^/?&]+");
      }
      last = m.end();
    }
    regex.append(Pattern.quote(template.substring(last)));
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  /** A Java regex group name for a catalogue part name (letters and digits only). */
  private static String groupName(String part) {
    return "part" + part.replaceAll("[^A-Za-z0-9]", "");
  }

  private Example answer(Match match) {
    Map<String, Example> examples = match.examples();
    if (match.kind().equals(FOLLOW_UP)) {
      return examples.get("live");
    }
    Account account = match.credential() == null ? null : tokens.get(match.credential());
    State state = account == null ? null : account.state();
    if (match.kind().equals("revoke")) {
      if (state == State.LIVE_WITHOUT_REVOKE_PERMISSION) {
        return examples.get("forbidden");
      }
      if (state == State.LIVE) {
        markRevoked(match.credential());
        return examples.get("revoked");
      }
      return examples.get("invalid");
    }
    if (state == State.LIVE || state == State.LIVE_WITHOUT_REVOKE_PERMISSION) {
      Example live = examples.get("live");
      // A lookup's documented list holds the token itself where {token} stands (masked, for an
      // issuer that lists keys masked).
      return match.kind().equals("lookup") && live != null
          ? new Example(
              live.status(),
              live.headers(),
              live.body()
                  .replace("{token}", jsonEscape(listed(match.family(), match.credential()))))
          : personalised(live, match.exchange(), account);
    }
    if (state == State.EXPIRED && examples.containsKey("expired")) {
      return examples.get("expired");
    }
    if ((state == State.REVOKED || state == State.EXPIRED) && examples.containsKey("revoked")) {
      return examples.get("revoked");
    }
    return examples.get("invalid");
  }

  /**
   * The token as the issuer's list shows it: itself; for a masked lookup, masked but for its last
   * {@link #MASKED_SHOWN} characters (as Vultr shows its keys); for an elided one, its first {@link
   * #ELIDED_HEAD} and last three characters around the elision (as OpenAI shows admin keys).
   */
  private static String listed(Family family, String token) {
    String mask = family.revoke().lookup().masked();
    if (mask == null || token.length() <= ELIDED_HEAD + MASKED_SHOWN) {
      return token;
    }
    if (mask.length() > 1) {
      // An elided form, as OpenAI lists admin keys: sk-admin...def.
      return token.substring(0, ELIDED_HEAD) + mask + token.substring(token.length() - 3);
    }
    int hidden = token.length() - MASKED_SHOWN;
    return String.valueOf(mask.charAt(0)).repeat(hidden) + token.substring(hidden);
  }

  /** How many characters of a key a masked list shows. */
  public static final int MASKED_SHOWN = 5;

  /** How many leading characters an elided form shows (OpenAI's {@code sk-admin...def}). */
  public static final int ELIDED_HEAD = 8;

  /**
   * The documented live answer with the account's owner, scopes and expiry where the catalogue
   * reads them.
   */
  private static Example personalised(Example live, Exchange exchange, Account account) {
    if (live == null
        || exchange == null
        || (account.owner() == null && account.scopes() == null && account.expiry() == null)) {
      return live;
    }
    Map<String, String> headers = new LinkedHashMap<>(live.headers());
    JsonNode body;
    try {
      body = live.body().isBlank() ? null : JSON.readTree(live.body());
    } catch (IOException notJson) {
      body = null;
    }
    write(
        exchange.owner(), account.owner() == null ? null : List.of(account.owner()), headers, body);
    write(exchange.scopes(), account.scopes(), headers, body);
    write(
        exchange.expires(),
        account.expiry() == null ? null : List.of(account.expiry()),
        headers,
        body);
    return new Example(live.status(), headers, body == null ? live.body() : body.toString());
  }

  private static void write(
      Read read, List<String> values, Map<String, String> headers, JsonNode body) {
    if (read == null || values == null) {
      return;
    }
    if (read.header() != null) {
      headers.put(
          read.header(), String.join(read.split() == null ? "" : read.split() + " ", values));
      return;
    }
    if (read.json() == null || body == null || read.json().contains("/*/")) {
      return;
    }
    int slash = read.json().lastIndexOf('/');
    JsonNode parent = body.at(read.json().substring(0, slash));
    String field = read.json().substring(slash + 1);
    if (parent instanceof ObjectNode object) {
      if (object.get(field) instanceof ArrayNode) {
        ArrayNode array = object.putArray(field);
        values.forEach(array::add);
      } else {
        object.put(field, values.get(0));
      }
    }
  }

  private static String jsonEscape(String s) {
    try {
      String quoted = JSON.writeValueAsString(s);
      return quoted.substring(1, quoted.length() - 1);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static void send(HttpExchange ex, Example answer) throws IOException {
    if (answer == null) {
      answer =
          new Example(
              500,
              Map.of(),
              "{\"message\":\"simulator: the catalogue has no example for this answer\"}");
    }
    answer.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 0
        && answer.headers().keySet().stream().noneMatch(k -> k.equalsIgnoreCase("Content-Type"))) {
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
