package io.leakstop.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.leakstop.finding.Finding;
import io.leakstop.gitleaks.ConfigFiles;
import io.leakstop.rules.Config;
import io.leakstop.scan.Scanner;
import io.leakstop.source.CommitInfo;
import io.leakstop.source.Fragment;
import io.leakstop.source.Location;
import io.leakstop.source.StreamSource;
import io.leakstop.testing.Tokens;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each kind of filter, one test each, through the scanner's one entry point ({@link
 * Filters#admit}): what it drops, what it keeps, and that the scan counts the drop.
 */
class FiltersTest {
  static final String C1 = "1111111111111111111111111111111111111111";
  static final String C2 = "2222222222222222222222222222222222222222";

  @TempDir Path dir;

  static String key() {
    return "acme_live_" + Tokens.random(24, "abcdefghijklmnopqrstuvwxyz0123456789");
  }

  Scanner scanner(String extraRuleLines) throws IOException {
    Path toml =
        Files.writeString(
            dir.resolve("rules.toml"),
            "[[rules]]\nid = \"acme-api-key\"\nregex = '''acme_live_[a-z0-9]{24}'''\nkeywords = [\"acme_live\"]\n"
                + extraRuleLines);
    Config config = ConfigFiles.load(toml);
    return Scanner.forConfig(config);
  }

  /** One blob, introduced at each of {@code places} ("commit:path"). */
  static Fragment blob(String text, String... places) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return new Fragment(
        bytes,
        bytes.length,
        null,
        (line, column) ->
            java.util.Arrays.stream(places)
                .map(
                    p ->
                        new Location(
                            p.substring(2),
                            line,
                            column,
                            "blob",
                            new CommitInfo(
                                (p.charAt(0) == '1' ? C1 : C2),
                                "A",
                                "a@example.com",
                                Instant.EPOCH,
                                "c")))
                .toList());
  }

  static List<String> where(List<Finding> findings) {
    return findings.stream()
        .map(f -> f.location().commit().id().charAt(0) + ":" + f.location().path())
        .toList();
  }

  @Test
  void allowCommentOnTheLineDropsTheCandidateAndIsCounted() throws IOException {
    String text =
        "a = "
            + key()
            + "  # leakstop:allow\nb = "
            + key()
            + "  # gitleaks:allow\nc = "
            + key()
            + "\n";
    var result =
        scanner("")
            .scan(
                new StreamSource(
                    "stdin", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
    assertEquals(List.of(3), result.findings().stream().map(f -> f.location().line()).toList());
    assertEquals(2, result.stats().filtered());
  }

  @Test
  void allowCommentDropsOnlyItsOwnLinesCandidatesWhenManyShareLongLines() throws IOException {
    int perLine = 40;
    String filler = "x".repeat(3000);
    StringBuilder text = new StringBuilder();
    for (String marker : new String[] {"leakstop:allow", "", "gitleaks:allow", "leakstop:allo"}) {
      if (marker.startsWith("gitleaks")) {
        text.append(marker).append(' ');
      }
      for (int i = 0; i < perLine; i++) {
        text.append("k").append(i).append(" = ").append(key()).append(' ').append(filler);
        text.append(' ');
      }
      if (marker.startsWith("leakstop")) {
        text.append("# ").append(marker);
      }
      text.append('\n');
    }
    var result =
        scanner("")
            .scan(
                new StreamSource(
                    "stdin",
                    new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8))));
    // Line 2 has no marker, line 4 only part of one.
    assertEquals(
        java.util.Map.of(2, (long) perLine, 4, (long) perLine),
        result.findings().stream()
            .collect(
                java.util.stream.Collectors.groupingBy(
                    f -> f.location().line(), java.util.stream.Collectors.counting())));
    assertEquals(2 * perLine, result.stats().filtered());
  }

  @Test
  void allowCommentFindsAMarkerWhereASearchForEachMarkerDoes() {
    java.util.Random random = new java.util.Random(18);
    String[] pieces = {"leakstop:allow", "gitleaks:allow", "leakstop:allo", "gitleaks:", "l", "g"};
    for (int round = 0; round < 5_000; round++) {
      StringBuilder line = new StringBuilder();
      int parts = random.nextInt(6);
      for (int p = 0; p < parts; p++) {
        line.append("ab:l\t".repeat(random.nextInt(3)));
        if (random.nextInt(4) == 0) {
          line.append(pieces[random.nextInt(pieces.length)]);
        }
      }
      byte[] bytes = line.toString().getBytes(StandardCharsets.US_ASCII);
      int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
      int to = from + random.nextInt(bytes.length - from + 1);
      String slice = line.substring(from, to);
      boolean expected = slice.contains("leakstop:allow") || slice.contains("gitleaks:allow");
      assertEquals(expected, AllowComment.onLine(bytes, from, to), slice);
      AllowComment.Lines lines = new AllowComment.Lines(bytes);
      assertEquals(expected, lines.onLine(from, to), slice);
      assertEquals(expected, lines.onLine(from, to), slice);
    }
  }

  @Test
  void rulePathScopeAppliesAtEachLocationOfABlob() throws IOException {
    Scanner scanner = scanner("path = '''^config/'''\n");
    assertEquals(
        List.of("1:config/app.py"),
        where(scanner.findings(blob("k = " + key() + "\n", "1:config/app.py", "1:src/app.py"))));
  }

  @Test
  void allowlistNamingACommitDropsOnlyThatCommitsLocation() throws IOException {
    Scanner scanner = scanner("[[rules.allowlists]]\ncommits = [\"" + C2 + "\"]\n");
    assertEquals(
        List.of("1:src/app.py"),
        where(scanner.findings(blob("k = " + key() + "\n", "1:src/app.py", "2:src/app.py"))));
  }

  @Test
  void allowlistNamingAPathDropsOnlyThatPathOfTheBlob() throws IOException {
    Scanner scanner = scanner("[[rules.allowlists]]\npaths = ['''^vendor/''']\n");
    assertEquals(
        List.of("1:src/app.py"),
        where(scanner.findings(blob("k = " + key() + "\n", "1:vendor/app.py", "1:src/app.py"))));
  }

  @Test
  void allowlistOnTheSecretDropsTheCandidateInTheDetector() throws IOException {
    String allowed = key();
    Scanner scanner = scanner("[[rules.allowlists]]\nregexes = ['''" + allowed + "''']\n");
    String other = key();
    List<Finding> found =
        scanner.findings(
            Fragment.of(
                "app.py",
                ("a = " + allowed + "\nb = " + other + "\n").getBytes(StandardCharsets.UTF_8)));
    assertEquals(List.of(other), found.stream().map(Finding::secret).toList());
  }

  @Test
  void findingFiltersDropWhatTheUserListedAndAreCounted() throws IOException {
    String dropped = key();
    String kept = key();
    FindingFilter notThisOne =
        new FindingFilter() {
          @Override
          public String name() {
            return "test";
          }

          @Override
          public boolean keep(Finding finding) {
            return !finding.secret().equals(dropped);
          }
        };
    String text = "a = " + dropped + "\nb = " + kept + "\n";
    var result =
        scanner("")
            .withFilters(List.of(notThisOne))
            .scan(
                new StreamSource(
                    "stdin", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
    assertEquals(List.of(kept), result.findings().stream().map(Finding::secret).toList());
    assertEquals(1, result.stats().filtered());
  }
}
