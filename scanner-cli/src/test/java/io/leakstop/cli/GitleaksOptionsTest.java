package io.leakstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class GitleaksOptionsTest {
  @Test
  void logOptsAsCiScriptsWriteThem() {
    assertEquals(new GitleaksOptions.LogOpts("origin/main..HEAD", null, null), GitleaksOptions.logOpts("origin/main..HEAD"));
    assertEquals(new GitleaksOptions.LogOpts(null, null, null), GitleaksOptions.logOpts("--all"));
    assertEquals(new GitleaksOptions.LogOpts(null, "2024-01-31", "main"), GitleaksOptions.logOpts(" --since=2024-01-31  main "));
    assertEquals(new GitleaksOptions.LogOpts(null, "2024-01-31", null), GitleaksOptions.logOpts("--after 2024-01-31 --all"));
    Main.UsageError e = assertThrows(Main.UsageError.class, () -> GitleaksOptions.logOpts("--no-merges"));
    assertTrue(e.getMessage().contains("'--no-merges' is not supported"), e.getMessage());
    assertThrows(Main.UsageError.class, () -> GitleaksOptions.logOpts("a..b main"));
  }

  @Test
  void reportFormatsByNameOrByExtension() {
    assertEquals("gitleaks-json", GitleaksOptions.format("json", null));
    assertEquals("gitleaks-json", GitleaksOptions.format(null, Path.of("report.json")));
    assertEquals("sarif", GitleaksOptions.format(null, Path.of("leaks.SARIF")));
    assertEquals("junit", GitleaksOptions.format(null, Path.of("junit.xml")));
    assertEquals(null, GitleaksOptions.format(null, null));
    assertEquals("sarif", GitleaksOptions.format("sarif", Path.of("x.json")));
    assertThrows(Main.UsageError.class, () -> GitleaksOptions.format("csv", null));
  }
}
