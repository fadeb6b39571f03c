package io.leakstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./leakstop} as a new user meets it: a fresh clone, a machine that lacks something, an
 * installed jar.
 */
class LauncherIT {
  @TempDir Path tmp;

  @BeforeAll
  static void findJar() {
    PackagedJarIT.findJar();
  }

  /** The environment of a user's shell: nothing of this Maven build leaks into the launcher's. */
  static Map<String, String> userEnv() {
    Map<String, String> env = new HashMap<>();
    for (String name :
        List.of(
            "MAVEN_OPTS",
            "MAVEN_ARGS",
            "MAVEN_CONFIG",
            "MAVEN_PROJECTBASEDIR",
            "LEAKSTOP_JAR",
            "LEAKSTOP_JAVA_OPTS")) {
      env.put(name, null);
    }
    return env;
  }

  @Test
  void aFreshCloneBuildsAndRunsWithNoLeakstopArtifactInTheMavenRepository() throws Exception {
    assumeTrue(Files.exists(Processes.ROOT.resolve(".git")), "needs the project as a git checkout");
    Path clone = tmp.resolve("leakstop");
    var cloned =
        Processes.run(
            tmp,
            Map.of(),
            120,
            List.of("git", "clone", "-q", Processes.ROOT.toString(), clone.toString()));
    assertEquals(0, cloned.code(), cloned.err());
    // The commit under test, also where the checkout's HEAD is detached (a pull request's merge
    // commit in CI).
    String head =
        Processes.run(Processes.ROOT, Map.of(), 60, List.of("git", "rev-parse", "HEAD"))
            .out()
            .strip();
    assertEquals(
        0, Processes.run(clone, Map.of(), 60, List.of("git", "checkout", "-q", head)).code());
    // A Maven repository as on a machine that never built leakstop: this build's own, without
    // io/leakstop
    // (hard links: cheap), offline so that nothing missing can come from elsewhere.
    Path repository =
        repositoryWithoutLeakstop(
            Path.of(System.getProperty("leakstop.maven.repo")), tmp.resolve("m2"));
    Files.createDirectories(clone.resolve(".mvn"));
    Files.writeString(
        clone.resolve(".mvn/maven.config"), "-o -Dmaven.repo.local=" + repository + "\n");

    Map<String, String> env = userEnv();
    env.put("LEAKSTOP_NO_CDS", "1");
    var run =
        Processes.run(clone, env, 600, List.of(clone.resolve("leakstop").toString(), "--version"));

    assertEquals(0, run.code(), run.err() + run.out());
    assertTrue(run.err().contains("leakstop: building the CLI"), run.err());
    assertTrue(run.out().startsWith("leakstop "), run.out());
    try (Stream<Path> jars = Files.list(clone.resolve("scanner-cli/target"))) {
      assertEquals(
          1,
          jars.filter(p -> p.getFileName().toString().matches("leakstop-[0-9][^/]*\\.jar"))
              .count());
    }
    assertFalse(
        Files.exists(repository.resolve("io/leakstop")),
        "the launcher installed into the Maven repository");
  }

  static Path repositoryWithoutLeakstop(Path from, Path to) throws IOException {
    Processes.copyTree(from, to, from.resolve("io/leakstop"), true);
    return to;
  }

  @Test
  void withoutJavaItSaysWhatIsMissingAndHowToGetIt() throws Exception {
    Path bin = Processes.toolbox(tmp.resolve("bin"), "bash", "dirname");
    Map<String, String> env = userEnv();
    env.put("PATH", bin.toString());
    env.put("JAVA_HOME", null);
    var run =
        Processes.run(
            tmp,
            env,
            60,
            List.of("bash", Processes.ROOT.resolve("leakstop").toString(), "--version"));
    assertEquals(2, run.code(), run.err());
    assertTrue(run.err().startsWith("leakstop: Java 17 or newer is needed"), run.err());
    assertTrue(run.err().contains("https://adoptium.net"), run.err());
    assertFalse(run.err().contains("Exception"), run.err());
  }

  @Test
  void withoutMavenAnUnbuiltCheckoutSaysWhatIsMissingAndHowToGetIt() throws Exception {
    Path checkout = Files.createDirectories(tmp.resolve("checkout"));
    Files.copy(Processes.ROOT.resolve("leakstop"), checkout.resolve("leakstop"));
    Files.copy(Processes.ROOT.resolve("pom.xml"), checkout.resolve("pom.xml"));
    Path bin = Processes.toolbox(tmp.resolve("bin"), Processes.plus(Processes.SHELL_TOOLS, "java"));
    Map<String, String> env = userEnv();
    env.put("PATH", bin.toString());
    var run =
        Processes.run(
            tmp, env, 60, List.of("bash", checkout.resolve("leakstop").toString(), "--version"));
    assertEquals(2, run.code(), run.err());
    assertTrue(
        run.err().startsWith("leakstop: Maven (mvn) is needed to build leakstop"), run.err());
    assertTrue(run.err().contains("https://maven.apache.org/install.html"), run.err());
    assertTrue(run.err().contains("README.md, Install"), run.err());
  }

  /** What the container image does: the launcher and a released jar, no sources, no Maven. */
  @Test
  void anInstalledJarRunsWithoutMavenAndGetsAClassDataArchive() throws Exception {
    Path opt = Files.createDirectories(tmp.resolve("opt/leakstop"));
    Files.copy(Processes.ROOT.resolve("leakstop"), opt.resolve("leakstop"));
    opt.resolve("leakstop").toFile().setExecutable(true);
    Path jar = Files.copy(PackagedJarIT.jar, opt.resolve("leakstop.jar"));
    String[] tools =
        Processes.onPath("git").isPresent()
            ? Processes.plus(Processes.SHELL_TOOLS, "java", "git")
            : Processes.plus(Processes.SHELL_TOOLS, "java");
    Path bin = Processes.toolbox(tmp.resolve("bin"), tools);
    Map<String, String> env = userEnv();
    env.put("PATH", bin.toString());
    env.put("LEAKSTOP_JAR", jar.toString());

    var first =
        Processes.run(tmp, env, 300, List.of(opt.resolve("leakstop").toString(), "--version"));
    assertEquals(0, first.code(), first.err());
    assertTrue(first.out().startsWith("leakstop "), first.out());
    assertTrue(
        Files.isRegularFile(opt.resolve("leakstop.jar.jsa")),
        "no class-data archive next to the jar");
  }

  @Test
  void aMissingInstalledJarIsAUsageError() throws Exception {
    Map<String, String> env = userEnv();
    env.put("LEAKSTOP_JAR", tmp.resolve("nowhere.jar").toString());
    var run =
        Processes.run(
            tmp, env, 60, List.of(Processes.ROOT.resolve("leakstop").toString(), "--version"));
    assertEquals(2, run.code(), run.err());
    assertEquals(
        "leakstop: LEAKSTOP_JAR names no file: " + tmp.resolve("nowhere.jar") + "\n", run.err());
  }
}
