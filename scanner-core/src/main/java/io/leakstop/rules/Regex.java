package io.leakstop.rules;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * A rule's RE2 regex, compiled now or on first use.
 *
 * <p>Compiling every regex of the built-in catalogue was much of loading it, on every start ({@code
 * bench/catalogue-load.sh}; bench/RESULTS.md, Figures from comments), while a scan typically runs a
 * few dozen of them: the others' keywords never occur. The build compiles every built-in regex (a
 * broken one fails it), so the catalogue's are compiled when a rule first matches; a user's are
 * compiled as their file loads, so that a mistake is reported with the file and line.
 */
public final class Regex {
  private final String source;
  private volatile Compiled compiled;

  /** The pattern and what is derived from it once. */
  private record Compiled(Pattern pattern, int namedSecretGroup) {
    static Compiled of(Pattern pattern) {
      Integer named = pattern.namedGroups().get("secret");
      return new Compiled(pattern, named != null ? named : pattern.groupCount() >= 1 ? 1 : 0);
    }
  }

  private Regex(String source, Compiled compiled) {
    this.source = source;
    this.compiled = compiled;
  }

  /** An already compiled pattern. */
  public static Regex of(Pattern pattern) {
    return new Regex(pattern.pattern(), Compiled.of(pattern));
  }

  /** Compiled when first used; only for sources known to compile. */
  static Regex deferred(String source) {
    return new Regex(source, null);
  }

  /** The regex as written. */
  public String pattern() {
    return source;
  }

  public Pattern compiled() {
    return compiledOnce().pattern();
  }

  /** The group named {@code secret}, else group 1, else 0 (the whole match). */
  public int namedSecretGroup() {
    return compiledOnce().namedSecretGroup();
  }

  private Compiled compiledOnce() {
    Compiled c = compiled;
    if (c == null) {
      // Two threads may both compile it; the results are equal and immutable.
      c = compiled = Compiled.of(Pattern.compile(source));
    }
    return c;
  }

  public Matcher matcher(CharSequence input) {
    return compiled().matcher(input);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Regex r && r.source.equals(source);
  }

  @Override
  public int hashCode() {
    return source.hashCode();
  }

  @Override
  public String toString() {
    return source;
  }
}
