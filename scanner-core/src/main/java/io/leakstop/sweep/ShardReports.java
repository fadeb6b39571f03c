package io.leakstop.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leakstop.report.JsonReporter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Combines the same report of several shards into one: leakstop JSON reports (findings and problems
 * appended, counts added, complete only if every shard was) or SARIF logs (one run: the results
 * appended, the rules united and each result's {@code ruleIndex} pointed at the united list, since
 * code scanning wants one run per tool).
 */
public final class ShardReports {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ShardReports() {}

  public enum Kind {
    JSON,
    SARIF
  }

  public static JsonNode read(Path file) throws IOException {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException(file + ": not a JSON report: " + MirrorCache.oneLine(e));
    }
  }

  /** What kind of report {@code report} is, or null if it is neither. */
  public static Kind kind(JsonNode report) {
    if (JsonReporter.SCHEMA.equals(report.path("schema").asText())) {
      return Kind.JSON;
    }
    if (report.path("runs").isArray() && report.path("version").asText().startsWith("2.1")) {
      return Kind.SARIF;
    }
    return null;
  }

  /** Merges reports of one kind; throws if the kinds differ. */
  public static JsonNode merge(List<Path> files) throws IOException {
    List<JsonNode> reports = new ArrayList<>();
    Kind kind = null;
    for (Path file : files) {
      JsonNode report = read(file);
      Kind k = kind(report);
      if (k == null) {
        throw new IOException(file + ": neither a leakstop JSON report nor a SARIF log");
      }
      if (kind != null && k != kind) {
        throw new IOException(
            file + ": a " + k.name() + " report cannot be merged with " + kind.name() + " reports");
      }
      kind = k;
      reports.add(report);
    }
    if (reports.isEmpty()) {
      throw new IOException("no reports to merge");
    }
    return kind == Kind.JSON ? mergeJson(reports) : mergeSarif(reports);
  }

  public static void write(JsonNode report, Path file) throws IOException {
    JSON.writeValue(file.toFile(), report);
  }

  private static JsonNode mergeJson(List<JsonNode> reports) {
    ObjectNode out = reports.get(0).deepCopy();
    ObjectNode scan = (ObjectNode) out.path("scan");
    ArrayNode findings = out.putArray("findings");
    ArrayNode problems = scan.putArray("problems");
    boolean complete = true;
    long items = 0;
    long bytes = 0;
    for (JsonNode report : reports) {
      report.path("findings").forEach(findings::add);
      report.path("scan").path("problems").forEach(problems::add);
      complete &= report.path("scan").path("complete").asBoolean(true);
      items += report.path("scan").path("items").asLong();
      bytes += report.path("scan").path("bytes").asLong();
    }
    scan.put("source", "merged shards");
    scan.put("complete", complete);
    scan.put("items", items);
    scan.put("bytes", bytes);
    return out;
  }

  private static JsonNode mergeSarif(List<JsonNode> reports) {
    ObjectNode out = reports.get(0).deepCopy();
    ObjectNode run = (ObjectNode) out.path("runs").get(0);
    Map<String, JsonNode> rules = new LinkedHashMap<>();
    List<JsonNode> results = new ArrayList<>();
    List<JsonNode> notifications = new ArrayList<>();
    boolean succeeded = true;
    for (JsonNode report : reports) {
      for (JsonNode r : report.path("runs")) {
        List<String> ids = new ArrayList<>();
        r.path("tool")
            .path("driver")
            .path("rules")
            .forEach(
                rule -> {
                  ids.add(rule.path("id").asText());
                  rules.putIfAbsent(rule.path("id").asText(), rule);
                });
        for (JsonNode result : r.path("results")) {
          ObjectNode copy = result.deepCopy();
          if (!copy.has("ruleId")
              && copy.has("ruleIndex")
              && copy.path("ruleIndex").asInt() < ids.size()) {
            copy.put("ruleId", ids.get(copy.path("ruleIndex").asInt()));
          }
          results.add(copy);
        }
        for (JsonNode invocation : r.path("invocations")) {
          succeeded &= invocation.path("executionSuccessful").asBoolean(true);
          invocation.path("toolExecutionNotifications").forEach(notifications::add);
        }
      }
    }
    List<String> order = new ArrayList<>(rules.keySet());
    ObjectNode driver = (ObjectNode) run.path("tool").path("driver");
    ArrayNode ruleArray = driver.putArray("rules");
    rules.values().forEach(ruleArray::add);
    ArrayNode resultArray = run.putArray("results");
    for (JsonNode result : results) {
      ObjectNode r = (ObjectNode) result;
      if (r.has("ruleIndex") && r.has("ruleId")) {
        r.put("ruleIndex", order.indexOf(r.path("ruleId").asText()));
      }
      resultArray.add(r);
    }
    if (run.path("invocations").isArray() && run.path("invocations").size() > 0) {
      ObjectNode invocation = (ObjectNode) run.path("invocations").get(0);
      invocation.put("executionSuccessful", succeeded);
      ArrayNode n = invocation.putArray("toolExecutionNotifications");
      notifications.forEach(n::add);
    }
    ArrayNode runs = out.putArray("runs");
    runs.add(run);
    return out;
  }
}
