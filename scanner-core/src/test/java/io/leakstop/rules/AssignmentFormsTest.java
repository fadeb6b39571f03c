package io.leakstop.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.leakstop.detect.Candidate;
import io.leakstop.detect.Detector;
import io.leakstop.testing.ExampleText;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule written with the shared assignment grammar ({@code {{assign}}}) finds the key and
 * secret of each of its match examples written in every assignment form code uses, on the line the
 * value sits on. The forms are generated from the examples: a form added to the grammar is added
 * here and then holds for every rule.
 */
class AssignmentFormsTest {
  private static final Detector DETECTOR = new Detector(RuleSet.builtin());
  private static final Pattern LEADING_FLAGS = Pattern.compile("^\\(\\?[a-zA-Z]+\\)");

  /** A way code writes "key is value": the text and the 1-based line the value sits on. */
  enum Form {
    GO_TYPED("var %1$s string = \"%2$s\"", 1),
    PHP_APPEND("$%1$s .= \"%2$s\";", 1),
    MAKE_IMMEDIATE("%1$s ::= %2$s", 1),
    MAKE_POSIX("%1$s :::= %2$s", 1),
    JAVA_SYSTEM_PROPERTY("System.setProperty(\"%1$s\", \"%2$s\");", 1),
    PYTHON_ENVIRON("os.environ[\"%1$s\"] = \"%2$s\"", 1),
    DOCKERFILE_ENV_EQUALS("ENV %1$s=%2$s", 1),
    DOCKERFILE_ENV_SPACE("ENV %1$s %2$s", 1),
    DOCKERFILE_ARG("ARG %1$s=%2$s", 1),
    DOTNET_APP_SETTING("<add key=\"%1$s\" value=\"%2$s\"/>", 1),
    XML_VALUE_ON_NEXT_LINE("<settings>\n  <%1$s>\n    %2$s\n  </%1$s>\n</settings>", 3),
    JSON_EMBEDDED_FILE("{\"config.ini\": \"%1$s=%2$s\\nOTHER=1\"}", 1);

    final String template;
    final int line;

    Form(String template, int line) {
      this.template = template;
      this.line = line;
    }

    String write(String key, String value) {
      return String.format(template, key, value);
    }
  }

