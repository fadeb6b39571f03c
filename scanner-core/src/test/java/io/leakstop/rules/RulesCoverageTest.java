package io.leakstop.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * docs/rules-coverage.md is what the rule files and rules/coverage/ say, and they account for every
 * rule id of gitleaks' default configuration and of betterleaks' catalogue.
 */
class RulesCoverageTest {
  private final Path repo = RulesCoverage.repoRoot();
  private final RulesCoverage coverage = new RulesCoverage(repo, RuleSet.builtin());

  @Test
  void everyKnownIdIsCoveredByARuleOrExcusedButNotBoth() throws IOException {
    List<String> problems = new ArrayList<>();
    for (String scanner : RulesCoverage.SCANNERS) {
      Map<String, List<String>> mapped = coverage.mapped(scanner);
      Set<String> excused = coverage.exceptions().get(scanner).keySet();
      Set<String> known = new HashSet<>(coverage.knownIds(scanner));
      for (String id : coverage.knownIds(scanner)) {
        if (!mapped.containsKey(id) && !excused.contains(id)) {
          problems.add(
              scanner
                  + " id '"
                  + id
                  + "': no rule lists it under "
                  + scanner
                  + ": and rules/coverage/exceptions.yaml has no reason for it");
        }
        if (mapped.containsKey(id) && excused.contains(id)) {
          problems.add(
              scanner + " id '" + id + "' is both covered by " + mapped.get(id) + " and excused");
        }
      }
      mapped.forEach(
          (id, rules) -> {
            if (!known.contains(id)) {
              problems.add(
                  rules
                      + " name "
                      + scanner
                      + " id '"
                      + id
                      + "', which rules/coverage/"
                      + scanner
                      + "-ids.txt lacks");
            }
          });
      excused.stream()
          .filter(id -> !known.contains(id))
          .forEach(
              id ->
                  problems.add("exceptions.yaml excuses unknown " + scanner + " id '" + id + "'"));
    }
    if (!problems.isEmpty()) {
      fail(problems.size() + " problems:\n" + String.join("\n", problems));
    }
  }

  @Test
  void theCoveragePageIsGeneratedFromTheRuleFiles() throws IOException {
    Path doc = repo.resolve(RulesCoverage.DOC);
    String generated = coverage.markdown();
    if (Boolean.getBoolean("leakstop.regenerate")) {
      Files.writeString(doc, generated);
    }
    assertTrue(
        Files.exists(doc), RulesCoverage.DOC + " is missing; run " + RulesCoverage.REGENERATE);
    assertEquals(
        generated,
        Files.readString(doc),
        RulesCoverage.DOC + " differs from the rule files; run " + RulesCoverage.REGENERATE);
  }
}
