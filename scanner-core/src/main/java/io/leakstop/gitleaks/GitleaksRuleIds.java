package io.leakstop.gitleaks;

import io.leakstop.rules.Rule;
import io.leakstop.rules.RuleSet;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which leakstop rules stand for a rule of gitleaks' default configuration, so that {@code
 * disabledRules}, {@code targetRules}, {@code .gitleaksignore} and gitleaks baselines written
 * against gitleaks' ids keep working. The correspondence is the {@code gitleaks:} list of each rule
 * of the catalogue ({@link Rule#aliases}), from which docs/rules-coverage.md is generated too.
 */
final class GitleaksRuleIds {
  static final String SCANNER = "gitleaks";

  private GitleaksRuleIds() {}

  /**
   * The rules of {@code rules} that {@code id} names: the rule of that id if there is one, and the
   * rules whose {@code gitleaks:} list has it; empty when neither exists.
   */
  public static List<String> resolve(String id, RuleSet rules) {
    Set<String> ids = new LinkedHashSet<>();
    rules.get(id).ifPresent(r -> ids.add(id));
    for (Rule rule : rules.rules()) {
      if (rule.aliases(SCANNER).contains(id)) {
        ids.add(rule.id());
      }
    }
    return new ArrayList<>(ids);
  }

  /**
   * Whether a finding of leakstop rule {@code ruleId} is one gitleaks would report as {@code
   * gitleaksId}.
   */
  public static boolean sameRule(String gitleaksId, String ruleId) {
    return gitleaksId.equals(ruleId)
        || RuleSet.builtin()
            .get(ruleId)
            .map(r -> r.aliases(SCANNER).contains(gitleaksId))
            .orElse(false);
  }
}
