package io.leakstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The launcher stays a script every supported system runs: bash 3.2 (macOS) and clean for
 * shellcheck.
 */
class LauncherScriptTest {
  static final Path LAUNCHER = Processes.ROOT.resolve("leakstop");

  @Test
  void shellcheckFindsNothing() throws Exception {
    assumeTrue(Processes.onPath("shellcheck").isPresent(), "shellcheck is not installed");
    var run =
        Processes.run(
            Processes.ROOT,
            Map.of(),
            60,
            List.of("shellcheck", "--shell=bash", LAUNCHER.toString()));
    assertEquals(0, run.code(), run.out() + run.err());
  }

  /** Constructs bash 3.2 does not know (it rejects or misreads them), one line each. */
  @Test
  void usesNothingNewerThanBash32() throws Exception {
    Map<String, Pattern> bash4 =
        Map.of(
            "associative arrays", Pattern.compile("\\b(declare|local|typeset)\\s+-[a-zA-Z]*A"),
            "name references", Pattern.compile("\\b(declare|local|typeset)\\s+-[a-zA-Z]*n\\b"),
            "mapfile/readarray", Pattern.compile("\\b(mapfile|readarray)\\b"),
            "case-changing expansions",
                Pattern.compile("\\$\\{[#!]?[A-Za-z_][A-Za-z_0-9]*(\\[[^]]*])?(,,?|\\^\\^?)"),
            "@-operators", Pattern.compile("\\$\\{[A-Za-z_][A-Za-z_0-9]*(\\[[^]]*])?@[QEPAaUuLK]}"),
            "|& and &>>", Pattern.compile("\\|&|&>>"),
            "coproc", Pattern.compile("\\bcoproc\\b"),
            "negative array subscripts", Pattern.compile("\\[-[0-9]+]}"));
    List<String> found = new ArrayList<>();
    List<String> lines = Files.readAllLines(LAUNCHER);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.startsWith("#")) {
        continue;
      }
      for (var construct : bash4.entrySet()) {
        if (construct.getValue().matcher(line).find()) {
          found.add("leakstop:" + (i + 1) + ": " + construct.getKey() + ": " + line);
        }
      }
    }
    assertTrue(found.isEmpty(), String.join("\n", found));
  }
}
