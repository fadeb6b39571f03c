package io.leakstop.sweep;

import io.leakstop.net.Endpoints;
import io.leakstop.net.Endpoints.Origin;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Credentials for fetching, from the environment only: {@code GITHUB_TOKEN} for the GitHub origin
 * ({@code https://github.com}, or that of {@code GITHUB_SERVER_URL}/{@code GITHUB_API_URL}), {@code
 * GITLAB_TOKEN} for the GitLab origin ({@code https://gitlab.com}, or that of {@code
 * GITLAB_API_URL}). Given to JGit as a {@link CredentialsProvider}, never written into a URL, so
 * the mirror's config and every report show the bare URL.
 *
 * <p>A token is offered only to its own origin: the same scheme, host and port (plain http or
 * another port on the same host is another server), and those origins follow the endpoint rule of
 * {@link Endpoints}. The provider checks the address JGit asks for, too, so a redirect elsewhere
 * gets nothing.
 */
public final class GitCredentials {
  private record Login(String user, String token) {}

  private final Map<Origin, Login> byOrigin = new LinkedHashMap<>();

  /**
   * @throws IllegalArgumentException naming the variable whose URL breaks the endpoint rule
   */
  public GitCredentials(Map<String, String> env) {
    String github = env.get("GITHUB_TOKEN");
    if (github != null && !github.isBlank()) {
      Login login = new Login("x-access-token", github.trim());
      byOrigin.put(Origin.of("https://github.com"), login);
      add(env, "GITHUB_SERVER_URL", login);
      Origin api = origin(env, "GITHUB_API_URL");
      if (api != null && !api.host().equals("api.github.com")) {
        byOrigin.put(api, login);
      }
    }
    String gitlab = env.get("GITLAB_TOKEN");
    if (gitlab != null && !gitlab.isBlank()) {
      Login login = new Login("oauth2", gitlab.trim());
      byOrigin.put(Origin.of("https://gitlab.com"), login);
      add(env, "GITLAB_API_URL", login);
    }
  }

  private void add(Map<String, String> env, String variable, Login login) {
    Origin origin = origin(env, variable);
    if (origin != null) {
      byOrigin.put(origin, login);
    }
  }

  private static Origin origin(Map<String, String> env, String variable) {
    String value = env.get(variable);
    return value == null || value.isBlank() ? null : Origin.of(Endpoints.checked(variable, value));
  }

  /** The provider for {@code url}'s origin, or null when no token belongs to it. */
  public CredentialsProvider forUrl(String url) {
    Origin origin = Origin.of(url);
    Login login = origin == null ? null : byOrigin.get(origin);
    return login == null ? null : new OriginBound(origin, login);
  }

  /** Answers only for its origin, whatever URL JGit asks about (after a redirect, say). */
  private static final class OriginBound extends UsernamePasswordCredentialsProvider {
    private final Origin origin;

    OriginBound(Origin origin, Login login) {
      super(login.user(), login.token());
      this.origin = origin;
    }

    @Override
    public boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
      return origin.equals(originOf(uri)) && super.get(uri, items);
    }

    private static Origin originOf(URIish uri) {
      if (uri == null || uri.getHost() == null || uri.getScheme() == null) {
        return null;
      }
      try {
        return Origin.of(
            new URI(
                uri.getScheme(),
                null,
                uri.getHost(),
                uri.getPort() > 0 ? uri.getPort() : -1,
                null,
                null,
                null));
      } catch (URISyntaxException e) {
        return null;
      }
    }
  }

  @Override
  public String toString() {
    return "GitCredentials" + byOrigin.keySet();
  }
}
