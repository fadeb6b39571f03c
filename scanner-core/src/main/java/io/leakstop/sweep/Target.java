package io.leakstop.sweep;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One repository to sweep: a git URL or a local path. {@link #key()} names it in the state store,
 * in reports and for sharding, so it must not change between runs: it is the URL without
 * credentials, a trailing slash or {@code .git}, with the host in lower case.
 */
public record Target(String url, String key) {
  public static Target of(String urlOrPath) {
    String url = urlOrPath.trim();
    return new Target(url, keyOf(url));
  }

  public static Target local(Path path) {
    String absolute = path.toAbsolutePath().normalize().toString();
    return new Target(absolute, keyOf(absolute));
  }

  /** A local path rather than a URL: scanned in place, never mirrored. */
  public boolean isLocal() {
    return !url.contains("://") && !url.matches("^[^/]+@[^/]+:.*");
  }

  /** A short name for file names and tables: the last two path segments of the key. */
  public String shortName() {
    String[] parts = key.split("[/:]+");
    if (parts.length >= 2) {
      return parts[parts.length - 2] + "/" + parts[parts.length - 1];
    }
    return key;
  }

  static String keyOf(String url) {
    String key = url;
    if (key.contains("://")) {
      try {
        URI uri = URI.create(key);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        key =
            uri.getScheme().toLowerCase(Locale.ROOT)
                + "://"
                + host
                + port
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
      } catch (IllegalArgumentException e) {
        // Not a parseable URI: key it by its text; it will fail when fetched and say why.
      }
    }
    while (key.endsWith("/")) {
      key = key.substring(0, key.length() - 1);
    }
    if (key.endsWith(".git") && key.length() > 4) {
      key = key.substring(0, key.length() - 4);
    }
    return key;
  }

  @Override
  public String toString() {
    return key;
  }
}
