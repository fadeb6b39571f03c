package io.leakstop.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakstop.finding.Finding;
import io.leakstop.finding.Fingerprint;
import io.leakstop.finding.Redactor;
import io.leakstop.finding.ScanResult;
import io.leakstop.rules.Severity;
import io.leakstop.source.Location;
import io.leakstop.source.StreamSource;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code leakstop revoke} reads: a JSON report written with {@code --show-secrets}, or bare
 * secrets one per line, whose rule (and so issuer) the detector finds.
 */
public final class RevocationInput {
  /**
   * @param findings what to revoke
   * @param notices one line per input line no rule recognised (never the secret in full)
   */
  public record Parsed(List<Finding> findings, List<String> notices) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private RevocationInput() {}

  /** A report when the text is a JSON object, else one secret per line. */
  public static Parsed parse(String name, String text, Scanner scanner) {
    return text.stripLeading().startsWith("{")
        ? fromReport(name, text)
        : fromSecrets(name, text, scanner);
  }

  /**
   * The findings of a leakstop JSON report; fingerprints are recomputed from rule and secret rather
   * than trusted.
   *
   * @throws IllegalArgumentException naming {@code name} when it is not a report or has no secrets
   */
  public static Parsed fromReport(String name, String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(name + ": not valid JSON: " + e.getOriginalMessage());
    }
    if (!"leakstop-report".equals(root.path("schema").asText())
        || !root.path("findings").isArray()) {
      throw new IllegalArgumentException(name + ": not a leakstop JSON report");
    }
    List<Finding> out = new ArrayList<>();
    int index = 0;
    for (JsonNode f : root.path("findings")) {
      index++;
      String rule = f.path("rule").asText(null);
      String secret = f.path("secret").asText(null);
      if (rule == null) {
        throw new IllegalArgumentException(name + ": finding " + index + " has no rule");
      }
      if (secret == null) {
        throw new IllegalArgumentException(
            name + ": finding " + index + " has no secret; write the report with --show-secrets");
      }
      Severity severity;
      try {
        severity = Severity.parse(f.path("severity").asText("high"));
      } catch (IllegalArgumentException e) {
        severity = Severity.HIGH;
      }
      Location location =
          Location.file(
              f.path("path").asText(name), f.path("line").asInt(0), f.path("column").asInt(0));
      out.add(
          Finding.builder(rule, secret, location)
              .rule(f.path("description").asText(rule), f.path("issuer").asText(null), severity)
              .redacted(Redactor.redact(secret))
              .fingerprint(Fingerprint.of(rule, secret))
              .build());
    }
    return new Parsed(out, List.of());
  }

  /** Each non-blank line is a secret; the detector names its rule. */
  public static Parsed fromSecrets(String name, String text, Scanner scanner) {
    ScanResult result =
        scanner.scan(
            new StreamSource(
                name, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
    Set<Integer> recognised = new HashSet<>();
    result.findings().forEach(f -> recognised.add(f.location().line()));
    List<String> notices = new ArrayList<>(result.notices());
    result.problems().forEach(p -> notices.add(p.where() + ": " + p.message()));
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (!line.isEmpty() && !recognised.contains(i + 1)) {
        notices.add(
            name
                + ":"
                + (i + 1)
                + ": no rule recognises "
                + Redactor.redact(line)
                + "; not revoked");
      }
    }
    return new Parsed(result.findings(), notices);
  }
}
