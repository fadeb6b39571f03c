package io.leakstop.sweep;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Credentials for fetching, from the environment only: {@code GITHUB_TOKEN} for the GitHub host
 * ({@code github.com}, or the host of {@code GITHUB_SERVER_URL}/{@code GITHUB_API_URL}), {@code
 * GITLAB_TOKEN} for the GitLab host ({@code gitlab.com}, or that of {@code GITLAB_API_URL}). Given
 * to JGit as a {@link CredentialsProvider}, never written into a URL, so the mirror's config and
 * every report show the bare URL. A token is offered only to its own host.
 */
public final class GitCredentials {
  private record Login(String user, String token) {}

  private final Map<String, Login> byHost = new LinkedHashMap<>();

  public GitCredentials(Map<String, String> env) {
    String github = env.get("GITHUB_TOKEN");
    if (github != null && !github.isBlank()) {
      Login login = new Login("x-access-token", github.trim());
      byHost.put("github.com", login);
      host(env.get("GITHUB_SERVER_URL")).ifPresent(h -> byHost.put(h, login));
      host(env.get("GITHUB_API_URL")).filter(h -> !h.equals("api.github.com")).ifPresent(h -> byHost.put(h, login));
    }
    String gitlab = env.get("GITLAB_TOKEN");
    if (gitlab != null && !gitlab.isBlank()) {
      Login login = new Login("oauth2", gitlab.trim());
      byHost.put("gitlab.com", login);
      host(env.get("GITLAB_API_URL")).ifPresent(h -> byHost.put(h, login));
    }
  }

  /** The provider for {@code url}'s host, or null when no token belongs to it. */
  public CredentialsProvider forUrl(String url) {
    return host(url).map(byHost::get).map(l -> (CredentialsProvider) new UsernamePasswordCredentialsProvider(l.user(), l.token())).orElse(null);
  }

  private static java.util.Optional<String> host(String url) {
    if (url == null || !url.contains("://")) {
      return java.util.Optional.empty();
    }
    try {
      String host = URI.create(url.trim()).getHost();
      return java.util.Optional.ofNullable(host).map(h -> h.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "GitCredentials" + byHost.keySet();
  }
}
