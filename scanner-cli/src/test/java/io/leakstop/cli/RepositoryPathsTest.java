package io.leakstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the project tells its readers lives in the project: no file points outside the repository.
 */
class RepositoryPathsTest {
  /** A line of every rule file's header, new ones included. */
  static final String RULE_HEADER =
      "# Schema: docs/rules.md. Example tokens are random and not real.";

  // Spelled in pieces so that this file does not name what it looks for.
  static final Pattern OUTSIDE =
      Pattern.compile(
          Pattern.quote("shared" + "/docs") + "|(?<![\\w.~-])" + Pattern.quote("/" + "work/"));

  @Test
  void noTrackedFileNamesAPathOutsideTheRepository() throws Exception {
    assumeTrue(Files.exists(Processes.ROOT.resolve(".git")), "needs the project as a git checkout");
    var listed = Processes.run(Processes.ROOT, Map.of(), 60, List.of("git", "ls-files", "-z"));
    assertEquals(0, listed.code(), listed.err());
    List<String> found = new ArrayList<>();
    for (String name : listed.out().split("\0")) {
      Path file = Processes.ROOT.resolve(name);
      if (name.isEmpty() || !Files.isRegularFile(file)) {
        continue; // deleted in the working tree
      }
      List<String> lines =
          List.of(
              new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).split("\n", -1));
      for (int i = 0; i < lines.size(); i++) {
        if (OUTSIDE.matcher(lines.get(i)).find()) {
          found.add(name + ":" + (i + 1) + ": " + lines.get(i).strip());
        }
      }
    }
    assertTrue(
        found.isEmpty(),
        "files pointing outside the repository (move what readers need into docs/):\n"
            + String.join("\n", found));
  }

  /** The comment block a rule file opens with names the schema's documentation, in these words. */
  @Test
  void everyRuleFileHeaderPointsAtTheSchemaDocument() throws Exception {
    List<String> wrong = new ArrayList<>();
    try (Stream<Path> files = Files.list(Processes.ROOT.resolve("rules"))) {
      for (Path file : (Iterable<Path>) files.sorted()::iterator) {
        if (file.getFileName().toString().endsWith(".yaml")) {
          List<String> header =
              Files.readAllLines(file).stream().takeWhile(l -> l.startsWith("#")).toList();
          if (!header.contains(RULE_HEADER)) {
            wrong.add(file.getFileName() + ": " + header);
          }
        }
      }
    }
    assertTrue(
        wrong.isEmpty(),
        "rule files' headers must hold the line `"
            + RULE_HEADER
            + "`:\n"
            + String.join("\n", wrong));
    assertTrue(Files.isRegularFile(Processes.ROOT.resolve("docs/rules.md")));
  }
}
