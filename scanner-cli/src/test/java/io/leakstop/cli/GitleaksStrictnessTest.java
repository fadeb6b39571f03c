package io.leakstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakstop.testing.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gitleaks configs with values of the wrong type, and gitleaks' size flag at 0. */
class GitleaksStrictnessTest {
  @TempDir Path tmp;

  private Cli.Run scanWithConfig(String toml) throws Exception {
    Path config = tmp.resolve("gitleaks.toml");
    Files.writeString(config, toml);
    Files.createDirectories(tmp.resolve("src"));
    return Cli.run("scan", "--files", tmp.resolve("src").toString(), "--config", config.toString());
  }

  @Test
  void aNumberWhereAStringBelongsIsAConfigErrorNamingFileAndLine() throws Exception {
    Path config = tmp.resolve("gitleaks.toml");
    Cli.Run id = scanWithConfig("title = 'x'\n\n[[rules]]\nid = 5\nregex = '''abc[0-9]{8}'''\n");
    assertEquals(2, id.code(), id.err());
    assertEquals("leakstop: " + config + ":4: rule: 'id' must be a string\n", id.err());

    Cli.Run regex = scanWithConfig("[[rules]]\nid = 'r'\n\nregex = 7\n");
    assertEquals(2, regex.code(), regex.err());
    assertEquals("leakstop: " + config + ":4: rule 'r': 'regex' must be a string\n", regex.err());

    Cli.Run keyword =
        scanWithConfig("[[rules]]\nid = 'r'\nregex = 'abc'\nkeywords = ['abc', true]\n");
    assertEquals(2, keyword.code(), keyword.err());
    assertEquals(
        "leakstop: " + config + ":4: rule 'r': 'keywords' must be an array of strings\n",
        keyword.err());

    Cli.Run title = scanWithConfig("title = 3\n");
    assertEquals(2, title.code(), title.err());
    assertTrue(title.err().contains(config + ":1: "), title.err());
  }

  @Test
  void maxTargetMegabytesZeroMeansNoLimitAsInGitleaks() throws Exception {
    Path dir = tmp.resolve("src");
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("big.env"), "x".repeat(3 << 20) + "\nT=" + Tokens.githubPat() + "\n");
    Cli.Run zero = Cli.run("dir", dir.toString(), "--max-target-megabytes", "0");
    assertEquals(1, zero.code(), zero.out() + zero.err());
    assertTrue(
        zero.err().contains("1 leak found") || zero.out().contains("big.env"),
        zero.out() + zero.err());
    Cli.Run one = Cli.run("dir", dir.toString(), "--max-target-megabytes", "1");
    assertEquals(0, one.code(), one.out() + one.err());
  }
}
