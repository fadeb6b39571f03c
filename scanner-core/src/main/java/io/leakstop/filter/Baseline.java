package io.leakstop.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakstop.finding.Finding;
import io.leakstop.rules.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The fingerprints of a previous JSON report: findings it holds are <em>known</em>, the others
 * <em>new</em>. Known findings are still reported, marked as known, so a report stays a complete
 * inventory; only the fail policy ({@code --fail-on new}) treats them differently. That is why this
 * classifies instead of being a {@link FindingFilter}, which can only drop.
 */
public final class Baseline {
  public static final Baseline NONE = new Baseline(null, Set.of());

  private static final String SCHEMA = "leakstop-report";
  private static final int MAX_VERSION = 1;

  private final String source;
  private final Set<String> fingerprints;

  private Baseline(String source, Set<String> fingerprints) {
    this.source = source;
    this.fingerprints = Set.copyOf(fingerprints);
  }

  public static Baseline of(String source, Set<String> fingerprints) {
    return new Baseline(source, fingerprints);
  }

  /** Reads a JSON report written by {@code --format json}; anything else stops with one line. */
  public static Baseline load(Path file) {
    JsonNode json;
    try {
      json = new ObjectMapper().readTree(file.toFile());
    } catch (NoSuchFileException e) {
      throw new ConfigException(file.toString(), 0, "no such baseline file");
    } catch (IOException e) {
      if (!Files.exists(file)) {
        throw new ConfigException(file.toString(), 0, "no such baseline file");
      }
      throw new ConfigException(file.toString(), 0, "not a JSON report: " + firstLine(e.getMessage()));
    }
    if (json == null || !SCHEMA.equals(json.path("schema").asText()) || !json.path("findings").isArray()) {
      throw new ConfigException(file.toString(), 0, "not a leakstop JSON report (write one with --format json)");
    }
    int version = json.path("version").asInt(0);
    if (version < 1 || version > MAX_VERSION) {
      throw new ConfigException(file.toString(), 0,
          "report schema version " + version + " is not supported (this leakstop reads up to " + MAX_VERSION + ")");
    }
    Set<String> fingerprints = new HashSet<>();
    for (JsonNode finding : json.get("findings")) {
      String fp = finding.path("fingerprint").asText("");
      if (!fp.isEmpty()) {
        fingerprints.add(fp);
      }
    }
    return new Baseline(file.toString(), fingerprints);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  /** Whether a baseline was given at all; without one every finding is new. */
  public boolean present() {
    return source != null;
  }

  public String source() {
    return source;
  }

  public boolean isKnown(Finding finding) {
    return fingerprints.contains(finding.fingerprint());
  }

  public int size() {
    return fingerprints.size();
  }
}
