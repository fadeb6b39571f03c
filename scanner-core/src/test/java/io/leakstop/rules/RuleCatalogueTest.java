package io.leakstop.rules;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.leakstop.detect.Candidate;
import io.leakstop.detect.Detector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule of the shipped catalogue fires on its match examples and stays quiet on the others. */
class RuleCatalogueTest {
  private static final String CHECKSUM_HOLE = "{{checksum}}";
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
    String text = fillChecksums(rule, example);
    List<Candidate> found = DETECTOR.detect(text);
    assertTrue(
        found.stream().anyMatch(c -> c.rule().id().equals(ruleId)),
        () -> ruleId + " did not fire on its example; found " + found);
  }

  @ParameterizedTest(name = "{0} ignores {1}")
  @MethodSource("noMatchExamples")
  void ruleIgnoresItsNoMatchExample(String ruleId, String example) {
    Rule rule = RuleSet.builtin().get(ruleId).orElseThrow();
    String text = fillChecksums(rule, example);
    List<Candidate> found = DETECTOR.detect(text);
    assertFalse(
        found.stream().anyMatch(c -> c.rule().id().equals(ruleId)),
        () -> ruleId + " fired on a no-match example: " + found);
  }

  @Test
  void everyRuleHasBothKindsOfExamplesAndKeywords() {
    List<String> problems = new ArrayList<>();
    for (Rule rule : RuleSet.builtin().rules()) {
      if (rule.examples().match().isEmpty() || rule.examples().noMatch().isEmpty()) {
        problems.add(rule.id() + " (" + rule.source() + ") needs match and no-match examples");
      }
      if (rule.keywords().isEmpty()) {
        problems.add(rule.id() + " (" + rule.source() + ") has no keywords: it would run its regex over every byte");
      }
      for (String keyword : rule.keywords()) {
        if (keyword.length() < 3) {
          problems.add(rule.id() + ": keyword '" + keyword + "' is too short to prefilter anything");
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
    for (String issuer : List.of("github", "gitlab", "slack", "npm", "pypi", "huggingface", "openai",
        "anthropic", "stripe", "discord", "shopify", "doppler", "atlassian", "aws", "generic")) {
      assertTrue(issuers.contains(issuer), "no rule for issuer " + issuer + " (have " + issuers + ")");
    }
  }

  @Test
  void checksumRulesRejectTokensWithAWrongChecksum() {
    for (Rule rule : RuleSet.builtin().rules()) {
      if (rule.checksum() == null) {
        continue;
      }
      for (String example : rule.examples().match()) {
        String valid = fillChecksums(rule, example);
        String broken = fillChecksums(rule, example, true);
        assertTrue(DETECTOR.detect(valid).stream().anyMatch(c -> c.rule() == rule), rule.id());
        assertFalse(DETECTOR.detect(broken).stream().anyMatch(c -> c.rule() == rule),
            rule.id() + " reported a token whose checksum is wrong");
      }
    }
  }

  static String fillChecksums(Rule rule, String example) {
    return fillChecksums(rule, example, false);
  }

  /**
   * Replaces each {@code {{checksum}}} with the checksum of the token before it, which starts at the
   * rule's last keyword occurrence. Committed examples hold no valid token; tests make them here.
   */
  static String fillChecksums(Rule rule, String example, boolean corrupt) {
    String text = example;
    int hole;
    while ((hole = text.indexOf(CHECKSUM_HOLE)) >= 0) {
      if (rule.checksum() == null) {
        throw new AssertionError(rule.id() + ": example has " + CHECKSUM_HOLE + " but the rule has no checksum");
      }
      int start = -1;
      for (String keyword : rule.keywords()) {
        start = Math.max(start, text.lastIndexOf(keyword, hole));
      }
      if (start < 0) {
        throw new AssertionError(rule.id() + ": no keyword before " + CHECKSUM_HOLE + " in " + example);
      }
      String head = text.substring(start, hole);
      String checksum = rule.checksum().complete(head).substring(head.length());
      if (corrupt) {
        char c = checksum.charAt(0);
        checksum = (c == '1' ? '2' : '1') + checksum.substring(1);
      }
      text = text.substring(0, hole) + checksum + text.substring(hole + CHECKSUM_HOLE.length());
    }
    return text;
  }
}
