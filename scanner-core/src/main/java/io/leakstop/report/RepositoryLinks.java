package io.leakstop.report;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * A repository's home on GitHub (or GitHub Enterprise), to link a finding to its line at the commit
 * that introduced it: {@code https://github.com/OWNER/REPO/blob/COMMIT/PATH#L12}.
 *
 * @param web the repository's web address, e.g. {@code https://github.com/octo/app}, no trailing
 *     slash
 */
public record RepositoryLinks(String web) {
  private static final Pattern SCP =
      Pattern.compile("^[\\w.-]+@([\\w.-]+):/?([\\w.-]+)/([\\w.-]+?)(?:\\.git)?/?$");
  private static final Pattern URL =
      Pattern.compile(
          "^(?:https?|ssh|git)://(?:[^@/]*@)?([\\w.-]+)(?::\\d+)?/([\\w.-]+)/([\\w.-]+?)(?:\\.git)?/?$");

  /**
   * From the runner's {@code GITHUB_SERVER_URL} and {@code GITHUB_REPOSITORY} when set, else from
   * the {@code origin} remote of the repository at {@code root}; null when neither says.
   */
  public static RepositoryLinks discover(Path root, Map<String, String> env) {
    RepositoryLinks fromEnv = fromEnvironment(env);
    if (fromEnv != null || root == null) {
      return fromEnv;
    }
    return fromOrigin(root);
  }

  public static RepositoryLinks fromEnvironment(Map<String, String> env) {
    String repository = env.get("GITHUB_REPOSITORY");
    if (repository == null || !repository.matches("[\\w.-]+/[\\w.-]+")) {
      return null;
    }
    String server = env.getOrDefault("GITHUB_SERVER_URL", "https://github.com");
    if (!server.matches("https?://[\\w.-]+(:\\d+)?/?")) {
      return null;
    }
    return new RepositoryLinks(stripSlash(server) + "/" + repository);
  }

  /**
   * From the origin remote of the git repository holding {@code root}; null if none or not
   * parseable.
   */
  public static RepositoryLinks fromOrigin(Path root) {
    FileRepositoryBuilder builder =
        new FileRepositoryBuilder().readEnvironment().findGitDir(root.toAbsolutePath().toFile());
    if (builder.getGitDir() == null) {
      return null;
    }
    try (Repository repo = builder.build()) {
      return fromRemoteUrl(repo.getConfig().getString("remote", "origin", "url"));
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * The web address for a remote URL ({@code git@host:owner/repo.git}, {@code
   * https://host/owner/repo}, {@code ssh://git@host/owner/repo.git}); credentials in the URL are
   * dropped. Null if not of that form.
   */
  public static RepositoryLinks fromRemoteUrl(String url) {
    if (url == null) {
      return null;
    }
    for (Pattern p : new Pattern[] {URL, SCP}) {
      Matcher m = p.matcher(url.strip());
      if (m.matches()) {
        return new RepositoryLinks("https://" + m.group(1) + "/" + m.group(2) + "/" + m.group(3));
      }
    }
    return null;
  }

  /** The link to {@code line} of {@code path} at {@code commit}. */
  public String line(String commit, String path, int line) {
    return web + "/blob/" + commit + "/" + encodePath(path) + "#L" + line;
  }

  /** A relative URI reference for a path: each segment percent-encoded, slashes kept. */
  static String encodePath(String path) {
    StringBuilder s = new StringBuilder();
    String[] segments = path.replace('\\', '/').split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      if (i > 0) {
        s.append('/');
      }
      s.append(URLEncoder.encode(segments[i], StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return s.toString();
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
