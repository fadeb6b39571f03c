package io.leakstop.filter;

/** How a path written by gitleaks (in a fingerprint or a report) names a finding's path. */
final class GitleaksPaths {
  private GitleaksPaths() {}

  /** Windows separators and a leading {@code ./} removed, as gitleaks normalises them. */
  static String normalise(String path) {
    String p = path.replace('\\', '/');
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    return p;
  }

  /**
   * Whether {@code gitleaksPath} names {@code findingPath}. gitleaks writes paths as the scanned
   * source joined with the file ({@code /repo/.env} for {@code gitleaks dir /repo}); leakstop's are
   * relative to the scanned root, so a gitleaks path ending in {@code /} + ours names the same file.
   */
  static boolean same(String gitleaksPath, String findingPath) {
    if (findingPath == null) {
      return false;
    }
    String ours = normalise(findingPath);
    return gitleaksPath.equals(ours) || gitleaksPath.endsWith("/" + ours);
  }

  /** The file name, the part of a path both tools always agree on; used as an index key. */
  static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
