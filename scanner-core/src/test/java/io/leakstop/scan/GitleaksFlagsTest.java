package io.leakstop.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class GitleaksFlagsTest {
  @Test
  void logOptsAsCiScriptsWriteThem() {
    assertEquals(new GitleaksFlags.LogOpts("origin/main..HEAD", null, null), GitleaksFlags.logOpts("origin/main..HEAD"));
    assertEquals(new GitleaksFlags.LogOpts(null, null, null), GitleaksFlags.logOpts("--all"));
    assertEquals(new GitleaksFlags.LogOpts(null, "2024-01-31", "main"), GitleaksFlags.logOpts(" --since=2024-01-31  main "));
    assertEquals(new GitleaksFlags.LogOpts(null, "2024-01-31", null), GitleaksFlags.logOpts("--after 2024-01-31 --all"));
    UsageException e = assertThrows(UsageException.class, () -> GitleaksFlags.logOpts("--no-merges"));
    assertTrue(e.getMessage().contains("'--no-merges' is not supported"), e.getMessage());
    assertThrows(UsageException.class, () -> GitleaksFlags.logOpts("a..b main"));
  }

  @Test
  void reportFormatsByNameOrByExtension() {
    assertEquals("gitleaks-json", GitleaksFlags.format("json", null));
    assertEquals("gitleaks-json", GitleaksFlags.format(null, Path.of("report.json")));
    assertEquals("sarif", GitleaksFlags.format(null, Path.of("leaks.SARIF")));
    assertEquals("junit", GitleaksFlags.format(null, Path.of("junit.xml")));
    assertEquals(null, GitleaksFlags.format(null, null));
    assertEquals("sarif", GitleaksFlags.format("sarif", Path.of("x.json")));
    assertThrows(UsageException.class, () -> GitleaksFlags.format("csv", null));
  }
}
