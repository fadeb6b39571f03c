package io.leakstop.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A targets file: one git URL or local path per line; blank lines and {@code #} comments (whole
 * line, or after whitespace) are ignored. Relative paths are relative to the file's folder, so the
 * file means the same wherever the sweep is started.
 */
public final class TargetList {
  private TargetList() {}

  public static List<Target> read(Path file) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IOException(file + ": cannot read targets file: " + e.getMessage(), e);
    }
    Path base = file.toAbsolutePath().getParent();
    List<Target> targets = new ArrayList<>();
    for (String raw : lines) {
      String line = stripComment(raw).trim();
      if (line.isEmpty()) {
        continue;
      }
      if (hasPassword(line)) {
        // user:password@ in a URL would put a credential in the cache and in reports.
        throw new IOException(
            file
                + ": line '"
                + Target.keyOf(line)
                + "' carries credentials in the URL; use GITHUB_TOKEN or GITLAB_TOKEN instead");
      }
      Target target = Target.of(line);
      targets.add(target.isLocal() ? Target.local(base.resolve(line)) : target);
    }
    return distinct(targets);
  }

  /** The targets with duplicates (same key) dropped, first occurrence kept. */
  public static List<Target> distinct(List<Target> targets) {
    Map<String, Target> byKey = new LinkedHashMap<>();
    for (Target t : targets) {
      byKey.putIfAbsent(t.key(), t);
    }
    return List.copyOf(byKey.values());
  }

  /**
   * A password (or token) in the URL's user info; a bare user name such as ssh's {@code git@} is
   * fine.
   */
  private static boolean hasPassword(String url) {
    if (!url.contains("://")) {
      return false;
    }
    try {
      String userInfo = java.net.URI.create(url).getRawUserInfo();
      return userInfo != null && userInfo.contains(":");
    } catch (IllegalArgumentException e) {
      return url.substring(url.indexOf("://") + 3).matches("[^/@]*:[^/@]*@.*");
    }
  }

  private static String stripComment(String line) {
    if (line.stripLeading().startsWith("#")) {
      return "";
    }
    int at = line.indexOf(" #");
    int tab = line.indexOf("\t#");
    int cut = at < 0 ? tab : tab < 0 ? at : Math.min(at, tab);
    return cut < 0 ? line : line.substring(0, cut);
  }
}
