package io.leakstop.detect;

import io.leakstop.finding.Fingerprint;
import io.leakstop.finding.Redactor;
import io.leakstop.rules.Allowlist;
import io.leakstop.rules.Rule;
import io.leakstop.source.Location;
import java.util.Map;
import java.util.Optional;

/**
 * A secret the detector found, before user filters: the rule, the secret and where it sits in the
 * scanned bytes. Made by {@link #found} and completed by {@link #located} once the detector has
 * walked the lines.
 *
 * @param span bytes of the secret
 * @param match bytes of the rule regex's whole match, which holds the secret
 * @param position line and column of the secret's first byte; {@link Position#UNKNOWN} until
 *     located
 * @param lineBounds bytes of the secret's first line, up to its newline or the end of the data;
 *     {@link Span#NONE} until located
 * @param decoding null when the secret is in the bytes as written; else how the encoded text at
 *     {@code span} was decoded to find it, outermost first ("base64", "base64+percent")
 * @param companions values of the rule's companions found near the secret, by companion name
 */
public record Candidate(
    Rule rule,
    String secret,
    Span span,
    Span match,
    Position position,
    Span lineBounds,
    String decoding,
    Map<String, String> companions) {

  public Candidate {
    companions = companions == null ? Map.of() : Map.copyOf(companions);
  }

  /**
   * A secret found as written at {@code span}, inside the regex match {@code match}; not located
   * yet.
   */
  public static Candidate found(Rule rule, String secret, Span span, Span match) {
    return new Candidate(rule, secret, span, match, Position.UNKNOWN, Span.NONE, null, Map.of());
  }

  /**
   * A file at {@code path} that a rule with a path and no regex flags by its path: the secret is
   * the file itself, which is never read, so the secret text is empty (as in gitleaks' reports; the
   * path is not a secret, and reports redact every text a finding's secret is). Located at line 1,
   * column 1 by convention; redacted as {@link #WHOLE_FILE}; see {@link #fingerprintAt}.
   */
  public static Candidate ofPath(Rule rule, String path) {
    return new Candidate(
        rule, "", Span.NONE, Span.NONE, new Position(1, 1), Span.NONE, null, Map.of());
  }

  /** The redacted form of a secret that is a whole file (see {@link #ofPath}). */
  public static final String WHOLE_FILE = "(the whole file)";

  /** Whether the secret is the file itself, flagged by its path ({@link #ofPath}). */
  public boolean wholeFile() {
    return rule.pathOnly();
  }

  /** This candidate, found by decoding the encoded text at its span as {@code decoding}. */
  public Candidate withDecoding(String decoding) {
    return new Candidate(rule, secret, span, match, position, lineBounds, decoding, companions);
  }

  /**
   * This candidate at {@code position} on the line {@code lineBounds}, with the {@code companions}
   * found near it.
   */
  public Candidate located(Position position, Span lineBounds, Map<String, String> companions) {
    return new Candidate(rule, secret, span, match, position, lineBounds, decoding, companions);
  }

  public Optional<String> companion(String name) {
    return Optional.ofNullable(companions.get(name));
  }

  /**
   * This candidate as an allowlist sees it, found in {@code data} at {@code path}, introduced by
   * {@code commit} (null when unknown).
   */
  public Allowlist.Subject subject(byte[] data, int length, String path, String commit) {
    return new CandidateSubject(data, length, secret, match.start(), match.end(), path, commit);
  }

  public String redacted() {
    return wholeFile() ? WHOLE_FILE : Redactor.redact(secret);
  }

  public String fingerprint() {
    return Fingerprint.of(rule.id(), secret);
  }

  /**
   * The fingerprint of this candidate found at {@code location}. A whole file is named by rule and
   * path, and in git by its blob id too: another key store committed at the same path is another
   * secret, while the same file seen by a staged scan and later in history is the same one.
   */
  public String fingerprintAt(Location location) {
    if (!wholeFile()) {
      return fingerprint();
    }
    String blob = location.blobId();
    return Fingerprint.of(rule.id(), blob == null ? location.path() : location.path() + ":" + blob);
  }

  @Override
  public String toString() {
    return "Candidate["
        + rule.id()
        + " "
        + redacted()
        + " at "
        + position.line()
        + ":"
        + position.column()
        + (decoding == null ? "" : " decoded: " + decoding)
        + "]";
  }
}
