package io.leakstop.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loopback GitHub REST API for organisation listings: {@code GET /orgs/ORG/repos} paginated by
 * {@code per_page}/{@code page} with a {@code Link} header, 401 when a token is required and
 * missing. Records the Authorization header of every request.
 */
public final class GitHubApiSimulator implements AutoCloseable {
  public record Repo(String name, String cloneUrl, boolean fork, boolean archived) {}

  private final HttpServer server;
  private final Map<String, List<Repo>> orgs = new LinkedHashMap<>();
  private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
  private volatile String requiredToken;
  private volatile int pageSize = 100;
  private volatile String nextHostOverride;

  public GitHubApiSimulator() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public String apiUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public GitHubApiSimulator org(String org, List<Repo> repos) {
    orgs.put(org, List.copyOf(repos));
    return this;
  }

  /** Requests without {@code Authorization: Bearer token} get 401. */
  public GitHubApiSimulator requireToken(String token) {
    this.requiredToken = token;
    return this;
  }

  /** Serves at most {@code size} repositories a page, whatever {@code per_page} asks. */
  public GitHubApiSimulator pageSize(int size) {
    this.pageSize = size;
    return this;
  }

  /** Next links point at another host (a hostile or misconfigured server). */
  public GitHubApiSimulator nextLinksTo(String host) {
    this.nextHostOverride = host;
    return this;
  }

  public List<String> authorizations() {
    return List.copyOf(authorizations);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      authorizations.add(auth == null ? "" : auth);
      if (requiredToken != null && !("Bearer " + requiredToken).equals(auth)) {
        send(exchange, 401, "{\"message\":\"Bad credentials\"}");
        return;
      }
      URI uri = exchange.getRequestURI();
      String[] parts = uri.getPath().split("/");
      if (parts.length != 4
          || !parts[1].equals("orgs")
          || !parts[3].equals("repos")
          || !orgs.containsKey(parts[2])) {
        send(exchange, 404, "{\"message\":\"Not Found\"}");
        return;
      }
      Map<String, String> query = query(uri.getRawQuery());
      int perPage = Math.min(pageSize, Integer.parseInt(query.getOrDefault("per_page", "30")));
      int page = Integer.parseInt(query.getOrDefault("page", "1"));
      List<Repo> repos = orgs.get(parts[2]);
      int from = Math.min(repos.size(), (page - 1) * perPage);
      int to = Math.min(repos.size(), from + perPage);
      StringBuilder body = new StringBuilder("[");
      for (int i = from; i < to; i++) {
        Repo r = repos.get(i);
        body.append(i > from ? "," : "")
            .append("{\"name\":\"")
            .append(r.name())
            .append("\",\"full_name\":\"")
            .append(parts[2])
            .append('/')
            .append(r.name())
            .append("\",\"clone_url\":\"")
            .append(r.cloneUrl())
            .append("\",\"fork\":")
            .append(r.fork())
            .append(",\"archived\":")
            .append(r.archived())
            .append('}');
      }
      body.append(']');
      if (to < repos.size()) {
        String host = nextHostOverride != null ? nextHostOverride : apiUrl();
        exchange
            .getResponseHeaders()
            .add(
                "Link",
                "<"
                    + host
                    + uri.getPath()
                    + "?per_page="
                    + perPage
                    + "&page="
                    + (page + 1)
                    + ">; rel=\"next\", <"
                    + host
                    + uri.getPath()
                    + "?per_page="
                    + perPage
                    + "&page="
                    + ((repos.size() + perPage - 1) / perPage)
                    + ">; rel=\"last\"");
      }
      send(exchange, 200, body.toString());
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          out.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
      }
    }
    return out;
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
