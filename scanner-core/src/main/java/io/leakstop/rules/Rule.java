package io.leakstop.rules;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Objects;

/**
 * One detection rule: which literals must occur, the RE2 regex whose secret group is the credential,
 * and the checks a match must pass before it is reported.
 *
 * @param window bytes of context on each side of a keyword hit that the regex may see, across
 *     lines; 0 (the default) for the hit's line only
 * @param minEntropy minimum Shannon entropy (bits per char) of the secret; 0 for none
 * @param checksum offline validator, or null when the format has none
 * @param source where the rule was defined, {@code file:line}, for error messages
 */
public record Rule(
    String id,
    String description,
    String issuer,
    Severity severity,
    List<String> keywords,
    Pattern regex,
    int secretGroup,
    double minEntropy,
    Checksum checksum,
    Allowlist allow,
    int window,
    Examples examples,
    String source) {

  public static final int DEFAULT_WINDOW = 0;

  public Rule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(regex, "regex");
    keywords = List.copyOf(keywords);
    allow = allow == null ? Allowlist.EMPTY : allow;
    examples = examples == null ? Examples.NONE : examples;
  }

  /** Example texts a rule must and must not fire on; the catalogue test runs every one. */
  public record Examples(List<String> match, List<String> noMatch) {
    public static final Examples NONE = new Examples(List.of(), List.of());

    public Examples {
      match = List.copyOf(match);
      noMatch = List.copyOf(noMatch);
    }
  }
}
