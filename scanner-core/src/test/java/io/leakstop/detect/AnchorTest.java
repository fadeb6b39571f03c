package io.leakstop.detect;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Pattern;
import io.leakstop.rules.Regex;
import io.leakstop.rules.Rule;
import io.leakstop.rules.RuleSet;
import io.leakstop.testing.ExampleText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The anchor's checks turn a window away only where its rule's regex finds nothing: on the rule
 * catalogue's own examples, mutated ones, and windows built from near misses; and they turn away
 * the shapes of ordinary text that reach the generic rules' keywords.
 */
class AnchorTest {
  private static Rule builtin(String id) {
    return RuleSet.builtin().rules().stream()
        .filter(r -> r.id().equals(id))
        .findFirst()
        .orElseThrow();
  }

  private static Rule rule(String regex, String... keywords) {
    return Rule.builder("t")
        .description("")
        .issuer("x")
        .keywords(List.of(keywords))
        .regex(Regex.of(Pattern.compile(regex)))
        .source("t.yaml:1")
        .build();
  }

  /**
   * The rule's keyword hits in {@code bytes} as the detector keeps them ({from, to} pairs,
   * overlapping ones joined), or null where a joined hit no longer covers an occurrence (the
   * detector then does without the anchor).
   */
  static int[] hits(Rule rule, byte[] bytes) {
    List<String> keywords =
        rule.keywords().stream().map(k -> k.toLowerCase(Locale.ROOT)).distinct().toList();
    KeywordMatcher matcher = new KeywordMatcher(keywords);
    int[][] out = {new int[0]};
    boolean[] outOfOrder = {false};
    matcher.scan(
        bytes,
        0,
        bytes.length,
        (keyword, end) -> {
          int start = end - matcher.keywordLength(keyword);
          int[] h = out[0];
          int n = h.length;
          if (n > 0 && h[n - 1] >= start) {
            h[n - 1] = Math.max(h[n - 1], end);
            outOfOrder[0] |= start < h[n - 2];
            return;
          }
          h = Arrays.copyOf(h, n + 2);
          h[n] = start;
          h[n + 1] = end;
          out[0] = h;
        });
    return outOfOrder[0] ? null : out[0];
  }

  /** Whether the anchor lets the whole of {@code bytes}, as one window, through. */
  static boolean passes(Anchor anchor, Rule rule, byte[] bytes) {
    int[] hits = hits(rule, bytes);
    if (hits == null) {
      return true;
    }
    return anchor.bytesMayMatch(bytes, hits, 0, hits.length, bytes.length)
        && anchor.regexMayMatch(bytes, hits, 0, hits.length, bytes.length);
  }

