package io.leakstop.filter;

import io.leakstop.detect.Candidate;
import io.leakstop.finding.Finding;
import io.leakstop.rules.Allowlist;
import io.leakstop.source.Fragment;
import io.leakstop.source.Location;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Every decision to drop what the detector found, in the order a candidate meets them: an allow
 * comment on its line; then at each place the source locates it, the rule's path scope and the
 * allowlist clauses that depend on the place (a commit, another path of the same blob); then the
 * user's {@link FindingFilter}s (ignore files, gitleaks' ignore file) on the finding. The scanner
 * calls {@link #admit} once a candidate.
 *
 * <p>The detector applies a rule's allowlist with the fragment's own path before this (a file the
 * allowlist allows whole is not searched, and an allowed issuer-specific candidate must not hide a
 * generic one in the same bytes); the allowlist's clauses are {@code rules.Allowlist}, part of the
 * rule it belongs to. Thread-safe.
 */
public final class Filters {
  public static final Filters NONE = new Filters(List.of());

  private final List<FindingFilter> findingFilters;

  public Filters(List<FindingFilter> findingFilters) {
    this.findingFilters = List.copyOf(findingFilters);
  }

  /** These filters, then {@code more} (a baseline, an ignore file). */
  public Filters with(List<FindingFilter> more) {
    List<FindingFilter> all = new ArrayList<>(findingFilters);
    all.addAll(more);
    return new Filters(all);
  }

  /**
   * The findings {@code candidate} in {@code fragment} becomes, one a place the fragment's source
   * locates it that no filter drops, made by {@code finding}; each drop is counted in {@code
   * dropped}. For many candidates of one fragment, {@link #admission} spares searching a line for
   * allow comments again for each candidate on it.
   */
  public void admit(
      Candidate candidate,
      Fragment fragment,
      Function<Location, Finding> finding,
      List<Finding> out,
      LongAdder dropped) {
    admission(fragment).admit(candidate, finding, out, dropped);
  }

  /** Admits the candidates of {@code fragment}, one after another, on one thread. */
  public Admission admission(Fragment fragment) {
    return new Admission(fragment);
  }

  /**
   * {@link #admit} for the candidates of one fragment, remembering what the allow comments of the
   * line it last looked at decided. Not thread-safe.
   */
  public final class Admission {
    private final Fragment fragment;
    private final AllowComment.Lines lines;

    private Admission(Fragment fragment) {
      this.fragment = fragment;
      this.lines = new AllowComment.Lines(fragment.bytes());
    }

    /** See {@link Filters#admit}. */
    public void admit(
        Candidate candidate,
        Function<Location, Finding> finding,
        List<Finding> out,
        LongAdder dropped) {
      if (lines.onLine(candidate.lineBounds().start(), candidate.lineBounds().end())) {
        dropped.increment();
        return;
      }
      Allowlist allow = candidate.rule().allow();
      // A decoded secret is looked for in the parents' versions as written: encoded.
      String asWritten =
          candidate.decoding() == null
              ? candidate.secret()
              : new String(
                  fragment.bytes(),
                  candidate.span().start(),
                  candidate.span().length(),
                  StandardCharsets.UTF_8);
      for (Location location :
          fragment
              .provenance()
              .locate(candidate.position().line(), candidate.position().column(), asWritten)) {
        // Content at several paths (a git blob) is detected once: a rule's path, and allowlists
        // naming paths or commits, apply to each location.
        if (!candidate.rule().appliesTo(location.path())) {
          continue;
        }
        if (allowedAt(allow, candidate, fragment, location)) {
          dropped.increment();
          continue;
        }
        Finding made = finding.apply(location);
        if (keep(made)) {
          out.add(made);
        } else {
          dropped.increment();
        }
      }
    }
  }

  /**
   * Whether an allowlist naming commits or paths allows the candidate where the source says it was
   * introduced; the detector already applied everything else, with the fragment's own path.
   */
  private static boolean allowedAt(
      Allowlist allow, Candidate c, Fragment fragment, Location location) {
    if (!allow.dependsOnLocation()) {
      return false;
    }
    String commit = location.commit() == null ? null : location.commit().id();
    if (commit == null && Objects.equals(location.path(), fragment.path())) {
      return false;
    }
    return allow.allows(c.subject(fragment.bytes(), fragment.length(), location.path(), commit));
  }

  private boolean keep(Finding finding) {
    for (FindingFilter filter : findingFilters) {
      if (!filter.keep(finding)) {
        return false;
      }
    }
    return true;
  }
}
