package io.leakstop.rules;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * A rule's RE2 regex, compiled now or on first use.
 *
 * <p>Compiling the built-in catalogue's 206 rule regexes was half of loading it, on every start,
 * while a scan typically runs a few dozen of them: the others' keywords never occur. The build
 * compiles every built-in regex (a broken one fails it), so the catalogue's are compiled when a
 * rule first matches; a user's are compiled as their file loads, so that a mistake is reported
 * with the file and line.
 */
public final class Regex {
  private final String source;
  private volatile Pattern compiled;

  private Regex(String source, Pattern compiled) {
    this.source = source;
    this.compiled = compiled;
  }

  /** An already compiled pattern. */
  public static Regex of(Pattern pattern) {
    return new Regex(pattern.pattern(), pattern);
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
    Pattern pattern = compiled;
    if (pattern == null) {
      // Two threads may both compile it; the patterns are equal and immutable.
      pattern = compiled = Pattern.compile(source);
    }
    return pattern;
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
