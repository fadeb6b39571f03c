package io.leakstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scan opens its source before it builds its scanner (the built-in rules load meanwhile), yet
 * says what is wrong in the order it always did: the scanner's settings first, then the source; the
 * notices of opening only once the scanner is built.
 */
class ScanStartOrderTest {
  @TempDir Path folder;

  @Test
  void aBadScannerSettingIsReportedBeforeABadSource() throws IOException {
    Files.writeString(folder.resolve("a.txt"), "nothing here\n");
    Cli.Run both =
        Cli.run("scan", "--max-decode-depth", "99", "--range", "a..b", folder.toString());
    assertEquals(2, both.code(), both.err());
    assertTrue(
        both.err().startsWith("leakstop: --max-decode-depth: must be from 0 to "), both.err());
    assertEquals(1, both.err().strip().lines().count(), both.err());

    Cli.Run source = Cli.run("scan", "--range", "a..b", folder.toString());
    assertEquals(2, source.code(), source.err());
    assertTrue(source.err().contains("is not a git repository"), source.err());
    assertEquals(1, source.err().strip().lines().count(), source.err());
  }

  @Test
  void noticesOfOpeningFollowTheScannerOrAreNotGivenWhenItFails() throws IOException {
    Files.writeString(folder.resolve("a.txt"), "nothing here\n");
    Cli.Run failed =
        Cli.run("scan", "--threads", "100000", "--max-decode-depth", "99", folder.toString());
    assertEquals(2, failed.code(), failed.err());
    assertFalse(failed.err().contains("--threads"), failed.err());

    Cli.Run ran = Cli.run("scan", "--threads", "100000", folder.toString());
    assertEquals(0, ran.code(), ran.err());
    assertTrue(ran.err().contains("leakstop: --threads 100000 is more than "), ran.err());
  }
}
