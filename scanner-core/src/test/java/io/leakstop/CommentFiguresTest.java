package io.leakstop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Measured figures belong in bench/RESULTS.md, next to the command that reproduces them, where a
 * re-run can update them; in a comment they go stale unseen. This fails when a comment in main code
 * (and the launcher script) quotes a time, a rate, a percentage or a ratio. Quoted input ({@code
 * {@code 500ms}}) is not a measurement and is left alone.
 */
class CommentFiguresTest {
  /**
   * A number, or a range of them, with a unit of time, a rate, a percentage or a ratio ({@code
   * 0.97x}).
   */
  static final Pattern FIGURE =
      Pattern.compile(
          "(?<![\\w.,])\\d+(?:[.,]\\d+)?(?:\\s?(?:-|–|to|->|→)\\s?\\d+(?:[.,]\\d+)?)?\\s?"
              + "(?:ns|µs|us|ms|s|min|%|[KMG]i?B/s|x|×|times faster|times slower)(?![\\w/])");

  /** A Javadoc code span: quoted input, not a claim. */
  private static final Pattern CODE_SPAN = Pattern.compile("\\{@(?:code|value|literal)\\s[^}]*}");

  private static final List<Path> MAIN_SOURCES =
      List.of(Path.of("src", "main", "java"), Path.of("..", "scanner-cli", "src", "main", "java"));

  /** The launcher script: its comment lines say why each JVM flag is there. */
  private static final Path LAUNCHER = Path.of("..", "leakstop");

  @Test
  void noCommentInMainCodeQuotesAMeasuredFigure() throws IOException {
    List<String> found = new ArrayList<>();
    int files = 0;
    for (Path root : MAIN_SOURCES) {
      assertTrue(
          Files.isDirectory(root), root + " is not a directory (run from the scanner-core module)");
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path file : walk.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
          files++;
          String source = Files.readString(file);
          for (int[] comment : comments(source)) {
            String text =
                CODE_SPAN.matcher(source.substring(comment[0], comment[1])).replaceAll("{@code}");
            Matcher m = FIGURE.matcher(text);
            while (m.find()) {
              found.add(file + ":" + lineOf(source, comment[0]) + ": \"" + m.group() + "\"");
            }
          }
        }
      }
    }
    assertTrue(files > 100, "only " + files + " source files found");
    List<String> launcher = Files.readAllLines(LAUNCHER);
    for (int i = 1; i < launcher.size(); i++) {
      String line = launcher.get(i).strip();
      Matcher m = FIGURE.matcher(line.startsWith("#") ? line : "");
      while (m.find()) {
        found.add(LAUNCHER + ":" + (i + 1) + ": \"" + m.group() + "\"");
      }
    }
    assertEquals(
        List.of(),
        found,
        "measured figures in comments: move each to bench/RESULTS.md with its command");
  }

  @Test
  void theCheckSeesFiguresInCommentsOnly() {
    String source =
        String.join(
            "\n",
            "/** Took 39 s instead of 28; 5% of a scan; 230 to 500-650 MB/s; 0.23 -> 0.15 s. */",
            "class A {",
            "  String url = \"https://x.example/a // 12 ms\"; // 1.9x faster, 0.97x wall, mask 0x80",
            "  char c = '\"'; /* 2.5 times faster */ String s = \"/* 7 ms */\";",
            "  // backoff {@code 250ms}; HTTP 429 answers; 2 MiB pages; 94 MB bench; v1.5",
            "}");
    List<String> figures = new ArrayList<>();
    for (int[] comment : comments(source)) {
      Matcher m =
          FIGURE.matcher(
              CODE_SPAN.matcher(source.substring(comment[0], comment[1])).replaceAll("{@code}"));
      while (m.find()) {
        figures.add(m.group());
      }
    }
    assertEquals(
        List.of(
            "39 s", "5%", "500-650 MB/s", "0.23 -> 0.15 s", "1.9x", "0.97x", "2.5 times faster"),
        figures);
  }

  /**
   * Start and end of each comment in Java source, skipping string, text block and char literals.
   */
  static List<int[]> comments(String source) {
    List<int[]> out = new ArrayList<>();
    int i = 0;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
        int end = source.indexOf('\n', i);
        end = end < 0 ? n : end;
        out.add(new int[] {i, end});
        i = end;
      } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
        int end = source.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        out.add(new int[] {i, end});
        i = end;
      } else if (source.startsWith("\"\"\"", i)) {
        int end = source.indexOf("\"\"\"", i + 3);
        while (end > 0 && source.charAt(end - 1) == '\\') {
          end = source.indexOf("\"\"\"", end + 1);
        }
        i = end < 0 ? n : end + 3;
      } else if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < n && source.charAt(j) != c && source.charAt(j) != '\n') {
          j += source.charAt(j) == '\\' ? 2 : 1;
        }
        i = j + 1;
      } else {
        i++;
      }
    }
    return out;
  }

  private static int lineOf(String source, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (source.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }
}