  static Stream<Arguments> examplesInEveryForm() {
    return RuleSet.builtin().rules().stream()
        .filter(r -> r.regex() != null && r.regex().pattern().contains(AssignmentGrammar.SEPARATOR))
        .flatMap(
            r ->
                r.examples().match().stream()
                    .flatMap(e -> Stream.of(Form.values()).map(f -> Arguments.of(r.id(), f, e))));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("examplesInEveryForm")
  void ruleFindsItsExampleInEveryAssignmentForm(String ruleId, Form form, String example) {
    Rule rule = RuleSet.builtin().get(ruleId).orElseThrow();
    String text = ExampleText.fill(rule, example);
    Candidate plain =
        DETECTOR.detect(text).stream()
            .filter(c -> c.rule() == rule)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no plain match: " + text));
    String key = keyOf(rule, text, plain);
    String written = form.write(key, plain.secret());
    List<Candidate> found = DETECTOR.detect(written);
    assertTrue(
        found.stream()
            .anyMatch(
                c ->
                    c.rule() == rule
                        && c.secret().equals(plain.secret())
                        && c.position().line() == form.line),
        () -> ruleId + " missed its secret in " + form + ":\n" + written + "\nfound " + found);
  }

  /** The name the example assigns to: what the rule's key part matched before the secret. */
  private static String keyOf(Rule rule, String text, Candidate plain) {
    String regex = rule.regex().pattern();
    Matcher flags = LEADING_FLAGS.matcher(regex);
    String leading = flags.find() ? flags.group() : "";
    int keyStart = leading.length() + "(?:".length();
    String key = regex.substring(keyStart, regex.indexOf(AssignmentGrammar.SEPARATOR));
    Matcher m =
        Pattern.compile(leading + key)
            .matcher(text.substring(plain.match().start(), plain.span().start()));
    assertTrue(m.find(), () -> "no key in " + text);
    return m.group().replaceFirst("^[^A-Za-z0-9_]+", "");
  }

  @Test
  void theMacroMustStandBetweenKeyAndValueAtTheTopLevel() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                RuleSet.parse(
                    "bad.yaml",
                    """
            rules:
              - id: bad
                keywords: [foo]
                regex: '(?:foo{{assign}}|bar)(?P<secret>[a-z]{20})'
            """));
    assertTrue(
        e.getMessage().contains("bad.yaml") && e.getMessage().contains("outside every group"),
        e.getMessage());
  }

  @Test
  void formsThatAreNotAssignmentsStayQuiet() {
    String secret = "Zq8vK2pLm9Xw4Rt7Yb3N";
    for (String text :
        List.of(
            "the secret token " + secret + " is gone",
            "env SECRET_TOKEN " + secret,
            "if (secret_token > " + secret + ")",
            "log(\"secret_token\"); call(\"" + secret + "\")",
            // A list of names in Markdown code spans is no call with a name and a value.
            "rules: `pagerduty-api-key`, `" + secret + "`, `other`")) {
      assertFalse(DETECTOR.detect(text).stream().anyMatch(c -> c.secret().equals(secret)), text);
    }
  }

  @Test
  void aDockerfileEnvWithASpaceIsFoundWithItsLine() {
    String secret = "Zq8vK2pLm9Xw4Rt7Yb3NhG5s";
    List<Candidate> found = DETECTOR.detect("FROM alpine\nENV SERVICE_API_TOKEN " + secret + "\n");
    assertEquals(
        List.of("generic-token@2"),
        found.stream().map(c -> c.rule().id() + "@" + c.position().line()).toList());
  }

  @Test
  void splitGivesBackTheFlagsKeyAndValueOfEveryRuleWrittenWithTheGrammar() {
    int split = 0;
    for (Rule rule : RuleSet.builtin().rules()) {
      if (rule.regex() == null) {
        continue;
      }
      String regex = rule.regex().pattern();
      AssignmentGrammar.Assignment parts = AssignmentGrammar.split(regex);
      assertEquals(regex.contains(AssignmentGrammar.SEPARATOR), parts != null, rule.id());
      if (parts != null) {
        split++;
        assertEquals(
            regex,
            AssignmentGrammar.expand(parts.flags() + parts.key() + "{{assign}}" + parts.value()));
      }
    }
    assertTrue(split > 200, "rules written with the grammar: " + split);
    assertEquals(null, AssignmentGrammar.split("(?i)token\\s*=\\s*(?P<secret>[a-z]{20})"));
  }

  /**
   * {@link AssignmentGrammar#SEPARATOR_FIRST_BYTES} holds the first byte of every separator: every
   * byte value followed by separator-like text, and wherever a separator matches at the start, its
   * first byte is one of them.
   */
  @Test
  void everySeparatorStartsWithOneOfTheFirstBytes() {
    Pattern separator = Pattern.compile("(?i)\\A(?:" + AssignmentGrammar.separators() + ")");
    String[] continuations = {
      "",
      " = ",
      "= ",
      ":= ",
      "::= ",
      "=> ",
      "?= ",
      "||= ",
      ".= ",
      "+= ",
      ": String = ",
      "] = ",
      "\" : ",
      "\", \"",
      "\" value=\"",
      " string = ",
      "*x = ",
      "[]x = ",
      "\n  ",
      "\r\n",
      "> ",
      "'",
      "`",
      "=",
      ":"
    };
    int matches = 0;
    for (int b = 0; b < 256; b++) {
      for (String continuation : continuations) {
        String text = (char) b + continuation;
        if (separator.matcher(text).find()) {
          matches++;
          assertTrue(
              AssignmentGrammar.SEPARATOR_FIRST_BYTES.indexOf(b) >= 0,
              "a separator starts with byte " + b + ": " + text);
        }
      }
    }
    assertTrue(matches > 100, "separators matched: " + matches);
  }
}
