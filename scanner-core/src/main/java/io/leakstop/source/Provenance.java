package io.leakstop.source;

import java.util.List;

/**
 * Maps a position in a fragment to the places a user knows it by: for a file, its path; for a git
 * blob, every commit and path that introduced it.
 */
@FunctionalInterface
public interface Provenance {
  List<Location> locate(int line, int column);

  /**
   * Where {@code secret}, found at this position, is located. A history source drops the places
   * where the secret was already there before (a file edited around a secret it already held), so
   * that each secret is reported where it entered, not at every later version of its file.
   */
  default List<Location> locate(int line, int column, String secret) {
    return locate(line, column);
  }

  static Provenance file(String path) {
    return (line, column) -> List.of(Location.file(path, line, column));
  }
}
