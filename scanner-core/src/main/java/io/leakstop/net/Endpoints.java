package io.leakstop.net;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The one rule for every request leakstop sends (issuer verify and revoke, hosting APIs, git
 * fetches with a token): https, or plain http only to a literal loopback address, and no user info
 * in the URL. Clients never follow redirects, so the address checked is the one connected to.
 */
public final class Endpoints {
  private Endpoints() {}

  /**
   * {@code value}, the setting of {@code variable} (e.g. {@code GITHUB_API_URL}), as a base URL:
   * checked by {@link #check}, with no query or fragment and without a trailing slash.
   *
   * @throws IllegalArgumentException naming the variable when the value is not acceptable
   */
  public static URI checked(String variable, String value) {
    String trimmed = value.trim();
    URI uri;
    try {
      uri = new URI(trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(variable + ": not a URL: " + e.getReason());
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          variable + ": must not carry user info, a query or a fragment");
    }
    check(variable, uri, trimmed);
    return uri;
  }

  /**
   * Refuses a request to {@code uri} that would break the rule; called before every request.
   *
   * @param what names the setting or listing in the message
   * @throws IllegalArgumentException naming {@code what}
   */
  public static void check(String what, URI uri) {
    check(what, uri, uri.toString());
  }

  private static void check(String what, URI uri, String shown) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new IllegalArgumentException(
          what + ": must be an https:// URL, got '" + withoutUserInfo(uri, shown) + "'");
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          what + ": must not carry user info, a query or a fragment");
    }
    if (scheme.equals("http") && !isLoopback(uri.getHost())) {
      throw new IllegalArgumentException(
          what + ": plain http is allowed only for loopback addresses, got " + uri.getHost());
    }
  }

  private static String withoutUserInfo(URI uri, String shown) {
    return uri.getRawUserInfo() == null ? shown : shown.replace(uri.getRawUserInfo() + "@", "");
  }

  /** Literal loopback names only: resolving a name would let DNS decide where a secret goes. */
  public static boolean isLoopback(String host) {
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    return h.equalsIgnoreCase("localhost")
        || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1")
        || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  /**
   * Where a credential belongs: scheme, host and port. A token for {@code https://github.com} is
   * not offered to {@code http://github.com} nor to {@code https://github.com:8443}.
   */
  public record Origin(String scheme, String host, int port) {
    /** The origin of {@code url}, or null when it has none (not an absolute http(s) URL). */
    public static Origin of(String url) {
      if (url == null || !url.contains("://")) {
        return null;
      }
      try {
        return of(new URI(url.trim()));
      } catch (URISyntaxException e) {
        return null;
      }
    }

    public static Origin of(URI uri) {
      String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
      if (uri.getHost() == null || !("https".equals(scheme) || "http".equals(scheme))) {
        return null;
      }
      int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
      return new Origin(scheme, uri.getHost().toLowerCase(Locale.ROOT), port);
    }

    @Override
    public String toString() {
      return scheme + "://" + host + ":" + port;
    }
  }
}
