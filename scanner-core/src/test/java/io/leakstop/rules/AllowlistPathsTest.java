package io.leakstop.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A list of path patterns allows a path when any one of them finds something in it, however the
 * list is searched (one alternation): each pattern's inline flags stay its own.
 */
class AllowlistPathsTest {
  private static Allowlist paths(String... regexes) {
    return new Allowlist(
        List.of(), List.of(), java.util.Arrays.stream(regexes).map(Pattern::compile).toList());
  }

  @Test
  void aPatternsInlineFlagsDoNotReachTheOtherPatternsOfItsList() {
    Allowlist allow = paths("(?i)readme", "^DOCS/", "\\.lock$");
    assertTrue(allow.allowsPath("sub/README.md"));
    assertTrue(allow.allowsPath("DOCS/guide.md"));
    assertFalse(allow.allowsPath("docs/guide.md"), "^DOCS/ is case-sensitive");
    assertTrue(allow.allowsPath("yarn.lock"));
    assertFalse(allow.allowsPath("yarn.lock.txt"));
  }

  @Test
  void aListAllowsExactlyThePathsOneOfItsPatternsFindsSomethingIn() {
    String[] regexes = {
      "(?i)\\.(?:png|jpe?g|gif)$",
      "(^|/)vendor/",
      "^test/fixtures/",
      "(?i)(^|/)node_modules(/|$)",
      "go\\.(mod|sum)$",
      "(?s)a.b"
    };
    Allowlist allow = paths(regexes);
    List<Pattern> each = java.util.Arrays.stream(regexes).map(Pattern::compile).toList();
    String[] parts = {
      "a",
      "b",
      "vendor",
      "Vendor",
      "node_modules",
      "NODE_MODULES",
      "test",
      "fixtures",
      "x.PNG",
      "y.jpg",
      "go.mod",
      "go.sum",
      "src",
      "a\nb",
      ".",
      "/"
    };
    Random random = new Random(11);
    for (int i = 0; i < 5_000; i++) {
      StringBuilder path = new StringBuilder();
      for (int n = 1 + random.nextInt(5); n > 0; n--) {
        path.append(parts[random.nextInt(parts.length)]);
        if (random.nextBoolean()) {
          path.append('/');
        }
      }
      String p = path.toString();
      boolean expected = each.stream().anyMatch(pattern -> pattern.matcher(p).find());
      assertEquals(expected, allow.allowsPath(p), p);
    }
  }
}
