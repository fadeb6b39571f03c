package io.leakstop.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakstop.net.Endpoints;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a paginated JSON array from a hosting API (GitHub, GitLab) by following the {@code Link:
 * <…>; rel="next"} header. The token goes only to the API's own origin: a next link pointing
 * anywhere else stops with an error instead of sending it there.
 */
final class PagedApi {
  static final int MAX_PAGES = 1000;
  private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;[^,]*rel=\"?next\"?");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final String what;
  private final Map<String, String> headers;

  /**
   * @param what names the listing in errors, e.g. "GitHub organisation acme"
   * @param headers sent with every request, the token among them; never printed
   */
  PagedApi(HttpClient http, String what, Map<String, String> headers) {
    this.http = http;
    this.what = what;
    this.headers = Map.copyOf(headers);
  }

  static HttpClient defaultClient() {
    return HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  List<JsonNode> all(URI first) throws IOException {
    List<JsonNode> items = new ArrayList<>();
    URI next = first;
    for (int page = 0; next != null; page++) {
      if (page == MAX_PAGES) {
        throw new IOException(what + ": more than " + MAX_PAGES + " pages; stopped");
      }
      HttpResponse<String> response = get(next);
      JsonNode body;
      try {
        body = JSON.readTree(response.body());
      } catch (IOException e) {
        throw new IOException(what + ": " + next + " did not return JSON");
      }
      if (!body.isArray()) {
        throw new IOException(
            what
                + ": "
                + next
                + " returned "
                + body.getNodeType().name().toLowerCase()
                + ", not a list");
      }
      body.forEach(items::add);
      next = nextLink(response).orElse(null);
      if (next != null && !sameOrigin(first, next)) {
        throw new IOException(
            what
                + ": next page "
                + next.getHost()
                + " is not the API's host "
                + first.getHost()
                + "; not following");
      }
    }
    return items;
  }

  private HttpResponse<String> get(URI uri) throws IOException {
    Endpoints.check(what, uri);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
    headers.forEach(request::header);
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(what + ": interrupted");
    } catch (IOException e) {
      throw new IOException(
          what
              + ": cannot reach "
              + uri.getHost()
              + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
              + ": "
              + e,
          e);
    }
    int status = response.statusCode();
    if (status == 401) {
      throw new IOException(
          what + ": " + uri + " answered 401 (the token is missing, wrong or expired)");
    }
    if (status == 403 || status == 429) {
      throw new IOException(
          what + ": " + uri + " answered " + status + " (rate limit or no access)");
    }
    if (status == 404) {
      throw new IOException(what + ": not found (404) at " + uri);
    }
    if (status / 100 != 2) {
      throw new IOException(what + ": " + uri + " answered " + status);
    }
    return response;
  }

  private static java.util.Optional<URI> nextLink(HttpResponse<?> response) {
    for (String link : response.headers().allValues("Link")) {
      Matcher m = NEXT.matcher(link);
      if (m.find()) {
        return java.util.Optional.of(URI.create(m.group(1)));
      }
    }
    return java.util.Optional.empty();
  }

  private static boolean sameOrigin(URI a, URI b) {
    return Objects.equals(a.getScheme(), b.getScheme())
        && Objects.equals(a.getHost(), b.getHost())
        && a.getPort() == b.getPort();
  }
}
