package io.leakstop.gitleaks;

import java.util.regex.Pattern;

/**
 * Finds the line of a table or key in TOML text. Jackson's TOML reader keeps no locations, and a
 * config error that does not name its line is hard to fix; configs are written one key per line, so
 * looking the key up in the text is exact in practice.
 */
final class TomlLines {
  private static final Pattern ANY_HEADER = Pattern.compile("^\\s*\\[.*");

  private final String[] lines;

  TomlLines(String text) {
    this.lines = text.split("\r?\n", -1);
  }

  /**
   * Line (1-based) of the {@code index}-th {@code [[name]]} or {@code [name]} header in {@code
   * [from, to)}; 0 if none.
   */
  int header(String name, int index, int from, int to) {
    Pattern header =
        Pattern.compile("^\\s*\\[\\[?\\s*" + Pattern.quote(name) + "\\s*\\]\\]?\\s*(#.*)?$");
    int seen = 0;
    for (int i = Math.max(from, 1); i <= Math.min(to - 1, lines.length); i++) {
      if (header.matcher(lines[i - 1]).matches() && seen++ == index) {
        return i;
      }
    }
    return 0;
  }

  int header(String name, int index) {
    return header(name, index, 1, lines.length + 1);
  }

  /**
   * Line of {@code key = …} in the table starting at {@code tableLine} (0: the top level), else the
   * table's line.
   */
  int key(int tableLine, String key) {
    Pattern assignment = Pattern.compile("^\\s*\"?" + Pattern.quote(key) + "\"?\\s*=.*");
    for (int i = tableLine + 1; i <= lines.length; i++) {
      String line = lines[i - 1];
      if (i > tableLine + 1 && ANY_HEADER.matcher(line).matches() && !line.contains("=")) {
        break;
      }
      if (assignment.matcher(line).matches()) {
        return i;
      }
    }
    return tableLine;
  }

  /**
   * Line at or after {@code from} whose text contains {@code value} (an array item), else {@code
   * from}.
   */
  int value(int from, String value) {
    for (int i = Math.max(from, 1); i <= lines.length && !value.isEmpty(); i++) {
      if (lines[i - 1].contains(value)) {
        return i;
      }
      if (i > from && ANY_HEADER.matcher(lines[i - 1]).matches() && !lines[i - 1].contains("=")) {
        break;
      }
    }
    return from;
  }

  int count() {
    return lines.length;
  }
}
