package io.leakstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.leakstop.testing.GitRepo;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The composite action's scan step, its shell script taken from action.yml as it is, run by bash
 * with the runner's variables against the packaged jar: inputs become the right arguments.
 */
class GithubActionIT {
  @TempDir Path dir;

  @Test
  void theScanStepTurnsInputsIntoArgumentsAndWritesOutputs() throws Exception {
    PackagedJarIT.findJar();
    Path jar = PackagedJarIT.jar;
    Map<?, ?> action =
        new ObjectMapper(new YAMLFactory())
            .readValue(Path.of("../github-action/action.yml").toFile(), Map.class);
    String script =
        ((List<?>) ((Map<?, ?>) action.get("runs")).get("steps"))
            .stream()
                .map(step -> (Map<?, ?>) step)
                .filter(step -> "scan".equals(step.get("id")))
                .map(step -> (String) step.get("run"))
                .findFirst()
                .orElseThrow();
    // GITHUB_ACTION_PATH/../leakstop is the launcher; here it starts the packaged jar directly.
    Path actionPath = Files.createDirectories(dir.resolve("checkout/github-action"));
    Path launcher = dir.resolve("checkout/leakstop");
    Files.writeString(
        launcher,
        "#!/usr/bin/env bash\nexec '"
            + Path.of(System.getProperty("java.home"), "bin", "java")
            + "' -jar '"
            + jar
            + "' \"$@\"\n");
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));

    GitRepo origin = GitRepo.init(dir.resolve("origin"));
    TestRule.configure(origin.dir());
    String base = origin.write("README.md", "app\n").commitAll("initial");
    String after =
        origin
            .write("app.env", "T=" + TestRule.token() + "\n")
            .write("vendor/lib.env", "T=" + TestRule.token() + "\n")
            .commitAll("add config");
    Path workspace = dir.resolve("workspace");
    GitRepo.at(dir).git("clone", "-q", "file://" + origin.dir(), workspace.toString());
    Path event = dir.resolve("event.json");
    Files.writeString(
        event,
        "{\"ref\":\"refs/heads/main\",\"before\":\""
            + base
            + "\",\"after\":\""
            + after
            + "\",\"commits\":[{}],\"repository\":{\"default_branch\":\"main\"}}");

    ProcessBuilder pb =
        new ProcessBuilder("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
            .directory(workspace.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Map<String, String> env = pb.environment();
    env.put("GITHUB_ACTION_PATH", actionPath.toString());
    env.put("GITHUB_EVENT_NAME", "push");
    env.put("GITHUB_EVENT_PATH", event.toString());
    env.put("GITHUB_WORKSPACE", workspace.toString());
    env.put("GITHUB_OUTPUT", dir.resolve("output.txt").toString());
    env.put("GITHUB_STEP_SUMMARY", dir.resolve("summary.md").toString());
    env.put("INPUT_REVOKE", "false");
    env.put("INPUT_FAIL_ON", "any");
    env.put("INPUT_BASELINE", "");
    env.put("INPUT_SARIF_FILE", "out/leaks.sarif");
    env.put("INPUT_EXTRA_ARGS", "--exclude vendor --no-color");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(1, p.exitValue(), err + out);
    assertEquals(
        1, out.lines().filter(l -> l.startsWith("::error file=app.env,line=1,")).count(), out);
    assertTrue(
        out.lines().noneMatch(l -> l.contains("vendor/")),
        "extra-args reached the command: " + out);
    assertEquals(
        List.of(
            "findings=1",
            "new=1",
            "active=0",
            "sarif-file=" + workspace.resolve("out/leaks.sarif")),
        Files.readAllLines(dir.resolve("output.txt")));
    assertTrue(
        Files.readString(dir.resolve("summary.md")).startsWith("### leakstop: 1 leak found"));
  }
}
