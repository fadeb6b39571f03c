package io.leakstop.rules;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.leakstop.detect.Candidate;
import io.leakstop.detect.Detector;
import io.leakstop.testing.ExampleText;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule of the shipped catalogue fires on its match examples and stays quiet on the others.
 * Examples are filled by {@link ExampleText}: nothing usable is committed.
 */
class RuleCatalogueTest {
  private static final Detector DETECTOR = new Detector(RuleSet.builtin());

  static Stream<Arguments> matchExamples() {
    return RuleSet.builtin().rules().stream()
        .flatMap(r -> r.examples().match().stream().map(e -> Arguments.of(r.id(), e)));
  }

  static Stream<Arguments> noMatchExamples() {
    return RuleSet.builtin().rules().stream()
        .flatMap(r -> r.examples().noMatch().stream().map(e -> Arguments.of(r.id(), e)));
  }

  @ParameterizedTest(name = "{0} finds {1}")
  @MethodSource("matchExamples")
  void ruleFindsItsMatchExample(String ruleId, String example) {
    Rule rule = RuleSet.builtin().get(ruleId).orElseThrow();
    String text = ExampleText.fill(rule, example);
    List<Candidate> found = found(rule, text);
    assertTrue(
        found.stream().anyMatch(c -> c.rule().id().equals(ruleId)),
        () -> ruleId + " did not fire on its example " + text + "; found " + found);
  }

  @ParameterizedTest(name = "{0} ignores {1}")
  @MethodSource("noMatchExamples")
  void ruleIgnoresItsNoMatchExample(String ruleId, String example) {
    Rule rule = RuleSet.builtin().get(ruleId).orElseThrow();
    String text = ExampleText.fill(rule, example);
    List<Candidate> found = found(rule, text);
    assertFalse(
        found.stream().anyMatch(c -> c.rule().id().equals(ruleId)),
        () -> ruleId + " fired on a no-match example: " + found);
  }

  /**
   * What the catalogue finds in an example: its text, or for a rule that flags files by path alone,
   * a file at that path (such a rule's examples are paths).
   */
  private static List<Candidate> found(Rule rule, String example) {
    return rule.pathOnly() ? DETECTOR.detectPath(example) : DETECTOR.detect(example);
  }

  @Test
  void everyRuleHasBothKindsOfExamplesAndKeywords() {
    List<String> problems = new ArrayList<>();
    for (Rule rule : RuleSet.builtin().rules()) {
      if (rule.examples().match().isEmpty() || rule.examples().noMatch().isEmpty()) {
        problems.add(rule.id() + " (" + rule.source() + ") needs match and no-match examples");
      }
      if (rule.keywords().isEmpty() && !rule.pathOnly()) {
        problems.add(
            rule.id()
                + " ("
                + rule.source()
                + ") has no keywords: it would run its regex over every byte");
      }
      for (String keyword : rule.keywords()) {
        if (keyword.length() < 3) {
          problems.add(
              rule.id() + ": keyword '" + keyword + "' is too short to prefilter anything");
        }
      }
    }
    if (!problems.isEmpty()) {
      fail(String.join("\n", problems));
    }
  }

  @Test
  void catalogueIsLargeAndCoversTheDocumentedIssuers() {
    RuleSet rules = RuleSet.builtin();
    assertTrue(rules.size() >= 100, "only " + rules.size() + " rules");
    Set<String> issuers = new HashSet<>();
    rules.rules().forEach(r -> issuers.add(r.issuer()));
    for (String issuer :
        List.of(
            "github",
            "gitlab",
            "slack",
            "npm",
            "pypi",
            "huggingface",
            "openai",
            "anthropic",
            "stripe",
            "discord",
            "shopify",
            "doppler",
            "atlassian",
            "aws",
            "generic")) {
      assertTrue(
          issuers.contains(issuer), "no rule for issuer " + issuer + " (have " + issuers + ")");
    }
  }

  @Test
  void checksumRulesRejectTokensWithAWrongChecksum() {
    for (Rule rule : RuleSet.builtin().rules()) {
      if (rule.checksum() == null) {
        continue;
      }
      for (String example : rule.examples().match()) {
        String valid = ExampleText.fill(rule, example);
        String broken = ExampleText.fill(rule, example, true);
        assertTrue(DETECTOR.detect(valid).stream().anyMatch(c -> c.rule() == rule), rule.id());
        assertFalse(
            DETECTOR.detect(broken).stream().anyMatch(c -> c.rule() == rule),
            rule.id() + " reported a token whose checksum is wrong");
      }
    }
  }
}
