package io.leakstop.detect;

import io.leakstop.finding.Fingerprint;
import io.leakstop.finding.Redactor;
import io.leakstop.rules.Allowlist;
import io.leakstop.rules.Rule;
import java.util.Map;
import java.util.Optional;

/**
 * A secret the detector found, before user filters: the rule, the secret and where it sits in the
 * scanned bytes.
 *
 * @param start byte offset of the secret
 * @param end byte offset just past the secret
 * @param line 1-based line of the secret's first byte
 * @param column 1-based column (in characters) of the secret's first byte
 * @param lineStart byte offset where that line starts
 * @param lineEnd byte offset of that line's end (its newline, or the end of the data)
 * @param matchStart byte offset of the rule regex's whole match, which holds the secret
 * @param matchEnd byte offset just past the whole match
 * @param decoding null when the secret is in the bytes as written; else how the encoded text at
 *     {@code start..end} was decoded to find it, outermost first ("base64", "base64+percent")
 * @param companions values of the rule's companions found near the secret, by companion name
 */
public record Candidate(
    Rule rule,
    String secret,
    int start,
    int end,
    int line,
    int column,
    int lineStart,
    int lineEnd,
    int matchStart,
    int matchEnd,
    String decoding,
    Map<String, String> companions) {

  public Candidate {
    companions = companions == null ? Map.of() : Map.copyOf(companions);
  }

  /** A secret found as written, before companions are looked for. */
  public Candidate(Rule rule, String secret, int start, int end, int line, int column, int lineStart, int lineEnd,
      int matchStart, int matchEnd) {
    this(rule, secret, start, end, line, column, lineStart, lineEnd, matchStart, matchEnd, null, Map.of());
  }

  public Optional<String> companion(String name) {
    return Optional.ofNullable(companions.get(name));
  }

  /**
   * This candidate as an allowlist sees it, found in {@code data} at {@code path}, introduced by
   * {@code commit} (null when unknown).
   */
  public Allowlist.Subject subject(byte[] data, int length, String path, String commit) {
    return new CandidateSubject(data, length, secret, matchStart, matchEnd, path, commit);
  }

  public String redacted() {
    return Redactor.redact(secret);
  }

  public String fingerprint() {
    return Fingerprint.of(rule.id(), secret);
  }

  @Override
  public String toString() {
    return "Candidate[" + rule.id() + " " + redacted() + " at " + line + ":" + column
        + (decoding == null ? "" : " decoded: " + decoding) + "]";
  }
}
