package io.leakstop.gitleaks;

import io.leakstop.finding.Finding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** How a path written by gitleaks (in a fingerprint or a report) names a finding's path. */
final class GitleaksPaths {
  /** Entries indexed by file name, the part of a path both tools always agree on. */
  static <E> Map<String, List<E>> index(List<E> entries, Function<E, String> path) {
    Map<String, List<E>> byName = new HashMap<>();
    for (E entry : entries) {
      byName.computeIfAbsent(fileName(path.apply(entry)), k -> new ArrayList<>()).add(entry);
    }
    return byName;
  }

  /** The entries that may name the finding's file: those with its file name. */
  static <E> List<E> candidates(Map<String, List<E>> byName, Finding finding) {
    String path = finding.location().path();
    return path == null ? List.of() : byName.getOrDefault(fileName(normalise(path)), List.of());
  }

  /** The finding's commit id, or null for files. */
  static String commit(Finding finding) {
    return finding.location().commit() == null ? null : finding.location().commit().id();
  }

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
   * relative to the scanned root, so a gitleaks path ending in {@code /} + ours names the same
   * file.
   */
  static boolean same(String gitleaksPath, String findingPath) {
    if (findingPath == null) {
      return false;
    }
    String ours = normalise(findingPath);
    return gitleaksPath.equals(ours) || gitleaksPath.endsWith("/" + ours);
  }

  private static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
