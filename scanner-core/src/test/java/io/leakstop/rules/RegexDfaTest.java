package io.leakstop.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Pattern;
import io.leakstop.testing.ExampleText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A DFA says of every text exactly what RE2/J's {@code find()} says, or that it cannot tell (only
 * beyond 0xff, when no match comes before them): on random patterns over random texts, and on every
 * pattern of the built-in catalogue (rule regexes, paths, allowlists) over its examples, made-up
 * paths and random mutations of them.
 */
class RegexDfaTest {
  private static final String ALPHABET = "aAbBkK_-./ 0\n\t\u00e9\u00c9\u00ff";

  /** What the DFA says of {@code text}, checked against RE2/J; counts the texts it could tell. */
  private static int check(RegexDfa dfa, List<Pattern> patterns, String text) {
    boolean expected = false;
    for (Pattern p : patterns) {
      expected |= p.matcher(text).find();
    }
    int said = dfa.finds(text);
    boolean beyondBytes = text.chars().anyMatch(c -> c > 0xff);
    if (said == RegexDfa.UNKNOWN) {
      return 0;
    }
    assertEquals(expected ? 1 : 0, said, () -> patterns + " on " + show(text));
    if (beyondBytes) {
      assertEquals(1, said, () -> "only a match before a character beyond 0xff is told");
      return 1;
    }
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    byte[] padded = new byte[bytes.length + 4];
    System.arraycopy(bytes, 0, padded, 2, bytes.length);
    assertEquals(said, dfa.finds(padded, 2, 2 + bytes.length), () -> "bytes of " + show(text));
    return 1;
  }

  private static String show(String text) {
    return "\"" + text.replace("\n", "\\n").replace("\t", "\\t") + "\"";
  }

  @Test
  void randomPatternsOverRandomTextsAreDecidedAsRe2Decides() {
    Random random = new Random(18);
    int patterns = 0;
    int told = 0;
    for (int round = 0; round < 1500; round++) {
      String regex = randomRegex(random, 3);
      Pattern pattern;
      try {
        pattern = Pattern.compile(regex);
      } catch (RuntimeException invalid) {
        continue;
      }
      RegexDfa dfa = RegexDfa.of(pattern);
      assertNotNull(dfa, regex);
      patterns++;
      for (int t = 0; t < 60; t++) {
        told += check(dfa, List.of(pattern), randomText(random, random.nextInt(12)));
      }
    }
    assertTrue(patterns > 1000, "patterns " + patterns);
    assertTrue(told > patterns * 55, "texts told " + told);
  }

  @Test
  void listsOfPatternsWithTheirOwnFlagsAreOneDfa() {
    Random random = new Random(7);
    for (int round = 0; round < 300; round++) {
      List<Pattern> list = new ArrayList<>();
      for (int k = 1 + random.nextInt(4); k > 0; k--) {
        try {
          int flags = random.nextInt(4) == 0 ? Pattern.CASE_INSENSITIVE | Pattern.MULTILINE : 0;
          list.add(Pattern.compile(randomRegex(random, 2), flags));
        } catch (RuntimeException invalid) {
          // next one
        }
      }
      if (list.isEmpty()) {
        continue;
      }
      RegexDfa dfa = RegexDfa.of(list);
      assertNotNull(dfa, list.toString());
      for (int t = 0; t < 60; t++) {
        check(dfa, list, randomText(random, random.nextInt(14)));
      }
    }
  }

  @Test
  void whatItCannotReadGetsNoDfa() {
    assertNull(RegexDfa.of(Pattern.compile("\\Qa.b\\E")));
    assertNull(RegexDfa.of(Pattern.compile("a", Pattern.DISABLE_UNICODE_GROUPS)));
    assertNull(RegexDfa.of(List.of()));
  }

  @Test
  void aTextBeyondLatin1IsLeftToRe2() {
    RegexDfa dfa = RegexDfa.of(Pattern.compile("(?i)k"));
    assertEquals(RegexDfa.UNKNOWN, dfa.finds("\u212a"));
    assertEquals(1, dfa.finds("K"));
    assertEquals(0, dfa.finds("x"));
  }

  @Test
  void everyCataloguePatternDecidesItsExamplesPathsAndMutationsAsRe2() {
    List<List<Pattern>> lists = new ArrayList<>();
    Set<String> texts = new LinkedHashSet<>(madeUpPaths());
    for (Rule rule : RuleSet.builtin().rules()) {
      if (rule.regex() != null) {
        lists.add(List.of(rule.regex().compiled()));
      }
      if (rule.path() != null) {
        lists.add(List.of(rule.path()));
      }
      for (Allowlist.Clause clause : rule.allow().clauses()) {
        if (!clause.paths().isEmpty()) {
          lists.add(clause.paths());
        }
        if (!clause.regexes().isEmpty()) {
          lists.add(clause.regexes());
        }
      }
      for (String example : rule.examples().match()) {
        texts.add(ExampleText.fill(rule, example));
      }
      for (String example : rule.examples().noMatch()) {
        texts.add(ExampleText.fill(rule, example));
      }
    }
    Random random = new Random(42);
    List<String> all = new ArrayList<>(texts);
    for (String text : List.copyOf(all)) {
      all.add(mutate(random, text));
      all.add(mutate(random, mutate(random, text)));
    }
    int read = 0;
    for (List<Pattern> list : new LinkedHashSet<>(lists)) {
      RegexDfa dfa = RegexDfa.of(list);
      if (dfa == null) {
        continue;
      }
      read++;
      for (String text : sample(random, all, 120)) {
        check(dfa, list, text);
      }
    }
    assertTrue(read > lists.size() * 9 / 10, read + " of " + lists.size() + " read");
  }

