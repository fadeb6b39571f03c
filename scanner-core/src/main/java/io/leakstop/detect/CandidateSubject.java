package io.leakstop.detect;

import io.leakstop.rules.Allowlist;
import java.nio.charset.StandardCharsets;

/**
 * A candidate as an allowlist sees it. The match and the line are decoded from the scanned bytes
 * only when a clause asks for them: most allowlists test the secret, and lines can be megabytes
 * long.
 */
final class CandidateSubject implements Allowlist.Subject {
  private final byte[] data;
  private final int length;
  private final String secret;
  private final int matchStart;
  private final int matchEnd;
  private final String path;
  private final String commit;

  CandidateSubject(
      byte[] data,
      int length,
      String secret,
      int matchStart,
      int matchEnd,
      String path,
      String commit) {
    this.data = data;
    this.length = length;
    this.secret = secret;
    this.matchStart = matchStart;
    this.matchEnd = matchEnd;
    this.path = path;
    this.commit = commit;
  }

  @Override
  public String secret() {
    return secret;
  }

  @Override
  public String match() {
    return new String(data, matchStart, matchEnd - matchStart, StandardCharsets.UTF_8);
  }

  @Override
  public String line() {
    int from = matchStart;
    while (from > 0 && data[from - 1] != '\n') {
      from--;
    }
    int to = Math.max(matchEnd, from);
    while (to > from && data[to - 1] == '\n') {
      to--;
    }
    while (to < length && data[to] != '\n') {
      to++;
    }
    return new String(data, from, to - from, StandardCharsets.UTF_8);
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public String commit() {
    return commit;
  }
}
