package io.leakstop.github;

import java.util.List;

/**
 * The history an event asks to scan: commits reachable from {@code refs} but not from
 * {@code excluded} ({@code A..B} is refs [B], excluded [A]); no refs means every ref (full history).
 *
 * @param description what is scanned, in words, for the log and the job summary
 * @param notices things the user should know about the choice (a fallback taken)
 * @param skip nothing to scan (a deleted branch)
 */
public record ScanRange(List<String> refs, List<String> excluded, String description, List<String> notices, boolean skip) {
  public ScanRange {
    refs = List.copyOf(refs);
    excluded = List.copyOf(excluded);
    notices = List.copyOf(notices);
  }

  static ScanRange of(String head, List<String> excluded, String description, List<String> notices) {
    return new ScanRange(List.of(head), excluded, description, notices, false);
  }

  static ScanRange fullHistory(String description) {
    return new ScanRange(List.of(), List.of(), description, List.of(), false);
  }

  static ScanRange nothing(String description) {
    return new ScanRange(List.of(), List.of(), description, List.of(), true);
  }

  public boolean fullHistory() {
    return refs.isEmpty() && !skip;
  }
}
