package io.leakstop.rules;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One detection rule: which literals must occur, the RE2 regex whose secret group is the
 * credential, and the checks a match must pass before it is reported. Built with {@link #builder},
 * which names each value.
 *
 * @param regex null only for a rule that flags files by {@code path} alone
 * @param secretGroup the regex group holding the secret; {@link #FIRST_GROUP} for the first group
 *     that matched something, as gitleaks does when a rule names none; {@link #NAMED_GROUP} for the
 *     group named {@code secret}, else group 1, else the whole match (see {@link #secretGroupIn})
 * @param window bytes of context on each side of a keyword hit that the regex may see, across
 *     lines; 0 (the default) for the hit's line only
 * @param minEntropy minimum Shannon entropy (bits per char) of the secret; 0 for none
 * @param checksum offline validator, or null when the format has none
 * @param source where the rule was defined, {@code file:line}, for error messages
 * @param path the rule applies only to paths this regex finds something in; null for every path
 * @param tags free-form labels (gitleaks' {@code tags}), carried for reports
 * @param aliases the ids other scanners give the rules this one stands for, by scanner ({@code
 *     gitleaks}, {@code betterleaks}, …): what a gitleaks configuration, ignore file or baseline
 *     naming those ids means here, and what docs/rules-coverage.md is generated from
 * @param companions other parts of the credential, looked for near each secret the rule finds
 */
public record Rule(
    String id,
    String description,
    String issuer,
    Severity severity,
    List<String> keywords,
    Regex regex,
    int secretGroup,
    double minEntropy,
    Checksum checksum,
    Allowlist allow,
    int window,
    Examples examples,
    String source,
    Pattern path,
    List<String> tags,
    Map<String, List<String>> aliases,
    List<Companion> companions) {

  public static final int DEFAULT_WINDOW = 0;
  public static final int FIRST_GROUP = -1;
  public static final int NAMED_GROUP = -2;

  public Rule {
    Objects.requireNonNull(id, "id");
    if (regex == null && path == null) {
      throw new IllegalArgumentException("rule '" + id + "' needs a regex, a path or both");
    }
    keywords = List.copyOf(keywords);
    allow = allow == null ? Allowlist.EMPTY : allow;
    examples = examples == null ? Examples.NONE : examples;
    tags = tags == null ? List.of() : List.copyOf(tags);
    aliases = aliases == null ? Map.of() : Map.copyOf(aliases);
    companions = companions == null ? List.of() : List.copyOf(companions);
  }

  /** A rule named {@code id}; the rest is named on the builder. */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** A builder holding this rule's values. */
  public Builder toBuilder() {
    return new Builder(id)
        .description(description)
        .issuer(issuer)
        .severity(severity)
        .keywords(keywords)
        .regex(regex)
        .secretGroup(secretGroup)
        .minEntropy(minEntropy)
        .checksum(checksum)
        .allow(allow)
        .window(window)
        .examples(examples)
        .source(source)
        .path(path)
        .tags(tags)
        .aliases(aliases)
        .companions(companions);
  }

  /** This rule with {@code more} allowed as well. */
  public Rule withAllow(Allowlist more) {
    if (more.isEmpty()) {
      return this;
    }
    return toBuilder().allow(allow.plus(more)).build();
  }

  /**
   * Whether the rule flags files by their path alone (a {@code path} and no {@code regex}): such a
   * rule never reads content, and each file at a path it finds something in is one finding.
   */
  public boolean pathOnly() {
    return regex == null;
  }

  /**
   * Whether the rule looks at {@code path} at all (gitleaks' rule {@code path}). Null means not
   * known yet (a git blob, whose locations are then checked one by one), which does not rule it
   * out.
   */
  public boolean appliesTo(String path) {
    return this.path == null || path == null || this.path.matcher(path).find();
  }

  /**
   * The ids scanner {@code scanner} (e.g. {@code gitleaks}) has for what this rule finds; often
   * empty.
   */
  public List<String> aliases(String scanner) {
    return aliases.getOrDefault(scanner, List.of());
  }

  /** The group of {@code match}, a match of this rule's regex, that holds the secret. */
  public int secretGroupIn(Matcher match) {
    if (secretGroup == NAMED_GROUP) {
      return regex.namedSecretGroup();
    }
    if (secretGroup != FIRST_GROUP) {
      return secretGroup;
    }
    for (int g = 1; g <= match.groupCount(); g++) {
      if (match.end(g) > match.start(g)) {
        return g;
      }
    }
    return 0;
  }

  /** Example texts a rule must and must not fire on; the catalogue test runs every one. */
  public record Examples(List<String> match, List<String> noMatch) {
    public static final Examples NONE = new Examples(List.of(), List.of());

    public Examples {
      match = List.copyOf(match);
      noMatch = List.copyOf(noMatch);
    }
  }

  /**
   * Names what a {@link Rule} holds. Unset values are the rule's defaults: no keywords, secret
   * group {@link #NAMED_GROUP}, no entropy minimum, window {@link #DEFAULT_WINDOW}; null or empty
   * for the rest.
   */
  public static final class Builder {
    private final String id;
    private String description;
    private String issuer;
    private Severity severity;
    private List<String> keywords = List.of();
    private Regex regex;
    private int secretGroup = NAMED_GROUP;
    private double minEntropy;
    private Checksum checksum;
    private Allowlist allow;
    private int window = DEFAULT_WINDOW;
    private Examples examples;
    private String source;
    private Pattern path;
    private List<String> tags;
    private Map<String, List<String>> aliases;
    private List<Companion> companions;

    private Builder(String id) {
      this.id = id;
    }

    public Builder description(String description) {
      this.description = description;
      return this;
    }

    public Builder issuer(String issuer) {
      this.issuer = issuer;
      return this;
    }

    public Builder severity(Severity severity) {
      this.severity = severity;
      return this;
    }

    public Builder keywords(List<String> keywords) {
      this.keywords = keywords;
      return this;
    }

    public Builder regex(Regex regex) {
      this.regex = regex;
      return this;
    }

    public Builder secretGroup(int secretGroup) {
      this.secretGroup = secretGroup;
      return this;
    }

    public Builder minEntropy(double minEntropy) {
      this.minEntropy = minEntropy;
      return this;
    }

    public Builder checksum(Checksum checksum) {
      this.checksum = checksum;
      return this;
    }

    public Builder allow(Allowlist allow) {
      this.allow = allow;
      return this;
    }

    public Builder window(int window) {
      this.window = window;
      return this;
    }

    public Builder examples(Examples examples) {
      this.examples = examples;
      return this;
    }

    public Builder source(String source) {
      this.source = source;
      return this;
    }

    public Builder path(Pattern path) {
      this.path = path;
      return this;
    }

    public Builder tags(List<String> tags) {
      this.tags = tags;
      return this;
    }

    public Builder aliases(Map<String, List<String>> aliases) {
      this.aliases = aliases;
      return this;
    }

    public Builder companions(List<Companion> companions) {
      this.companions = companions;
      return this;
    }

    public Rule build() {
      return new Rule(
          id,
          description,
          issuer,
          severity,
          keywords,
          regex,
          secretGroup,
          minEntropy,
          checksum,
          allow,
          window,
          examples,
          source,
          path,
          tags,
          aliases,
          companions);
    }
  }
}
