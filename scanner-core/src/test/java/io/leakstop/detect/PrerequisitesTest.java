package io.leakstop.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.leakstop.rules.Regex;
import io.leakstop.rules.Rule;
import io.leakstop.rules.RuleSet;
import io.leakstop.testing.ExampleText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PrerequisitesTest {
  private static Rule rule(String regex) {
    return Rule.builder("t")
        .description("")
        .issuer("x")
        .keywords(List.of("k"))
        .regex(Regex.of(Pattern.compile(regex)))
        .source("t.yaml:1")
        .build();
  }

  private static boolean met(Prerequisites p, String window) {
    byte[] bytes = window.getBytes(StandardCharsets.ISO_8859_1);
    return p.metIn(bytes, 0, bytes.length);
  }

  @Test
  void aWindowNeedsARunOfTheSecretsClass() {
    Prerequisites p = Prerequisites.of(rule("(?i)key\\s*=\\s*(?P<secret>[a-f0-9]{32,64})\\b"));
    assertEquals("[Kk][Ee][Yy][=][22 bytes]{32}", p.toString());
    assertTrue(
        met(p, "key = 0123456789abcdefABCDEF0123456789"),
        "upper case counts: the class may sit in a (?i) scope");
    assertFalse(met(p, "key = 0123456789abcdef and 0123456789"));
    assertFalse(
        met(p, "0123456789abcdef0123456789abcdef = key"),
        "the run must come after the key and the =");
  }

  @Test
  void aWindowNeedsEveryLiteralOfTheTopLevelSequenceInOrder() {
    Prerequisites p =
        Prerequisites.of(
            rule(
                "\\b(?:https?|ftp)://(?P<user>[^:@/\\s]{1,64}):(?P<secret>[^:@/\\s]{6,128})@[a-z0-9.-]+"));
    assertEquals("[fh][:][/][/][:][@]", p.toString());
    assertTrue(met(p, "url = \"https://bob:hunter22@example.com/x\""));
    assertFalse(
        met(p, "see https://example.com/docs:here for more"), "no @: the regex cannot match");
    assertFalse(
        met(p, "mail bob@example.com or see https://example.com"), "the @ comes before the ://");
  }

  @Test
  void optionalPartsRequireNothingAndAlternativesOneByteOfTheirBranches() {
    Prerequisites p =
        Prerequisites.of(rule("tok(?:en)?[ \\t]*(?::=|=>|=|:)(?:\"x\")?(?P<secret>[A-Z]{8})!?"));
    assertEquals(
        "[t][o][k][:=][52 bytes]{8}",
        p.toString(), "[A-Z] may sit in a (?i) scope: both cases count");
    assertTrue(met(p, "tok=ABCDEFGH"));
    assertFalse(met(p, "tok ABCDEFGH"), "no operator");
    assertFalse(met(p, "tok=ABCDEFG"), "a run of 7");
  }

  @Test
  void smallClassesAndEscapesAreItemsWideOnesOnlyWhenRepeated() {
    Prerequisites bearer = Prerequisites.of(rule("(?i)bearer\\s+[\\w.]{4}[=:]x(?:\\d[a-z]?){3}"));
    assertEquals(
        "[Bb][Ee][Aa][Rr][Ee][Rr][\\x09\\x0a\\x0c\\x0d\\x20][:=][Xx][0123456789]",
        bearer.toString(),
        "\\s is one white-space byte; [\\w.]{4} is too wide and too short; a repeated group counts once");
    assertTrue(met(bearer, "Bearer\tabcd=x1"));
    assertFalse(met(bearer, "Bearer-abcd=x1"));
    assertFalse(met(bearer, "Bearer abcd;x1"));
  }

  @Test
  void givesUpWhereItCannotReadTheRegexWithCertainty() {
    assertSame(Prerequisites.NONE, Prerequisites.of(rule("\\Q(\\E([a-z]{9})")));
    assertSame(Prerequisites.NONE, Prerequisites.of(rule("(?:ab|)[a-z]+")), "an empty branch");
    assertEquals("[ac]", Prerequisites.of(rule("ab|cd")).toString());
    assertEquals(
        "[x]",
        Prerequisites.of(rule("xy{z")).toString(),
        "stops at what it does not read, keeps what it has");
  }

  /**
   * The safety property on the real catalogue: wherever a rule's regex captures a non-empty secret,
   * its prerequisites let the window through (the filled match examples, with random text around
   * them).
   */
  @Test
  void neverRejectsAWindowInWhichTheRuleFindsASecret() {
    Random random = new Random(7);
    List<String> withConditions = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Rule rule : RuleSet.builtin().rules()) {
      Prerequisites p = Prerequisites.of(rule);
      if (p == Prerequisites.NONE) {
        continue;
      }
      withConditions.add(rule.id());
      for (String example : rule.examples().match()) {
        String text = noise(random) + ExampleText.fill(rule, example) + noise(random);
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        Matcher m = rule.regex().matcher(new ByteChars(bytes, 0, bytes.length));
        while (m.find()) {
          int group = rule.secretGroupIn(m);
          if (m.end(group) > m.start(group) && !p.metIn(bytes, m.start(), m.end())) {
            problems.add(rule.id() + " rejects its own match in: " + text);
          }
        }
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
    assertTrue(
        withConditions.containsAll(
            List.of(
                "generic-token",
                "generic-password",
                "generic-secret",
                "generic-api-key",
                "generic-credentials-in-url")),
        "the generic rules, whose keywords are the most common, have no prerequisites: "
            + withConditions);
  }

  private static Rule builtin(String id) {
    return RuleSet.builtin().rules().stream()
        .filter(r -> r.id().equals(id))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aUrlRuleNeedsTheUserThePasswordAndTheAtSignAdjacent() {
    Prerequisites p = Prerequisites.of(builtin("generic-credentials-in-url"));
    assertTrue(
        p.chainsToString().startsWith("[:][/][/][")
            && p.chainsToString().contains("bytes]{1,64}[:][")
            && p.chainsToString().contains("bytes]{6,128}[@]["),
        "the chain after the scheme: " + p.chainsToString());
    assertTrue(met(p, "url = \"https://bob:hunter22x@db.internal/x\""));
    assertFalse(
        met(p, "https://host:8443/path @Override"),
        "a port and an annotation: items in order, not adjacent");
    assertFalse(
        met(p, "String url = \"http://\" + host + \":\" + port; // @see"),
        "the user part has quotes and spaces");
    assertFalse(met(p, "ssh://git@github.com:22/repo"), "no password before the @");
    assertFalse(met(p, "https://bob:short@host"), "a password of 5 bytes");
    assertFalse(met(p, "https://bob:pass/word@host"), "a / in the password");
  }

  @Test
  void chainsAreReadThroughPlainGroupsAndEndAtQuantifiedOnes() {
    Prerequisites p = Prerequisites.of(rule("ab(?:cd)e(?:fg)+h(?P<s>[0-9]{2,3})\\bx?y"));
    assertEquals("[a][b][c][d][e] [h][0123456789]{2,3}[x]{0,1}[y]", p.chainsToString());
    assertTrue(met(p, "abcdefgfgh123y"));
    assertTrue(met(p, "abcde.fg.h12xy"));
    assertFalse(met(p, "abcxde fg h12y"));
    assertFalse(met(p, "abcde fg h1234y"), "four digits");

    Prerequisites unbounded = Prerequisites.of(rule("=[a-z]+;"));
    assertTrue(
        met(unbounded, "x=" + "a".repeat(10_000) + ";"),
        "a run longer than the chain's reach is let through");
    assertFalse(met(unbounded, "x=" + "a".repeat(100) + " ;"));
  }

  /**
   * Chains whose runs end far from where they start (past the first positions a search holds, which
   * grow as it goes on), several starts in one window: for a regex that is one chain, the
   * prerequisites hold exactly where the regex finds a match (the windows hold no capitals, which
   * the prerequisites take as lower-case ones).
   */
  @Test
  void aLongChainIsMetExactlyWhereItsRegexMatches() {
    String regex = "=[a-c]{70,200};[0-9]{3,90}!";
    Prerequisites p = Prerequisites.of(rule(regex));
    assertEquals("[=][ABCabc]{70,200}[;][0123456789]{3,90}[!]", p.chainsToString());
    Pattern pattern = Pattern.compile(regex);
    String[] fragments = {"=", ";", "!", " ", "a", "b", "c", "1", "9"};
    Random random = new Random(64);
    int met = 0;
    for (int t = 0; t < 3000; t++) {
      StringBuilder window = new StringBuilder();
      for (int f = 1 + random.nextInt(6); f > 0; f--) {
        if (random.nextInt(3) > 0) {
          window.append(fragments[random.nextInt(fragments.length)]);
          continue;
        }
        // Near the chain: its runs around their bounds, an end missing now and then.
        window.append('=');
        for (int n = 50 + random.nextInt(170); n > 0; n--) {
          window.append((char) ('a' + random.nextInt(random.nextInt(50) == 0 ? 4 : 3)));
        }
        window.append(random.nextInt(10) == 0 ? "" : ";");
        window.append("1234567890".repeat(3), 0, random.nextInt(10));
        window.append("1234567890".repeat(10), 0, random.nextInt(95));
        window.append(random.nextInt(10) == 0 ? "" : "!");
      }
      String w = window.toString();
      boolean matches = pattern.matcher(w).find();
      assertEquals(matches, met(p, w), w);
      met += matches ? 1 : 0;
    }
    assertTrue(met > 100, "windows the regex matches: " + met);
  }

  /**
   * The safety property of the chains where they matter most: thousands of windows built from
   * URL-ish fragments, many of them near misses; wherever the URL rule's regex matches, the
   * prerequisites let the window through. Also shows they turn most of the others away.
   */
  @Test
  void neverRejectsAUrlWindowTheRegexMatches() {
    Rule rule = builtin("generic-credentials-in-url");
    Prerequisites p = Prerequisites.of(rule);
    String[] fragments = {
      "https",
      "http",
      "ftp",
      "ssh",
      "git",
      "wss",
      "HTTPS",
      "://",
      ":",
      "@",
      "/",
      "//",
      " ",
      "\"",
      "'",
      "bob",
      "alice_1",
      "hunter22",
      "s3cr3t-pw",
      "x",
      "8443",
      ".",
      "-",
      "host",
      "db.internal",
      "example.com",
      "$",
      "{",
      "}",
      "<",
      ">",
      "\t",
      "\n",
      "+",
      "=",
      "%40",
      "\u00e9",
      "\u00ff",
      "abcdefghij",
      "Override",
      "?q=1",
      "#",
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0"
    };
    Random random = new Random(18);
    int matched = 0;
    int turnedAway = 0;
    List<String> problems = new ArrayList<>();
    for (int t = 0; t < 20000; t++) {
      StringBuilder sb = new StringBuilder();
      if (random.nextBoolean()) {
        sb.append(fragments[random.nextInt(7)])
            .append("://")
            .append(fragments[15 + random.nextInt(3)])
            .append(':')
            .append(fragments[17 + random.nextInt(3)])
            .append('@')
            .append(fragments[24 + random.nextInt(3)]);
      }
      for (int k = random.nextInt(12); k > 0; k--) {
        sb.insert(random.nextInt(sb.length() + 1), fragments[random.nextInt(fragments.length)]);
      }
      for (int k = random.nextInt(3); k > 0 && sb.length() > 0; k--) {
        int at = random.nextInt(sb.length());
        sb.setCharAt(at, fragments[random.nextInt(fragments.length)].charAt(0));
      }
      String window = sb.toString();
      byte[] bytes = window.getBytes(StandardCharsets.ISO_8859_1);
      boolean regexMatches = rule.regex().matcher(new ByteChars(bytes, 0, bytes.length)).find();
      boolean accepted = p.metIn(bytes, 0, bytes.length);
      if (regexMatches) {
        matched++;
        if (!accepted) {
          problems.add(window);
        }
      } else if (!accepted) {
        turnedAway++;
      }
    }
    assertTrue(
        problems.isEmpty(), "rejected though the regex matches:\n" + String.join("\n", problems));
    assertTrue(matched > 500, "matches among the windows: " + matched);
    assertTrue(turnedAway > 5000, "windows turned away: " + turnedAway);
  }

  /**
   * The same property on every rule of the catalogue: its filled match examples, mutated (bytes
   * dropped, doubled, replaced by one of the example's own), with noise around them.
   */
  @Test
  void neverRejectsAMutatedExampleTheRegexStillMatches() {
    Random random = new Random(1818);
    List<String> problems = new ArrayList<>();
    int matched = 0;
    for (Rule rule : RuleSet.builtin().rules()) {
      Prerequisites p = Prerequisites.of(rule);
      if (p == Prerequisites.NONE) {
        continue;
      }
      for (String example : rule.examples().match()) {
        String filled = ExampleText.fill(rule, example);
        for (int t = 0; t < 30; t++) {
          StringBuilder sb = new StringBuilder(filled);
          for (int k = 1 + random.nextInt(3); k > 0 && sb.length() > 0; k--) {
            int at = random.nextInt(sb.length());
            switch (random.nextInt(3)) {
              case 0 -> sb.deleteCharAt(at);
              case 1 -> sb.insert(at, sb.charAt(at));
              default -> sb.setCharAt(at, filled.charAt(random.nextInt(filled.length())));
            }
          }
          String text = noise(random) + sb + noise(random);
          byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
          if (rule.regex().matcher(new ByteChars(bytes, 0, bytes.length)).find()) {
            matched++;
            if (!p.metIn(bytes, 0, bytes.length)) {
              problems.add(rule.id() + " rejects a window its regex matches: " + text);
            }
          }
        }
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
    assertTrue(matched > 5000, "mutated windows the regexes match: " + matched);
  }

  @Test
  void anAssignmentRuleNeedsASeparatorRightAfterTheNameAndTheValueAfterIt() {
    Prerequisites p = Prerequisites.of(builtin("generic-token"));
    assertTrue(met(p, "  api_token = \"Zq8vT2mXw9LpK4rB7nYe12\""));
    assertTrue(met(p, "<authToken>\n    Zq8vT2mXw9LpK4rB7nYe12\n</authToken>"));
    assertTrue(met(p, "ENV GH_TOKEN Zq8vT2mXw9LpK4rB7nYe12"));
    assertFalse(
        met(p, "if (token.length() > 0) { return okhttp3.internal.connection.RealCall; }"),
        "no separator after the name");
    assertFalse(
        met(
            p,
            "<span class=\"token keyword\">var </span><a href=\"dispatcher.html\">d</a>"
                + " data-togglable=\":mockwebserver3:dokkaHtmlPartial/main\""),
        "a long run on the line, but not where a separator after the name can end");
    assertFalse(
        met(p, "String token =\n    okhttp3.internal.connection.RealCall;"),
        "the value must start on the separator's line");
  }

  /**
   * The safety property of the assignment check: windows built from names, separators and values of
   * every form, many of them near misses; wherever a generic rule's regex matches, the
   * prerequisites let the window through. Also shows they turn most of the others away.
   */
  @Test
  void neverRejectsAnAssignmentWindowTheRegexMatches() {
    String[] names = {
      "token",
      "api_token",
      "TOKEN",
      "authTokenValue",
      "password",
      "db.passwd",
      "secret",
      "apiKey",
      "x-api-key",
      "myToken_",
      "tokenizer",
      "getToken",
      "access-key",
      "aVeryLongPrefixBeforeIt_token",
      "token_with_a_rather_long_tail_x"
    };
    String[] separators = {
      " = ",
      "=",
      ": ",
      ":",
      " := ",
      " ::= ",
      " => ",
      " ?= ",
      " ||= ",
      " .= ",
      " += ",
      "\" : \"",
      "\": \"",
      "']=\"",
      "\"] = '",
      ": String = \"",
      " string = \"",
      "\", \"",
      "\" value=\"",
      ">",
      ">\n   ",
      " ",
      "\t",
      " (",
      ".",
      "\n",
      "\" ",
      "  =  `",
      ":\n"
    };
    String[] values = {
      "Zq8vT2mXw9LpK4rB7nYe12",
      "Zq8vT2mXw9LpK4rB7nYe12AbCdEf",
      "short",
      "Zq8vT2mX",
      "okhttp3.internal.connection.RealCall",
      "${SECRET_FROM_ENV}",
      "Zq8v T2mXw9LpK4rB7nYe12",
      "\"Zq8vT2mXw9LpK4rB7nYe12\"",
      "Zq8vT2mXw9LpK4rB7nYe12;",
      "Zq8vT2mXw9LpK4rB7nYe12 # note"
    };
    String[] noise = {
      " ",
      "\n",
      "\t",
      "\"",
      "'",
      ";",
      "(",
      ")",
      "<span class=\"token\">",
      "ENV ",
      "ARG ",
      "x",
      "_",
      ".",
      "-",
      "<",
      ">",
      "=",
      ":",
      "\u00e9",
      "AbCdEfGhIjKlMnOpQrStUv",
      "//",
      "#",
      "\r\n"
    };
    List<Rule> rules =
        List.of(
            builtin("generic-token"),
            builtin("generic-password"),
            builtin("generic-secret"),
            builtin("generic-api-key"));
    Random random = new Random(1818);
    int matched = 0;
    int turnedAway = 0;
    List<String> problems = new ArrayList<>();
    List<Prerequisites> prerequisites = rules.stream().map(Prerequisites::of).toList();
    for (int t = 0; t < 10000; t++) {
      StringBuilder sb = new StringBuilder();
      for (int k = 1 + random.nextInt(3); k > 0; k--) {
        sb.append(names[random.nextInt(names.length)])
            .append(separators[random.nextInt(separators.length)])
            .append(values[random.nextInt(values.length)]);
        if (random.nextBoolean()) {
          sb.append(noise[random.nextInt(noise.length)]);
        }
      }
      for (int k = random.nextInt(6); k > 0; k--) {
        sb.insert(random.nextInt(sb.length() + 1), noise[random.nextInt(noise.length)]);
      }
      byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
      for (int r = 0; r < rules.size(); r++) {
        Rule rule = rules.get(r);
        boolean regexMatches = rule.regex().matcher(new ByteChars(bytes, 0, bytes.length)).find();
        boolean accepted = prerequisites.get(r).metIn(bytes, 0, bytes.length);
        if (regexMatches) {
          matched++;
          if (!accepted) {
            problems.add(rule.id() + " rejects: " + sb);
          }
        } else if (!accepted) {
          turnedAway++;
        }
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
    assertTrue(matched > 2500, "windows the regexes match: " + matched);
    assertTrue(turnedAway > 25000, "windows turned away: " + turnedAway);
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
