package io.leakstop.filter;

import io.leakstop.finding.Finding;

/** Drops findings the user told us to drop. Implementations are thread-safe. */
public interface FindingFilter {
  /** A short name for the summary, e.g. "allowlist" or "baseline". */
  String name();

  boolean keep(Finding finding);
}
