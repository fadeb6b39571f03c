package io.leakstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Action builds leakstop once per version: its cache key, computed by the step's own script as
 * action.yml has it, changes with the sources the jar is built from and with nothing else.
 */
class ActionBuildCacheTest {
  @TempDir Path tmp;

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> steps() throws Exception {
    Map<?, ?> action =
        new ObjectMapper(new YAMLFactory())
            .readValue(Processes.ROOT.resolve("github-action/action.yml").toFile(), Map.class);
    return (List<Map<String, Object>>) ((Map<?, ?>) action.get("runs")).get("steps");
  }

  static Map<String, Object> step(String id) throws Exception {
    return steps().stream().filter(s -> id.equals(s.get("id"))).findFirst().orElseThrow();
  }

  /** Runs the key step against a checkout of leakstop at {@code checkout}; returns its outputs. */
  String key(Path checkout) throws Exception {
    Path actionPath = Files.createDirectories(checkout.resolve("github-action"));
    Path output = tmp.resolve("output-" + System.nanoTime());
    var run =
        Processes.run(
            tmp,
            Map.of(
                "GITHUB_ACTION_PATH",
                actionPath.toString(),
                "GITHUB_OUTPUT",
                output.toString(),
                "RUNNER_OS",
                "Linux",
                "RUNNER_ARCH",
                "X64",
                "RUNNER_TEMP",
                tmp.toString(),
                "JAVA_VERSION",
                "17.0.15"),
            60,
            List.of(
                "bash",
                "--noprofile",
                "--norc",
                "-eo",
                "pipefail",
                "-c",
                (String) step("build").get("run")));
    assertEquals(0, run.code(), run.err());
    List<String> lines = Files.readAllLines(output);
    assertEquals("jar=" + tmp.resolve("leakstop-build/leakstop.jar"), lines.get(1));
    assertTrue(
        lines.get(0).matches("key=leakstop-Linux-X64-java17\\.0\\.15-[0-9a-f]{20}"), lines.get(0));
    return lines.get(0);
  }

  @Test
  void theKeyFollowsTheSourcesTheJarIsBuiltFrom() throws Exception {
    Path copy = tmp.resolve("copy");
    for (String part : List.of("rules", "scanner-core/src/main", "scanner-cli/src/main")) {
      Processes.copyTree(Processes.ROOT.resolve(part), copy.resolve(part), null, false);
    }
    for (String file :
        List.of("leakstop", "pom.xml", "scanner-core/pom.xml", "scanner-cli/pom.xml")) {
      Files.copy(Processes.ROOT.resolve(file), copy.resolve(file));
    }
    String original = key(Processes.ROOT);
    assertEquals(
        original, key(copy), "the same sources elsewhere, with no build output, give the same key");

    Files.writeString(copy.resolve("README.md"), "not part of the jar\n");
    Files.createDirectories(copy.resolve("scanner-cli/target"))
        .resolve("x.class")
        .toFile()
        .createNewFile();
    assertEquals(original, key(copy));

    Files.writeString(
        copy.resolve("rules/aws.yaml"), "\n", java.nio.file.StandardOpenOption.APPEND);
    assertNotEquals(original, key(copy), "a changed rule file must give a new build");
  }

  @Test
  void onlyAMissRunsMavenAndEveryLaterStepRunsTheCachedJar() throws Exception {
    Map<String, Object> restore = step("cache");
    assertEquals("${{ steps.build.outputs.key }}", ((Map<?, ?>) restore.get("with")).get("key"));
    List<Map<String, Object>> steps = steps();
    for (Map<String, Object> s : steps) {
      String name = String.valueOf(s.get("name"));
      if (name.startsWith("Build leakstop") || name.startsWith("Restore Maven")) {
        assertEquals("steps.cache.outputs.cache-hit != 'true'", s.get("if"), name);
      }
    }
    assertEquals(
        "${{ steps.build.outputs.jar }}",
        ((Map<?, ?>) step("scan").get("env")).get("LEAKSTOP_JAR"));
  }
}
