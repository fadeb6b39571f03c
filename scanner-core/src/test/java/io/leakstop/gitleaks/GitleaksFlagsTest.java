package io.leakstop.gitleaks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class GitleaksFlagsTest {
  @Test
  void logOptsAsCiScriptsWriteThem() {
    assertEquals(
        new GitleaksFlags.LogOpts("origin/main..HEAD", null, null),
        GitleaksFlags.logOpts("origin/main..HEAD"));
    assertEquals(new GitleaksFlags.LogOpts(null, null, null), GitleaksFlags.logOpts("--all"));
    assertEquals(
        new GitleaksFlags.LogOpts(null, "2024-01-31", "main"),
        GitleaksFlags.logOpts(" --since=2024-01-31  main "));
    assertEquals(
        new GitleaksFlags.LogOpts(null, "2024-01-31", null),
        GitleaksFlags.logOpts("--after 2024-01-31 --all"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> GitleaksFlags.logOpts("--no-merges"));
    assertTrue(e.getMessage().contains("'--no-merges' is not supported"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> GitleaksFlags.logOpts("a..b main"));
  }

  @Test
  void reportFormatsByNameOrByExtension() {
    assertEquals("gitleaks-json", GitleaksFlags.reportFormat("json", null));
    assertEquals("gitleaks-json", GitleaksFlags.reportFormat(null, Path.of("report.json")));
    assertEquals("sarif", GitleaksFlags.reportFormat(null, Path.of("leaks.SARIF")));
    assertEquals("junit", GitleaksFlags.reportFormat(null, Path.of("junit.xml")));
    assertEquals(null, GitleaksFlags.reportFormat(null, null));
    assertEquals("sarif", GitleaksFlags.reportFormat("sarif", Path.of("x.json")));
    assertThrows(IllegalArgumentException.class, () -> GitleaksFlags.reportFormat("csv", null));
  }

  @Test
  void exitCodeReplacesOnlyTheCodeForLeaks() {
    assertEquals(7, GitleaksFlags.exitCode(io.leakstop.ExitCodes.FINDINGS, 7));
    assertEquals(
        io.leakstop.ExitCodes.CLEAN, GitleaksFlags.exitCode(io.leakstop.ExitCodes.CLEAN, 7));
    assertEquals(
        io.leakstop.ExitCodes.INCOMPLETE,
        GitleaksFlags.exitCode(io.leakstop.ExitCodes.INCOMPLETE, 7));
  }
}