  private static List<String> sample(Random random, List<String> all, int n) {
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(all.get(random.nextInt(all.size())));
    }
    return out;
  }

  private static List<String> madeUpPaths() {
    String[] dirs = {
      "src",
      "main",
      "test",
      "Tests",
      "docs",
      "doc",
      "examples",
      "Sample",
      "fixtures",
      "i18n",
      "locale",
      "lang",
      "__mocks__",
      "testdata",
      "okhttp",
      "java",
      "okhttp3",
      "internal",
      "vendor"
    };
    String[] files = {
      "Foo.java",
      "FooTest.java",
      "foo_test.go",
      "a.test.ts",
      "x.spec.jsx",
      "package-lock.json",
      "yarn.lock",
      "go.sum",
      "app.min.js",
      "logo.svg",
      "messages.po",
      "README.md",
      "notes.txt",
      "config.example.yml",
      ".env.sample",
      "settings.template",
      "dist",
      "METADATA",
      "PKG-INFO",
      "cert.p12",
      "store.PFX",
      "build.gradle",
      "Cargo.lock",
      "spec_helper_spec.rb",
      "x.mo"
    };
    Random random = new Random(3);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      StringBuilder path = new StringBuilder();
      for (int d = random.nextInt(5); d > 0; d--) {
        path.append(dirs[random.nextInt(dirs.length)]).append('/');
      }
      out.add(path.append(files[random.nextInt(files.length)]).toString());
    }
    return out;
  }

  /** The text with a character inserted, deleted, replaced or changed in case, or cut. */
  private static String mutate(Random random, String text) {
    if (text.isEmpty()) {
      return randomText(random, 3);
    }
    int at = random.nextInt(text.length());
    String chars = "aZ9_-./:=\"' \n@\u00e9$";
    char c = chars.charAt(random.nextInt(chars.length()));
    return switch (random.nextInt(6)) {
      case 0 -> text.substring(0, at) + c + text.substring(at);
      case 1 -> text.substring(0, at) + text.substring(at + 1);
      case 2 -> text.substring(0, at) + c + text.substring(at + 1);
      case 3 ->
          text.substring(0, at)
              + (Character.isUpperCase(text.charAt(at))
                  ? Character.toLowerCase(text.charAt(at))
                  : Character.toUpperCase(text.charAt(at)))
              + text.substring(at + 1);
      case 4 -> text.substring(at);
      default -> text.substring(0, at);
    };
  }

  private static String randomText(Random random, int length) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < length; i++) {
      sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    if (random.nextInt(50) == 0) {
      sb.append('\u212a'); // beyond the bytes: must not be told
    }
    return sb.toString();
  }

  private static final String[] ATOMS = {
    "a",
    "A",
    "b",
    "k",
    "_",
    "\\.",
    ".",
    "/",
    "-",
    " ",
    "\u00e9",
    "\\w",
    "\\W",
    "\\d",
    "\\s",
    "\\S",
    "[a-b]",
    "[^a]",
    "[_.-]",
    "[[:alpha:]]",
    "\\pL",
    "\\x{e9}",
    "\\n",
    "\\t",
    "\\{",
    "{",
    "}",
    "]",
    "[^\\n]",
    "\\x41",
    "[A-Z]",
    "\\p{Greek}"
  };

  private static final String[] ASSERTIONS = {"^", "$", "\\A", "\\z", "\\b", "\\B"};

  private static final String[] QUANTIFIERS = {
    "*", "+", "?", "{2}", "{1,3}", "{0,2}", "{2,}", "*?", "+?", "??", "{1,2}?", "{0}"
  };

  private static final String[] FLAGS = {"(?i)", "(?m)", "(?s)", "(?im)", "(?i-m)", "(?U)"};

  private static String randomRegex(Random random, int depth) {
    StringBuilder sb = new StringBuilder();
    int branches = random.nextInt(5) == 0 ? 2 + random.nextInt(2) : 1;
    for (int b = 0; b < branches; b++) {
      if (b > 0) {
        sb.append('|');
      }
      int parts = random.nextInt(5);
      for (int p = 0; p < parts; p++) {
        int kind = random.nextInt(10);
        if (kind < 5 || depth == 0) {
          sb.append(ATOMS[random.nextInt(ATOMS.length)]);
        } else if (kind < 7) {
          sb.append(ASSERTIONS[random.nextInt(ASSERTIONS.length)]);
          continue;
        } else if (kind < 8) {
          sb.append(FLAGS[random.nextInt(FLAGS.length)]);
          continue;
        } else {
          String open =
              switch (random.nextInt(4)) {
                case 0 -> "(";
                case 1 -> "(?:";
                case 2 -> "(?P<g" + random.nextInt(1000) + ">";
                default -> "(?i:";
              };
          sb.append(open).append(randomRegex(random, depth - 1)).append(')');
        }
        if (random.nextInt(3) == 0) {
          sb.append(QUANTIFIERS[random.nextInt(QUANTIFIERS.length)]);
        }
      }
    }
    return sb.toString();
  }
}
