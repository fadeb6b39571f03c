package io.leakstop.github;

import java.util.List;

/**
 * The history an event asks to scan: commits reachable from {@code refs} but not from {@code
 * excluded} ({@code A..B} is refs [B], excluded [A]); no refs means every ref (full history).
 *
 * @param description what is scanned, in words, for the log and the job summary
 * @param notices things the user should know about the choice (a fallback taken)
 * @param skip nothing to scan (a deleted branch)
 * @param replaced the old tip of a force push: content anywhere in its history was pushed (and
 *     scanned) before, so a rebased copy of it is not new; empty otherwise
 */
public record ScanRange(
    List<String> refs,
    List<String> excluded,
    String description,
    List<String> notices,
    boolean skip,
    List<String> replaced) {
  public ScanRange {
    refs = List.copyOf(refs);
    excluded = List.copyOf(excluded);
    notices = List.copyOf(notices);
    replaced = List.copyOf(replaced);
  }

  static ScanRange of(
      String head, List<String> excluded, String description, List<String> notices) {
    return new ScanRange(List.of(head), excluded, description, notices, false, List.of());
  }

  static ScanRange fullHistory(String description) {
    return new ScanRange(List.of(), List.of(), description, List.of(), false, List.of());
  }

  static ScanRange nothing(String description) {
    return new ScanRange(List.of(), List.of(), description, List.of(), true, List.of());
  }

  ScanRange replacing(String oldTip) {
    return new ScanRange(refs, excluded, description, notices, skip, List.of(oldTip));
  }

  public boolean fullHistory() {
    return refs.isEmpty() && !skip;
  }
}
