package io.leakstop.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What the rule parser (and the assignment grammar it expands) checks by hand decides as the
 * regexes and JSON pointers it stands for.
 */
class RuleParserTest {
  private static final Pattern ID = Pattern.compile("^[a-z0-9][a-z0-9._-]*$");
  private static final Pattern ALIAS = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._ -]*$");

  @Test
  void idChecksAcceptWhatTheirRegexesMatch() {
    List<String> texts = new ArrayList<>(List.of("", "a", "A", "-a", "a-", "aws.key_id-2", " x"));
    for (char c = 0; c < 0x250; c++) {
      texts.add(String.valueOf(c));
      texts.add("a" + c);
      texts.add("a" + c + "b");
    }
    texts.addAll(randomTexts("azAZ09._- /\n\té~", 6, ""));
    int ids = 0;
    int aliases = 0;
    for (String text : texts) {
      boolean id = ID.matcher(text).matches();
      boolean alias = ALIAS.matcher(text).matches();
      assertEquals(id, RuleParser.isRuleId(text), "id '" + text + "'");
      assertEquals(alias, RuleParser.isAlias(text), "alias '" + text + "'");
      ids += id ? 1 : 0;
      aliases += alias ? 1 : 0;
    }
    // Both answers occur, for both checks.
    assertTrue(ids > 100 && ids < texts.size() - 100, "ids: " + ids);
    assertTrue(aliases > ids, "aliases: " + aliases);
  }

  @Test
  void leadingFlagsAreWhatTheirRegexFinds() {
    Pattern leading = Pattern.compile("^\\(\\?[a-zA-Z]+\\)");
    List<String> texts =
        new ArrayList<>(
            List.of("", "(?", "(?)", "(?i)", "(?i)x", "(?is)(?m)x", "(?i:x)", "(?-i)x", "x(?i)"));
    texts.addAll(randomTexts("(?)iSm:-x\\", 7, ""));
    texts.addAll(randomTexts("(?)iSm:-x\\", 7, "(?"));
    int found = 0;
    for (String text : texts) {
      com.google.re2j.Matcher m = leading.matcher(text);
      String expected = m.find() ? m.group() : "";
      assertEquals(expected, AssignmentGrammar.leadingFlags(text), "'" + text + "'");
      found += expected.isEmpty() ? 0 : 1;
    }
    assertTrue(found > 100 && found < texts.size() - 100, "found: " + found);
  }

  /**
   * 10,000 texts of up to {@code maxLength} characters of {@code alphabet}, after {@code prefix}.
   */
  private static List<String> randomTexts(String alphabet, int maxLength, String prefix) {
    Random random = new Random(18);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      StringBuilder text = new StringBuilder(prefix);
      for (int n = random.nextInt(maxLength + 1); n > 0; n--) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      texts.add(text.toString());
    }
    return texts;
  }

  @Test
  void valuesByPointerAreWhatJacksonFindsThere() {
    YamlTree yaml =
        YamlTree.parse(
            "rules/acme.yaml",
            """
            issuer: acme
            rules:
              - id: acme-key
                keywords: [acme_, ACME]
                regex: 'acme_[a-z0-9]{16}'
                entropy: 3.5
                window: 64
                allow:
                  stopwords: [example]
                  "10": ten
                examples:
                  match: ['acme_0123456789abcdef']
              - id: acme-file
                path: '\\.acme$'
                checksum: null
            """);
    RuleParser parser = new RuleParser(yaml);
    List<String> pointers = new ArrayList<>(yaml.lines().keySet());
    assertTrue(pointers.contains("/rules/0/allow/10"), "pointers: " + pointers);
    pointers.addAll(
        List.of(
            "/rules/2",
            "/rules/00",
            "/rules/01",
            "/rules/-1",
            "/rules/x",
            "/rules/0/nope",
            "/rules/0/keywords/1",
            "/rules/0/keywords/2",
            "/rules/0/id/0",
            "/rules/1/checksum/x",
            "/issuer/0",
            "/rules/99999999999",
            "/nothing/at/all"));
    for (String pointer : pointers) {
      assertEquals(yaml.root().at(pointer), parser.node(pointer), pointer);
      // Asked again, from what it remembers.
      assertEquals(yaml.root().at(pointer), parser.node(pointer), pointer);
    }
  }
}
