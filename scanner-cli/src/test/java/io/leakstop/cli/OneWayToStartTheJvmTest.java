package io.leakstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The launcher alone says how leakstop's JVM starts (class-data archive, JIT, collector, heap): the
 * image, the Action, the sweep templates and the workflows run leakstop through it, never java
 * directly.
 */
class OneWayToStartTheJvmTest {
  static final List<String> RUNNERS =
      List.of(
          "deploy/Dockerfile",
          "deploy/cronjob.yaml",
          "github-action/action.yml",
          "github-action/sweep.yml",
          ".github/workflows/ci.yml",
          ".github/workflows/release.yml",
          ".pre-commit-hooks.yaml");
  static final Pattern JAVA = Pattern.compile("(^|[\\s\"'\\[/])java\"?\\s*,?\\s*\"?-(jar|cp|X)");

  @Test
  void nothingButTheLauncherStartsJava() throws Exception {
    List<String> found = new ArrayList<>();
    for (String name : RUNNERS) {
      List<String> lines = Files.readAllLines(Processes.ROOT.resolve(name));
      for (int i = 0; i < lines.size(); i++) {
        if (JAVA.matcher(lines.get(i)).find() && !lines.get(i).strip().startsWith("#")) {
          found.add(name + ":" + (i + 1) + ": " + lines.get(i).strip());
        }
      }
    }
    assertTrue(
        found.isEmpty(),
        "start leakstop through ./leakstop (LEAKSTOP_JAR for a built jar):\n"
            + String.join("\n", found));
  }

  /** No Docker engine here: the Dockerfile's shape, as the issue asks it. */
  @Test
  void theImageIsBuiltInStagesRunsTheLauncherAsAnUnprivilegedUserWithATrainedArchive()
      throws Exception {
    List<String> lines =
        Files.readAllLines(Processes.ROOT.resolve("deploy/Dockerfile")).stream()
            .filter(l -> !l.startsWith("#") && !l.isBlank())
            .toList();
    assertEquals(
        2,
        lines.stream().filter(l -> l.startsWith("FROM ")).count(),
        "a build stage and a run stage");
    int runStage =
        lines.lastIndexOf(
            lines.stream().filter(l -> l.startsWith("FROM ")).reduce((a, b) -> b).orElseThrow());
    List<String> run = lines.subList(runStage, lines.size());
    assertTrue(
        run.contains("ENTRYPOINT [\"/opt/leakstop/leakstop\"]"), "the launcher is the entrypoint");
    assertTrue(run.contains("ENV LEAKSTOP_JAR=/opt/leakstop/leakstop.jar"), run.toString());
    String user =
        run.stream()
            .filter(l -> l.startsWith("USER "))
            .reduce((a, b) -> b)
            .orElseThrow()
            .substring(5)
            .strip();
    assertFalse(user.equals("root") || user.equals("0"), "runs as " + user);
    int training =
        indexOf(run, "RUN chmod 755 /opt/leakstop/leakstop && /opt/leakstop/leakstop --version");
    assertTrue(
        training >= 0 && training < run.indexOf("USER " + user),
        "the archive is trained at build time, as root");
  }

  static int indexOf(List<String> lines, String prefix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }
}
