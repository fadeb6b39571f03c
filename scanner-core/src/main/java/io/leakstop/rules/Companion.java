package io.leakstop.rules;

import com.google.re2j.Matcher;
import java.util.Objects;

/**
 * Another part of a credential that a rule's secret is only usable (and verifiable) with, found
 * near it: the AWS key id beside its secret, the Twilio account SID beside its auth token, the Okta
 * domain beside its API token.
 *
 * @param name what the finding calls it ({@code Finding.companion(name)})
 * @param regex its value is the group named {@code value}, else group 1, else the whole match
 * @param lines how many lines before and after the secret's line are searched
 */
public record Companion(String name, Regex regex, int lines) {
  public static final int MAX_LINES = 50;

  public Companion {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(regex, "regex");
    if (lines < 0 || lines > MAX_LINES) {
      throw new IllegalArgumentException("lines must be from 0 to " + MAX_LINES);
    }
  }

  /** The group of {@code match}, a match of {@link #regex}, that holds the value. */
  public int valueGroup(Matcher match) {
    Integer named = regex.compiled().namedGroups().get("value");
    return named != null ? named : match.groupCount() >= 1 ? 1 : 0;
  }
}
