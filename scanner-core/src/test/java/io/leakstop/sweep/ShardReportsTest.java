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
    Files.writeString(
        file,
        "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"leakstop\",\"rules\":["
            + rules
            + "]}},"
            + "\"invocations\":[{\"executionSuccessful\":"
            + ok
            + "}],\"results\":["
            + results
            + "]}]}");
    return file;
  }

  @Test
  void sarifShardsBecomeOneRunWithUnitedRulesAndCorrectIndexes() throws IOException {
    Path a =
        sarif(
            "a.sarif",
            "{\"id\":\"github-pat\"},{\"id\":\"npm\"}",
            "{\"ruleId\":\"npm\",\"ruleIndex\":1,\"message\":{\"text\":\"x\"}}",
            true);
    Path b =
        sarif(
            "b.sarif",
            "{\"id\":\"slack\"},{\"id\":\"github-pat\"}",
            "{\"ruleId\":\"github-pat\",\"ruleIndex\":1,\"message\":{\"text\":\"y\"}},{\"ruleId\":\"slack\",\"ruleIndex\":0,\"message\":{\"text\":\"z\"}}",
            false);
    JsonNode merged = ShardReports.merge(List.of(a, b));
    assertEquals(1, merged.get("runs").size());
    JsonNode run = merged.get("runs").get(0);
    List<String> rules = run.at("/tool/driver/rules").findValuesAsText("id");
    assertEquals(List.of("github-pat", "npm", "slack"), rules);
    assertEquals(3, run.get("results").size());
    for (JsonNode result : run.get("results")) {
      assertEquals(result.get("ruleId").asText(), rules.get(result.get("ruleIndex").asInt()));
    }
    assertFalse(
        run.at("/invocations/0/executionSuccessful").asBoolean(), "one shard did not complete");
  }

  @Test
  void refusesToMixKindsOrUnknownFiles() throws IOException {
    Path a = sarif("a.sarif", "", "", true);
    Path json = dir.resolve("r.json");
    Files.writeString(
        json,
        "{\"schema\":\"leakstop-report\",\"version\":1,\"scan\":{\"complete\":true},\"findings\":[]}");
    assertTrue(
        assertThrows(IOException.class, () -> ShardReports.merge(List.of(a, json)))
            .getMessage()
            .contains("cannot be merged"));
    Path other = dir.resolve("o.json");
    Files.writeString(other, "{\"hello\":1}");
    assertTrue(
        assertThrows(IOException.class, () -> ShardReports.merge(List.of(other)))
            .getMessage()
            .startsWith(other.toString()));
  }

  @Test
  void mergedShardSarifStillValidatesAgainstTheSchema() throws IOException {
    List<Path> shards = new java.util.ArrayList<>();
    for (int shard = 1; shard <= 2; shard++) {
      String text =
          "A="
              + io.leakstop.testing.Tokens.githubPat()
              + "\nB="
              + io.leakstop.testing.Tokens.npm()
              + "\n";
      var findings =
          SweepFixture.SCANNER.findings(
              io.leakstop.source.Fragment.of(
                  "shard" + shard + "/x.env",
                  text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      var result =
          new io.leakstop.finding.ScanResult(
              "shard" + shard,
              findings,
              new io.leakstop.finding.ScanStats(
                  1, text.length(), 0, List.of(), 0, java.time.Duration.ZERO),
              List.of(),
              List.of());
      Path file = dir.resolve("s" + shard + ".sarif");
      try (var out = Files.newOutputStream(file)) {
        io.leakstop.scan.Reporters.forFormat("sarif")
            .orElseThrow()
            .write(result, io.leakstop.report.ReportOptions.DEFAULT, out);
      }
      shards.add(file);
    }
    Path merged = dir.resolve("merged.sarif");
    ShardReports.write(ShardReports.merge(shards), merged);
    assertEquals(List.of(), io.leakstop.testing.SarifSchema.validate(Files.readString(merged)));
    assertEquals(4, ShardReports.read(merged).at("/runs/0/results").size());
  }
}
