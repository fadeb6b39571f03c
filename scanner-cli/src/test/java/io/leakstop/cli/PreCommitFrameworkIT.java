package io.leakstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.leakstop.testing.GitRepo;
import io.leakstop.testing.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both hooks of .pre-commit-hooks.yaml through the pre-commit framework itself ({@code pre-commit
 * try-repo}, as a user tries a hook repository), where it is installed. The framework checks out
 * this repository; LEAKSTOP_JAR spares its launcher a second build of the jar (LauncherIT shows a
 * fresh checkout building).
 */
class PreCommitFrameworkIT {
  @TempDir Path tmp;

  @BeforeAll
  static void needsTheFramework() {
    assumeTrue(Processes.onPath("pre-commit").isPresent(), "pre-commit is not installed");
    assumeTrue(Files.exists(Processes.ROOT.resolve(".git")), "needs the project as a git checkout");
    PackagedJarIT.findJar();
  }

  PackagedJarIT.Result tryRepo(GitRepo repo, String hook) throws Exception {
    Map<String, String> env = LauncherIT.userEnv();
    env.put("PRE_COMMIT_HOME", tmp.resolve("pre-commit-home").toString());
    env.put("LEAKSTOP_JAR", PackagedJarIT.jar.toString());
    env.put("LEAKSTOP_NO_CDS", "1");
    if (hook.equals("leakstop-system")) {
      // Installed by the user: a `leakstop` on the PATH.
      Path bin = Files.createDirectories(tmp.resolve("bin"));
      if (!Files.exists(bin.resolve("leakstop"))) {
        Files.createSymbolicLink(bin.resolve("leakstop"), Processes.ROOT.resolve("leakstop"));
      }
      env.put("PATH", bin + java.io.File.pathSeparator + System.getenv("PATH"));
    }
    return Processes.run(
        repo.dir(), env, 300, List.of("pre-commit", "try-repo", Processes.ROOT.toString(), hook));
  }

  @ParameterizedTest
  @ValueSource(strings = {"leakstop", "leakstop-system"})
  void theHookBlocksAStagedSecretAndPassesCleanChanges(String hook) throws Exception {
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    repo.write("README.md", "hi\n").commitAll("base");
    String token = Tokens.githubPat();
    repo.write("deploy.sh", "#!/bin/sh\nexport GH_TOKEN=" + token + "\n");
    repo.git("add", "deploy.sh");

    var blocked = tryRepo(repo, hook);
    assertEquals(1, blocked.code(), blocked.out() + blocked.err());
    assertTrue(blocked.out().contains("Failed"), blocked.out());
    assertTrue(blocked.out().contains("deploy.sh:2"), blocked.out());
    assertFalse(blocked.out().contains(token), "the secret was printed in full");

    repo.write("deploy.sh", "#!/bin/sh\nexport GH_TOKEN=\"$(cat /run/secrets/gh)\"\n");
    repo.git("add", "deploy.sh");
    var passed = tryRepo(repo, hook);
    assertEquals(0, passed.code(), passed.out() + passed.err());
    assertTrue(passed.out().contains("Passed"), passed.out());
  }

  @Test
  void theManifestLeavesStagesOutSoThatOlderFrameworksAcceptIt() throws Exception {
    String manifest = Files.readString(Processes.ROOT.resolve(".pre-commit-hooks.yaml"));
    assertFalse(manifest.lines().anyMatch(l -> l.strip().startsWith("stages:")), manifest);
  }
}
