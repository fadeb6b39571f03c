package io.leakstop.source;

/**
 * Where a secret sits: a path with 1-based line and column, and for history the blob holding it and
 * the commit that introduced it (both null for files on disk and standard input).
 */
public record Location(String path, int line, int column, String blobId, CommitInfo commit) {
  public static Location file(String path, int line, int column) {
    return new Location(path, line, column, null, null);
  }

  public String display() {
    return path + ":" + line + ":" + column;
  }
}
