package io.leakstop.report;

import io.leakstop.finding.Finding;
import io.leakstop.finding.Revocation;
import io.leakstop.finding.ScanProblem;
import io.leakstop.finding.ScanResult;
import io.leakstop.finding.Verification;
import io.leakstop.source.CommitInfo;
import io.leakstop.source.Location;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The redaction pass every report goes through ({@link Reporter#write}): each secret found in the
 * run is replaced by its redacted form wherever else it appears: commit messages, author fields,
 * paths, what an issuer said (owner, scopes, reason, details), revocation answers, notices and
 * problems. The secret field itself is left to the reporter, which shows it only with {@code
 * --show-secrets}.
 */
final class KnownSecrets {
  /** Shorter "secrets" would redact ordinary words; no rule finds them anyway. */
  private static final int MIN_LENGTH = 6;

  private static final int KEY = MIN_LENGTH;

  /** Secrets by their first {@link #KEY} characters, longest first; their redacted forms. */
  private final Map<String, List<String>> byStart = new HashMap<>();

  private final Map<String, String> redacted = new HashMap<>();

  /**
   * Which characters start a key and end one: most positions of a text are passed over on these two
   * looks.
   */
  private final boolean[] keyFirst = new boolean[Character.MAX_VALUE + 1];

  private final boolean[] keyLast = new boolean[Character.MAX_VALUE + 1];

  private KnownSecrets(List<Finding> findings) {
    for (Finding f : findings) {
      String secret = f.secret();
      if (secret.length() >= MIN_LENGTH
          && redacted.putIfAbsent(secret, f.redacted() != null ? f.redacted() : secret) == null) {
        byStart.computeIfAbsent(secret.substring(0, KEY), k -> new ArrayList<>()).add(secret);
        keyFirst[secret.charAt(0)] = true;
        keyLast[secret.charAt(KEY - 1)] = true;
      }
    }
    byStart.values().forEach(list -> list.sort(Comparator.comparingInt(String::length).reversed()));
  }

  /**
   * {@code result} with every known secret redacted outside the secret fields; unchanged with
   * {@code --show-secrets}.
   */
  static ScanResult redact(ScanResult result, ReportOptions options) {
    if (options.showSecrets() || result.findings().isEmpty()) {
      return result;
    }
    KnownSecrets known = new KnownSecrets(result.findings());
    if (known.redacted.isEmpty()) {
      return result;
    }
    List<Finding> findings = new ArrayList<>(result.findings().size());
    for (Finding f : result.findings()) {
      findings.add(known.in(f));
    }
    List<ScanProblem> problems = new ArrayList<>();
    for (ScanProblem p : result.problems()) {
      problems.add(new ScanProblem(known.in(p.where()), known.in(p.message())));
    }
    return new ScanResult(
        known.in(result.source()), findings, result.stats(), problems, known.in(result.notices()));
  }

  private Finding in(Finding f) {
    Location at = f.location();
    CommitInfo c = at.commit();
    CommitInfo commit =
        c == null
            ? null
            : new CommitInfo(
                c.id(), in(c.authorName()), in(c.authorEmail()), c.authorDate(), in(c.summary()));
    Location location = new Location(in(at.path()), at.line(), at.column(), at.blobId(), commit);
    Verification v = f.verification();
    Verification verification =
        v == null
            ? null
            : new Verification(
                v.status(),
                in(v.owner()),
                in(v.scopes()),
                v.expiresAt(),
                in(v.reason()),
                in(v.details()));
    Revocation r = f.revocation();
    Revocation revocation =
        r == null ? null : new Revocation(r.status(), in(r.reason()), in(r.requestId()), r.at());
    return f.withLocation(location).withVerification(verification).withRevocation(revocation);
  }

  private List<String> in(List<String> texts) {
    return texts.stream().map(this::in).toList();
  }

  private Map<String, String> in(Map<String, String> texts) {
    Map<String, String> out = new LinkedHashMap<>();
    texts.forEach((k, v) -> out.put(in(k), in(v)));
    return out;
  }

  /** {@code text} with each known secret in it redacted; the same string when none is there. */
  String in(String text) {
    if (text == null || text.length() < MIN_LENGTH) {
      return text;
    }
    StringBuilder out = null;
    int copied = 0;
    for (int i = 0; i + KEY <= text.length(); ) {
      String match = match(text, i);
      if (match == null) {
        i++;
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      out.append(text, copied, i).append(redacted.get(match));
      i += match.length();
      copied = i;
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }

  private String match(String text, int at) {
    if (!keyFirst[text.charAt(at)] || !keyLast[text.charAt(at + KEY - 1)]) {
      return null;
    }
    List<String> candidates = byStart.get(text.substring(at, at + KEY));
    if (candidates != null) {
      for (String secret : candidates) {
        if (text.startsWith(secret, at)) {
          return secret;
        }
      }
    }
    return null;
  }
}
