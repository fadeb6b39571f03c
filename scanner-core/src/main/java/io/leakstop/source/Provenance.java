package io.leakstop.source;

import io.leakstop.finding.Location;
import java.util.List;

/**
 * Maps a position in a fragment to the places a user knows it by: for a file, its path; for a git
 * blob, every commit and path that introduced it.
 */
@FunctionalInterface
public interface Provenance {
  List<Location> locate(int line, int column);

  static Provenance file(String path) {
    return (line, column) -> List.of(Location.file(path, line, column));
  }
}
