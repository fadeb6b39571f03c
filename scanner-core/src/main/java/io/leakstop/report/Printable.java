package io.leakstop.report;

/**
 * Text from a scanned repository (file names, commit messages, author names) made safe for a
 * terminal or a log: control characters become visible escapes ({@code \n}, {@code \x1b}, {@code
 * \u202e}), so a file name cannot end a report line and forge the next one, colour or clear the
 * terminal, or reorder what is shown with bidirectional overrides. Other characters, the backslash
 * among them, are left as they are, so ordinary names read unchanged.
 */
public final class Printable {
  private Printable() {}

  /** {@code text} with every control character escaped; null stays null. */
  public static String escape(String text) {
    if (text == null) {
      return null;
    }
    int i = 0;
    while (i < text.length() && !isControl(text.charAt(i))) {
      i++;
    }
    if (i == text.length()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 8).append(text, 0, i);
    for (; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!isControl(c)) {
        out.append(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (c < 0x100) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    return out.toString();
  }

  /**
   * C0 and C1 controls, DEL, the line and paragraph separators and the bidirectional marks,
   * embeddings, overrides and isolates.
   */
  static boolean isControl(char c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || c == 0x2028
        || c == 0x2029
        || c == 0x200e
        || c == 0x200f
        || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069);
  }
}
