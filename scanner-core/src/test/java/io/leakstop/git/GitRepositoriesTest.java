package io.leakstop.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitRepositoriesTest {
  @TempDir Path tmp;

  @Test
  void systemConfigIsUnderThePrefixOfTheGitOnThePath() throws IOException {
    Path bin = Files.createDirectories(tmp.resolve("opt/git/bin"));
    Path git =
        Files.createFile(
            bin.resolve("git"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    String path = empty + File.pathSeparator + bin + File.pathSeparator + "/usr/bin";
    assertEquals(
        tmp.resolve("opt/git/etc/gitconfig").toFile(), GitRepositories.systemConfig(null, path));
    assertEquals(
        new File("/custom/gitconfig"),
        GitRepositories.systemConfig("/custom/gitconfig", path),
        "GIT_CONFIG_SYSTEM names it outright");
    assertNull(GitRepositories.systemConfig(null, empty.toString()), "no git, no system config");
    Files.delete(git);
  }

  @Test
  void aUsrInstallReadsEtcGitconfig() {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/git")), "no /usr/bin/git here");
    assertEquals(new File("/etc/gitconfig"), GitRepositories.systemConfig("", "/usr/bin"));
  }
}
