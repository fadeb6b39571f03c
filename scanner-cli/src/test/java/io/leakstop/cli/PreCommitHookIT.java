package io.leakstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakstop.testing.GitRepo;
import io.leakstop.testing.Tokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real {@code git commit} through the installed hook, with the packaged jar. */
class PreCommitHookIT {
  @TempDir Path tmp;

  @BeforeAll
  static void findJar() {
    PackagedJarIT.findJar();
  }

  @Test
  void theInstalledHookRunsTheChainedHookThenBlocksACommitWithASecret() throws Exception {
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    repo.write("README.md", "hi\n").commitAll("base");
    Path hooks = repo.dir().resolve(".git/hooks");
    Files.writeString(
        hooks.resolve("pre-commit"),
        "#!/bin/sh\necho chained >> \"$(git rev-parse --git-dir)/ran\"\n");
    hooks.resolve("pre-commit").toFile().setExecutable(true);
    Path wrapper = tmp.resolve("leakstop");
    Files.writeString(
        wrapper,
        "#!/bin/sh\nexec '"
            + Path.of(System.getProperty("java.home"), "bin", "java")
            + "' -jar '"
            + PackagedJarIT.jar
            + "' \"$@\"\n");
    wrapper.toFile().setExecutable(true);
    PackagedJarIT.Result install =
        PackagedJarIT.java(
            List.of(),
            "hook",
            "install",
            "--repo",
            repo.dir().toString(),
            "--command",
            wrapper.toString());
    assertEquals(0, install.code(), install.err());

    String token = Tokens.githubPat();
    repo.write("deploy.sh", "#!/bin/sh\nexport GH_TOKEN=" + token + "\n");
    repo.git("add", "deploy.sh");
    IOException blocked = assertThrows(IOException.class, () -> repo.commit("deploy"));
    assertTrue(blocked.getMessage().contains("commit blocked: 1 secret"), blocked.getMessage());
    assertTrue(blocked.getMessage().contains("leakstop:allow"), blocked.getMessage());
    assertFalse(blocked.getMessage().contains(token));
    assertEquals("chained\n", Files.readString(repo.dir().resolve(".git/ran")));
    assertEquals("1", repo.git("rev-list", "--count", "HEAD").trim(), "no commit was made");

    repo.write("deploy.sh", "#!/bin/sh\nexport GH_TOKEN=\"$(cat /run/secrets/gh)\"\n");
    repo.git("add", "deploy.sh");
    repo.commit("deploy");
    assertEquals("2", repo.git("rev-list", "--count", "HEAD").trim());
  }
}