  private static boolean passes(Rule rule, String window) {
    Anchor anchor = Anchor.of(rule);
    assertNotNull(anchor, rule.id());
    return passes(anchor, rule, window.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static boolean matches(Rule rule, byte[] bytes) {
    return rule.regex().matcher(new ByteChars(bytes, 0, bytes.length)).find();
  }

  @Test
  void theRulesWithTheMostCommonKeywordsHaveAnchors() {
    for (String id :
        List.of(
            "generic-credentials-in-url",
            "generic-token",
            "generic-password",
            "generic-secret",
            "square-access-token",
            "private-key-pkcs8",
            "curl-user-password")) {
      assertNotNull(Anchor.of(builtin(id)), id);
    }
  }

  @Test
  void splitsAtTheFirstLiteralHoldingAKeywordOrAtAGroupWhoseBranchesAllHaveOne() {
    assertNotNull(Anchor.of(rule("\\bfoo_[a-z]{8}", "foo_")));
    assertNotNull(Anchor.of(rule("x+-----BEGIN KEY-----[A-Z]{4}", "begin key")));
    assertNotNull(Anchor.of(rule("(?:ab_[0-9]{4}|cd-[0-9]{6})\\b", "ab_", "cd-")));
    assertNull(Anchor.of(rule("(?:ab_[0-9]{4}|[0-9]{6})\\b", "ab_")), "a branch without one");
    assertNull(Anchor.of(rule("(?:ab_)?[0-9]{4}", "ab_")), "an optional literal");
    assertNull(Anchor.of(rule("[a-z]{4}", "abcd")), "no literal");
    assertNull(Anchor.of(rule("x(?i)abcd[0-9]", "abcd")), "flags the split would drop");
  }

  @Test
  void turnsAwayTheShapesOfOrdinaryTextAtTheCommonKeywords() {
    Rule url = builtin("generic-credentials-in-url");
    assertTrue(passes(url, "see https://user:s3cr3tPassw0rd@example.com/x for it"));
    assertFalse(passes(url, "<a href=\"https://square.github.io/okhttp/4.x/okhttp/\">x</a>"));
    assertFalse(
        passes(url, "sources:[\"webpack://./node_modules/@jetbrains/ring-ui/button.css\"]"));
    Rule square = builtin("square-access-token");
    assertFalse(
        passes(square, "      JTxpTKqym93whYk93l3ocEe55c0CAwEAAaN7MHkwCQYDVR0TBAIwADAsBglghkgB"));
    Rule token = builtin("generic-token");
    assertTrue(passes(token, "  api_token = \"Zq8vT2mXw9LpK4rB7nYe12\""));
    assertFalse(
        passes(
            token,
            "<span class=\"token keyword\">open </span><span class=\"token annotation builtin\">"
                + "@get:</span><a href=\"https://kotlinlang.org/api/latest/jvm/stdlib/kotlin.jvm/"
                + "-jvm-name/index.html\"><span class=\"token annotation builtin\">JvmName</span>"),
        "separators and values after the name, but not in the order the regex needs");
    assertFalse(passes(token, "val extensionTokenEnd = header.delimiterOffset(';', pos, end)"));
  }

  private static boolean bytesPass(Rule rule, String window) {
    byte[] bytes = window.getBytes(StandardCharsets.ISO_8859_1);
    int[] hits = hits(rule, bytes);
    return Anchor.of(rule).bytesMayMatch(bytes, hits, 0, hits.length, bytes.length);
  }

  @Test
  void anAssignmentsValueMustBeFollowedByWhatTheRegexAllowsAfterIt() {
    Rule token = builtin("generic-token");
    assertTrue(bytesPass(token, "  api_token = \"Zq8vT2mXw9LpK4rB7nYe12\""));
    assertTrue(bytesPass(token, "api_token = Zq8vT2mXw9LpK4rB7nYe12 # note"));
    assertTrue(bytesPass(token, "api_token = Zq8vT2mXw9LpK4rB7nYe12#note"));
    assertFalse(
        bytesPass(
            token,
            "<span class=\"token function\">addEncodedPathSegment</span></a><span class=\"x\">"),
        "a run after separator bytes, but followed by what no value is");
    assertFalse(
        bytesPass(token, "val extensionTokenEnd = header.delimiterOffset(';', pos, end)"),
        "a call, not a value");
    Rule toggl = builtin("toggl-api-token");
    assertTrue(bytesPass(toggl, "TOGGL_API_TOKEN=0123456789abcdef0123456789abcdef"));
    assertFalse(
        bytesPass(toggl, "<div data-togglable=\":okhttp:dokkaHtmlPartial/jvmMain\">"),
        "the value of a group with its own flags is read through");
  }

  @Test
  void aChainGoesOnThroughRunsWithoutABound() {
    Rule basic = builtin("generic-authorization-basic");
    assertTrue(bytesPass(basic, "Authorization: Basic dXNlcjpwYXNzd29yZDEyMzQ1Ng=="));
    assertFalse(bytesPass(basic, "Uses basic auth; see the basic  example."));
  }

  /** The catalogue's filled match examples, with noise around them, as one window each. */
  @Test
  void neverRejectsAnExampleOfTheCatalogue() {
    Random random = new Random(18);
    List<String> problems = new ArrayList<>();
    int anchored = 0;
    for (Rule rule : RuleSet.builtin().rules()) {
      Anchor anchor = Anchor.of(rule);
      if (anchor == null) {
        continue;
      }
      anchored++;
      List<String> examples = new ArrayList<>(rule.examples().match());
      examples.addAll(rule.examples().noMatch());
      for (String example : examples) {
        String text = noise(random) + ExampleText.fill(rule, example) + noise(random);
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        if (matches(rule, bytes) && !passes(anchor, rule, bytes)) {
          problems.add(rule.id() + " rejects a window its regex matches: " + text);
        }
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
    assertTrue(anchored > 100, "rules with an anchor: " + anchored);
  }

  /**
   * Every anchored rule's filled match examples, mutated (bytes dropped, doubled, replaced by one
   * of the example's own or by a byte the regexes treat specially), with noise around them.
   */
  @Test
  void neverRejectsAMutatedExampleTheRegexStillMatches() {
    Random random = new Random(1818);
    String special = " \t\n\r\"'`=:;,.@/\\<>()[]{}#$%&|-_+*?";
    List<String> problems = new ArrayList<>();
    int matched = 0;
    int turnedAway = 0;
    for (Rule rule : RuleSet.builtin().rules()) {
      Anchor anchor = Anchor.of(rule);
      if (anchor == null) {
        continue;
      }
      for (String example : rule.examples().match()) {
        String filled = ExampleText.fill(rule, example);
        for (int t = 0; t < 40; t++) {
          StringBuilder sb = new StringBuilder(filled);
          for (int k = 1 + random.nextInt(3); k > 0 && sb.length() > 0; k--) {
            int at = random.nextInt(sb.length());
            switch (random.nextInt(5)) {
              case 0 -> sb.deleteCharAt(at);
              case 1 -> sb.insert(at, sb.charAt(at));
              case 2 -> sb.setCharAt(at, special.charAt(random.nextInt(special.length())));
              case 3 -> sb.setCharAt(at, Character.toUpperCase(sb.charAt(at)));
              default -> sb.setCharAt(at, filled.charAt(random.nextInt(filled.length())));
            }
          }
          if (random.nextInt(4) == 0) {
            sb.append(random.nextBoolean() ? sb.toString() : "\n" + sb);
          }
          String text = noise(random) + sb + noise(random);
          byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
          boolean passes = passes(anchor, rule, bytes);
          if (matches(rule, bytes)) {
            matched++;
            if (!passes) {
              problems.add(rule.id() + " rejects a window its regex matches: " + text);
            }
          } else if (!passes) {
            turnedAway++;
          }
        }
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
    assertTrue(matched > 5000, "mutated windows the regexes match: " + matched);
    assertTrue(turnedAway > 1000, "mutated windows turned away: " + turnedAway);
  }

  /**
   * Windows assembled at random from names, separators, values and noise (most of them near
   * misses): wherever a generic assignment rule's regex or the URL rule's matches, its anchor lets
   * the window through.
   */
  @Test
  void neverRejectsAnAssembledWindowTheRegexMatches() {
    String[] parts = {
      "token",
      "api_token",
      "TOKEN",
      "authTokenValue",
      "password",
      "db.passwd",
      "pwd",
      "secret",
      "client_secret",
      "tokenizer",
      "https://",
      "ftp://",
      "webpack://",
      "://",
      "user",
      ":",
      "s3cr3tPassw0rd",
      "@",
      "example.com",
      " = ",
      "=",
      ": ",
      " := ",
      " => ",
      "\": \"",
      "']=\"",
      ": String = \"",
      " string = \"",
      "\", \"",
      "\" value=\"",
      ">",
      ">\n   ",
      " ",
      "\t",
      "\n",
      "\"",
      "'",
      ";",
      "(",
      ")",
      "#",
      "Zq8vT2mXw9LpK4rB7nYe12",
      "Zq8vT2mX",
      "${SECRET}",
      "<span class=\"token\">",
      "ENV ",
      "ARG ",
      "x",
      "_",
      ".",
      "-",
      "EAAA",
      "sq0atp-",
      "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOP",
      "curl ",
      "-u ",
      "--user="
    };
    List<Rule> rules =
        List.of(
            builtin("generic-token"),
            builtin("generic-password"),
            builtin("generic-secret"),
            builtin("generic-credentials-in-url"),
            builtin("square-access-token"),
            builtin("curl-user-password"));
    Random random = new Random(2026);
    List<String> problems = new ArrayList<>();
    int matched = 0;
    for (int t = 0; t < 40_000; t++) {
      StringBuilder sb = new StringBuilder();
      for (int k = 1 + random.nextInt(10); k > 0; k--) {
        sb.append(parts[random.nextInt(parts.length)]);
      }
      byte[] bytes = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
      for (Rule rule : rules) {
        if (matches(rule, bytes)) {
          matched++;
          if (!passes(Anchor.of(rule), rule, bytes)) {
            problems.add(rule.id() + " rejects a window its regex matches: " + sb);
          }
        }
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
    assertTrue(matched > 1000, "assembled windows the regexes match: " + matched);
  }

  private static String noise(Random random) {
    StringBuilder sb = new StringBuilder();
    String alphabet = "abcXYZ019 _-=:\"'\n\t.;/+@";
    for (int i = random.nextInt(40); i > 0; i--) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
