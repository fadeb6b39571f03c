package io.leakstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakstop.testing.GitRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code leakstop ignore} run inside a hostile repository, as a user runs it: from its folder. */
class HostileRepositoryIT {
  @TempDir Path tmp;

  @BeforeAll
  static void findJar() {
    PackagedJarIT.findJar();
  }

  @Test
  void ignoreDoesNotWriteThroughALinkLeavingTheRepository() throws Exception {
    Path outside = tmp.resolve("outside.txt");
    Files.writeString(outside, "# not leakstop's\n");
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    Files.createSymbolicLink(repo.dir().resolve(".leakstopignore"), outside);
    repo.write("a.txt", "nothing\n").commitAll("x");
    PackagedJarIT.Result run =
        PackagedJarIT.java(
            List.of("env", "-C", repo.dir().toString()),
            "ignore",
            "github-pat:0123456789abcdef0123",
            "--reason",
            "fixture");
    assertEquals(2, run.code(), run.out() + run.err());
    assertTrue(
        run.err().contains(".leakstopignore") && run.err().contains("outside the repository"),
        run.err());
    assertEquals(
        "# not leakstop's\n", Files.readString(outside), "nothing written outside the repository");
    assertFalse(run.out().contains("added"), run.out());
  }

  @Test
  void ignoreStillAppendsToARegularIgnoreFile() throws Exception {
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    repo.write(".leakstopignore", "# start\n").write("a.txt", "nothing\n").commitAll("x");
    PackagedJarIT.Result run =
        PackagedJarIT.java(
            List.of("env", "-C", repo.dir().toString()),
            "ignore",
            "github-pat:0123456789abcdef0123",
            "--reason",
            "fixture");
    assertEquals(0, run.code(), run.out() + run.err());
    assertEquals(
        "# start\ngithub-pat:0123456789abcdef0123  # fixture\n",
        Files.readString(repo.dir().resolve(".leakstopignore")));
  }
}
