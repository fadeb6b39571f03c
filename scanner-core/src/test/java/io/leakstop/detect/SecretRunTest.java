package io.leakstop.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.leakstop.rules.Rule;
import io.leakstop.rules.RuleSet;
import io.leakstop.testing.ExampleText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SecretRunTest {
  private static Rule rule(String regex) {
    Pattern p = Pattern.compile(regex);
    int group = regex.contains("(?P<secret>") ? secretIndex(regex) : 0;
    return new Rule("t", "", "x", null, List.of("k"), p, group, 0, null, null, 0, null, "t.yaml:1", null, List.of());
  }

  private static int secretIndex(String regex) {
    int at = regex.indexOf("(?P<secret>");
    return (int) java.util.regex.Pattern.compile("\\((?:\\?P<|[^?])").matcher(regex.substring(0, at)).results().count() + 1;
  }

  @Test
  void readsTheSecretGroupsClassAndMinimum() {
    SecretRun run = SecretRun.of(rule("(?i)key\\s*=\\s*(?P<secret>[a-f0-9]{32,64})\\b"));
    assertNotNull(run);
    assertEquals(32, run.minRun());
    byte[] hex = "key = 0123456789abcdefABCDEF0123456789".getBytes(StandardCharsets.US_ASCII);
    assertTrue(run.foundIn(hex, 0, hex.length), "upper case counts: the class may sit in a (?i) scope");
    byte[] shortRun = "key = 0123456789abcdef and 0123456789".getBytes(StandardCharsets.US_ASCII);
    assertFalse(run.foundIn(shortRun, 0, shortRun.length));
  }

  @Test
  void findsTheRightGroupPastClassesEscapesAndNonCapturingGroups() {
    assertEquals("[A-Z]{20}", SecretRun.groupBody("(?:a|b)([()\\]]+)\\((?P<secret>[A-Z]{20})\\)", 2));
    assertEquals("[^)]{12,}", SecretRun.groupBody("(x)(?i:(y))([^)]{12,})", 3));
    assertNull(SecretRun.groupBody("\\Q(\\E([a-z]{9})", 1), "\\Q…\\E quoting is not read: no prefilter");
  }

  @Test
  void givesUpOnAnythingButOneRepeatedAtom() {
    assertNull(SecretRun.of(rule("(?P<secret>ghp_[A-Za-z0-9]{36})")), "a literal prefix in the group");
    assertNull(SecretRun.of(rule("(?P<secret>[a-z]{4,9})")), "too short to be worth it");
    assertNull(SecretRun.of(rule("(?P<secret>[a-z]+)")), "no minimum");
    assertNull(SecretRun.of(rule("(?P<secret>(?:[a-z]{20})|[0-9]{30})")), "alternatives");
    assertNull(SecretRun.of(rule("token=[a-z]{20}")), "the whole match is the secret");
    assertNotNull(SecretRun.of(rule("(?P<secret>\\S{10,}?)")));
    assertNotNull(SecretRun.of(rule("(?s)(?P<secret>.{16})")));
  }

  /**
   * The safety property on the real catalogue: wherever a rule's regex captures a non-empty
   * secret, its prefilter lets the window through (on the filled match examples, and on random
   * text around them).
   */
  @Test
  void neverRejectsAWindowInWhichTheRuleFindsASecret() {
    Random random = new Random(7);
    List<String> withPrefilter = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Rule rule : RuleSet.builtin().rules()) {
      SecretRun run = SecretRun.of(rule);
      if (run == null) {
        continue;
      }
      withPrefilter.add(rule.id());
      for (String example : rule.examples().match()) {
        String text = noise(random) + ExampleText.fill(rule, example) + noise(random);
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        Matcher m = rule.regex().matcher(new ByteChars(bytes, 0, bytes.length));
        while (m.find()) {
          int s = m.start(rule.secretGroup());
          int e = m.end(rule.secretGroup());
          if (s >= 0 && e > s && !run.foundIn(bytes, m.start(), m.end())) {
            problems.add(rule.id() + " rejects its own match in: " + text);
          }
        }
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
    assertTrue(withPrefilter.containsAll(
            List.of("generic-token", "generic-password", "generic-secret", "generic-api-key")),
        "the generic rules, whose keywords are the most common, have no prefilter: " + withPrefilter);
  }

  private static String noise(Random random) {
    StringBuilder sb = new StringBuilder();
    String alphabet = "abcXYZ019 _-=:\"'\n\t.;/+";
    for (int i = random.nextInt(40); i > 0; i--) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
