package io.leakstop.rules;

/**
 * The one grammar of "a name is given a value" that every context rule shares: a rule writes {@code
 * KEY{{assign}}VALUE} in its regex and {@link #expand} turns it into every form code writes an
 * assignment in (see docs/rules-grammar.md). A form added here reaches every such rule.
 *
 * <p>Forms, with the key {@code fooToken} and the value {@code v}:
 *
 * <ul>
 *   <li>{@code fooToken = v}, {@code fooToken: v}, {@code "fooToken": "v"}, {@code fooToken => v},
 *       {@code fooToken := v}, {@code ::=}, {@code :::=}, {@code ?=}, {@code ||=}, {@code +=}, PHP
 *       {@code $fooToken .= "v"}, subscripts ({@code os.environ["fooToken"] = "v"}) and type
 *       annotations ({@code fooToken: String = "v"});
 *   <li>Go typed declarations: {@code var fooToken string = "v"};
 *   <li>a call with the name and value as its first two arguments: {@code
 *       System.setProperty("fooToken", "v")};
 *   <li>.NET settings: {@code <add key="fooToken" value="v"/>};
 *   <li>XML elements, the value on the same line or the next: {@code <fooToken>v</fooToken>};
 *   <li>Dockerfiles: {@code ENV fooToken v} and {@code ARG}/{@code ENV fooToken=v}.
 * </ul>
 */
public final class AssignmentGrammar {
  /** The macro a rule's regex holds, once, between its key and its value. */
  public static final String MACRO = "{{assign}}";

  private static final String QUOTE = "[\"'\\x60]";

  /** Between a name and its value; the open quote of the value included. */
  static final String SEPARATOR =
      "(?:"
          // closing quote or subscript, optional type annotation, an assignment operator
          + "[\"'\\x60\\]]{0,2}(?:[ \\t]*:[ \\t]*[A-Za-z_][\\w.<>\\[\\]?]{0,30})?"
          + "[ \\t]*(?::{1,3}=|=>|\\?=|\\|\\|=|\\.=|\\+=|=|:)[ \\t]*"
          + QUOTE
          + "?"
          // Go: var fooToken string = "v"
          + "|[ \\t]+(?:\\*|\\[\\])?[A-Za-z_][\\w.]{0,30}[ \\t]*=[ \\t]*"
          + QUOTE
          + "?"
          // setProperty("fooToken", "v"); not backticks: `a`, `b` is a list in Markdown
          + "|[\"'][ \\t]*,[ \\t]*[\"']"
          // <add key="fooToken" value="v"/>
          + "|[\"'][ \\t]+value[ \\t]*=[ \\t]*[\"']"
          // <fooToken>v or <fooToken>\n    v
          + "|>[ \\t]*(?:\\r?\\n[ \\t]*)?"
          + ")";

  /**
   * Every byte a {@link #SEPARATOR} or Dockerfile separator may start with: a quote or {@code ]}
   * closing the name, a blank, or the first byte of an operator ({@code : = ? | . +}), {@code >} of
   * an XML element. Each form consumes at least one byte, and only the XML one a line end.
   */
  public static final String SEPARATOR_FIRST_BYTES = "\"'`] \t:=?|.+>";

  /** Every form of separator, the Dockerfile one included, as one regex of alternatives. */
  public static String separators() {
    return SEPARATOR + "|" + DOCKERFILE_SEPARATOR;
  }

  /** Dockerfile {@code ENV}/{@code ARG} with a space between name and value, at a line start. */
  private static final String DOCKERFILE_PREFIX = "(?m:^)[ \\t]*(?-i:ENV|ARG)[ \\t]*";

  private static final String DOCKERFILE_SEPARATOR = "[ \\t]+" + QUOTE + "?";

  private AssignmentGrammar() {}

  /** Whether {@code regex} is written with the grammar. */
  public static boolean uses(String regex) {
    return regex.contains(MACRO);
  }

  /**
   * {@code regex} with its {@code {{assign}}} expanded; unchanged without one.
   *
   * @throws IllegalArgumentException when the macro occurs twice, or inside a group (the key is
   *     everything before it, the value everything after, both at the top level)
   */
  public static String expand(String regex) {
    int at = regex.indexOf(MACRO);
    if (at < 0) {
      return regex;
    }
    if (regex.indexOf(MACRO, at + 1) >= 0) {
      throw new IllegalArgumentException(MACRO + " may occur once in a regex");
    }
    String key = regex.substring(0, at);
    String value = regex.substring(at + MACRO.length());
    String flags = leadingFlags(key);
    key = key.substring(flags.length());
    if (depth(key) != 0) {
      throw new IllegalArgumentException(
          MACRO + " must stand outside every group: key and value are split at it");
    }
    return flags
        + "(?:"
        + key
        + SEPARATOR
        + "|"
        + DOCKERFILE_PREFIX
        + key
        + DOCKERFILE_SEPARATOR
        + ")"
        + value;
  }

  /**
   * A regex {@link #expand} wrote: the leading flags, the key (before the macro) and the value
   * (after it).
   */
  public record Assignment(String flags, String key, String value) {}

  /**
   * The parts of {@code expanded} if {@link #expand} wrote it from a regex with the macro, else
   * null.
   */
  public static Assignment split(String expanded) {
    String flags = leadingFlags(expanded);
    String rest = expanded.substring(flags.length());
    int separator = rest.indexOf(SEPARATOR + "|" + DOCKERFILE_PREFIX);
    if (!rest.startsWith("(?:") || separator < 0) {
      return null;
    }
    String key = rest.substring(3, separator);
    String docker = SEPARATOR + "|" + DOCKERFILE_PREFIX + key + DOCKERFILE_SEPARATOR + ")";
    if (!rest.startsWith(docker, separator)) {
      return null;
    }
    String value = rest.substring(separator + docker.length());
    try {
      return expand(flags + key + MACRO + value).equals(expanded)
          ? new Assignment(flags, key, value)
          : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * The flag group {@code regex} starts with, such as {@code (?i)}: {@code ^\(\?[a-zA-Z]+\)}, or
   * empty. Read by hand rather than by that regex: every rule of the catalogue is expanded on every
   * start.
   */
  static String leadingFlags(String regex) {
    if (!regex.startsWith("(?")) {
      return "";
    }
    int end = 2;
    while (end < regex.length() && isAsciiLetter(regex.charAt(end))) {
      end++;
    }
    return end > 2 && end < regex.length() && regex.charAt(end) == ')'
        ? regex.substring(0, end + 1)
        : "";
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /** Open groups at the end of {@code regex}, escapes and character classes skipped. */
  private static int depth(String regex) {
    int depth = 0;
    boolean inClass = false;
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i++;
      } else if (inClass) {
        inClass = c != ']';
      } else if (c == '[') {
        inClass = true;
        if (i + 1 < regex.length() && regex.charAt(i + 1) == ']') {
          i++;
        }
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      }
    }
    return depth;
  }
}
