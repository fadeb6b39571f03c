package io.leakstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The shipped sweep templates call options that exist and agree on their shard counts. */
class SweepTemplatesTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static CommandLine cli() {
    return Main.commandLine(new Main(Map.of(), System.in, System.out, System.err));
  }

  private static Set<String> options(String... command) {
    CommandLine cmd = cli();
    for (String name : command) {
      cmd = cmd.getSubcommands().get(name);
    }
    return cmd.getCommandSpec().options().stream()
        .flatMap(o -> java.util.Arrays.stream(o.names()))
        .collect(Collectors.toSet());
  }

  @Test
  void kubernetesCronJobArgumentsParseAndShardsMatchTheIndexedJob() throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    YAML.readerFor(JsonNode.class)
        .<JsonNode>readValues(ROOT.resolve("deploy/cronjob.yaml").toFile())
        .forEachRemaining(docs::add);
    JsonNode job =
        docs.stream()
            .filter(
                d ->
                    d.path("kind").asText().equals("CronJob")
                        && d.path("metadata").path("name").asText().equals("leakstop-sweep"))
            .findFirst()
            .orElseThrow()
            .path("spec")
            .path("jobTemplate")
            .path("spec");
    assertEquals("Indexed", job.path("completionMode").asText());
    List<String> args = new ArrayList<>();
    job.path("template")
        .path("spec")
        .path("containers")
        .get(0)
        .path("args")
        .forEach(a -> args.add(a.asText()));
    cli().parseArgs(args.toArray(String[]::new));
    String shard = args.stream().filter(a -> a.startsWith("--shard=")).findFirst().orElseThrow();
    assertEquals("--shard=auto/" + job.path("completions").asInt(), shard);
    assertEquals(job.path("completions").asInt(), job.path("parallelism").asInt());
    String formats =
        args.stream()
            .filter(a -> a.startsWith("--format="))
            .findFirst()
            .orElseThrow()
            .substring("--format=".length());
    assertKnownFormats(formats);
  }

  @Test
  void githubWorkflowUsesExistingOptionsAndOneShardPerMatrixEntry() throws IOException {
    JsonNode workflow = YAML.readTree(ROOT.resolve("github-action/sweep.yml").toFile());
    JsonNode sweep = workflow.path("jobs").path("sweep");
    assertEquals(
        workflow.path("env").path("SHARDS").asInt(),
        sweep.path("strategy").path("matrix").path("shard").size());
    String script = null;
    String merge = null;
    for (JsonNode step : sweep.path("steps")) {
      script = step.path("run").asText("").contains(" sweep ") ? step.path("run").asText() : script;
    }
    for (JsonNode step : workflow.path("jobs").path("report").path("steps")) {
      merge =
          step.path("run").asText("").contains("report merge") ? step.path("run").asText() : merge;
    }
    assertTrue(script != null && script.contains("--shard ${{ matrix.shard }}/$SHARDS"), script);
    assertUses(script, options("sweep"));
    Matcher formats = Pattern.compile("--format (\\S+)").matcher(script);
    assertTrue(formats.find(), script);
    assertKnownFormats(formats.group(1));
    assertUses(merge, options("report", "merge"));
  }

  private static void assertKnownFormats(String list) {
    for (String format : list.split(",")) {
      assertTrue(
          io.leakstop.scan.Reporters.forFormat(format).isPresent(), "unknown format " + format);
    }
  }

  private static void assertUses(String script, Set<String> known) {
    Matcher m = Pattern.compile("(?<=\\s)--[a-z][a-z-]+").matcher(script);
    int seen = 0;
    while (m.find()) {
      assertTrue(known.contains(m.group()), m.group() + " is not an option (known: " + known + ")");
      seen++;
    }
    assertTrue(seen >= 2, script);
  }
}
