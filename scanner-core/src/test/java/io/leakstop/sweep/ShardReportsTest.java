package io.leakstop.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardReportsTest {
  @TempDir Path dir;

  private Path sarif(String name, String rules, String results, boolean ok) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"leakstop\",\"rules\":[" + rules + "]}},"
        + "\"invocations\":[{\"executionSuccessful\":" + ok + "}],\"results\":[" + results + "]}]}");
    return file;
  }

  @Test
  void sarifShardsBecomeOneRunWithUnitedRulesAndCorrectIndexes() throws IOException {
    Path a = sarif("a.sarif", "{\"id\":\"github-pat\"},{\"id\":\"npm\"}",
        "{\"ruleId\":\"npm\",\"ruleIndex\":1,\"message\":{\"text\":\"x\"}}", true);
    Path b = sarif("b.sarif", "{\"id\":\"slack\"},{\"id\":\"github-pat\"}",
        "{\"ruleId\":\"github-pat\",\"ruleIndex\":1,\"message\":{\"text\":\"y\"}},{\"ruleId\":\"slack\",\"ruleIndex\":0,\"message\":{\"text\":\"z\"}}", false);
    JsonNode merged = ShardReports.merge(List.of(a, b));
    assertEquals(1, merged.get("runs").size());
    JsonNode run = merged.get("runs").get(0);
    List<String> rules = run.at("/tool/driver/rules").findValuesAsText("id");
    assertEquals(List.of("github-pat", "npm", "slack"), rules);
    assertEquals(3, run.get("results").size());
    for (JsonNode result : run.get("results")) {
      assertEquals(result.get("ruleId").asText(), rules.get(result.get("ruleIndex").asInt()));
    }
    assertFalse(run.at("/invocations/0/executionSuccessful").asBoolean(), "one shard did not complete");
  }

  @Test
  void refusesToMixKindsOrUnknownFiles() throws IOException {
    Path a = sarif("a.sarif", "", "", true);
    Path json = dir.resolve("r.json");
    Files.writeString(json, "{\"schema\":\"leakstop-report\",\"version\":1,\"scan\":{\"complete\":true},\"findings\":[]}");
    assertTrue(assertThrows(IOException.class, () -> ShardReports.merge(List.of(a, json))).getMessage().contains("cannot be merged"));
    Path other = dir.resolve("o.json");
    Files.writeString(other, "{\"hello\":1}");
    assertTrue(assertThrows(IOException.class, () -> ShardReports.merge(List.of(other))).getMessage().startsWith(other.toString()));
  }
}
