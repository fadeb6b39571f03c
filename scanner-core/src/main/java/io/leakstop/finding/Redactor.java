package io.leakstop.finding;

/**
 * The redacted form of a secret: enough of its start and end to recognise it among others, never
 * enough to use it.
 */
public final class Redactor {
  private Redactor() {}

  public static String redact(String secret) {
    int n = secret.length();
    if (n <= 8) {
      return secret.charAt(0) + "…" + "(" + n + ")";
    }
    int prefix = recognisablePrefix(secret);
    // Reveal at most a quarter of the random part, split between start and end.
    int reveal = Math.min(8, (n - prefix) / 4);
    int head = prefix + (reveal + 1) / 2;
    int tail = reveal / 2;
    String middle = secret.substring(head, n - tail).contains("\n") ? "…(multi-line)…" : "…";
    return secret.substring(0, head) + middle + secret.substring(n - tail);
  }

  /** The issuer's fixed prefix, such as {@code ghp_} or {@code xoxb-}, which reveals nothing. */
  private static int recognisablePrefix(String secret) {
    int limit = Math.min(secret.length() / 3, 16);
    int prefix = 0;
    for (int i = 0; i < limit; i++) {
      char c = secret.charAt(i);
      if (c == '_' || c == '-' || c == '.') {
        prefix = i + 1;
      }
    }
    if (secret.startsWith("-----BEGIN")) {
      int end = secret.indexOf("-----", 10);
      if (end > 0) {
        prefix = Math.min(end + 5, secret.length() / 2);
      }
    }
    return prefix;
  }
}
