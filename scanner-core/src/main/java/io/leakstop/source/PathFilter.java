package io.leakstop.source;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Path excludes written as globs, matched against paths relative to the scanned root with '/'
 * separators. A glob without '/' matches a file or folder name at any depth, as in .gitignore.
 */
public final class PathFilter {
  public static final PathFilter NONE = new PathFilter(List.of());

  private final List<PathMatcher> anywhere = new ArrayList<>();
  private final List<PathMatcher> rooted = new ArrayList<>();
  private final List<String> globs;

  public PathFilter(List<String> globs) {
    this.globs = List.copyOf(globs);
    var fs = FileSystems.getDefault();
    for (String glob : globs) {
      String g = glob.startsWith("/") ? glob.substring(1) : glob;
      if (g.endsWith("/")) {
        g = g.substring(0, g.length() - 1);
      }
      if (g.contains("/")) {
        rooted.add(fs.getPathMatcher("glob:" + g));
        if (g.startsWith("**/")) {
          rooted.add(fs.getPathMatcher("glob:" + g.substring(3)));
        }
      } else {
        anywhere.add(fs.getPathMatcher("glob:" + g));
      }
    }
  }

  public List<String> globs() {
    return globs;
  }

  /** True when {@code relative} (a '/'-separated path) or one of its folders is excluded. */
  public boolean excludes(String relative) {
    if (globs.isEmpty() || relative.isEmpty()) {
      return false;
    }
    Path path = Path.of(relative);
    for (PathMatcher m : rooted) {
      if (m.matches(path)) {
        return true;
      }
    }
    for (int i = 0; i < path.getNameCount(); i++) {
      Path name = path.getName(i);
      for (PathMatcher m : anywhere) {
        if (m.matches(name)) {
          return true;
        }
      }
      if (i > 0) {
        Path prefix = path.subpath(0, i);
        for (PathMatcher m : rooted) {
          if (m.matches(prefix)) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
