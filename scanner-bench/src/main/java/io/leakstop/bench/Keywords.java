package io.leakstop.bench;

import io.leakstop.rules.Rule;
import io.leakstop.rules.RuleSet;
import java.util.Locale;
import java.util.TreeSet;

/** Prints every distinct keyword of the default rule set, one per line, for grep -f. */
public final class Keywords {
  private Keywords() {}

  public static void main(String[] args) {
    TreeSet<String> keywords = new TreeSet<>();
    for (Rule rule : RuleSet.builtin().rules()) {
      rule.keywords().forEach(k -> keywords.add(k.toLowerCase(Locale.ROOT)));
    }
    keywords.forEach(System.out::println);
  }
}
