package io.leakstop.finding;

import io.leakstop.gitleaks.GitleaksReport;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakstop.rules.ConfigException;
import io.leakstop.rules.RepositoryFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The fingerprints of a previous JSON report: findings it holds are <em>known</em>, the others
 * <em>new</em>. Known findings are still reported, marked as known, so a report stays a complete
 * inventory; only the fail policy ({@code --fail-on new}) treats them differently. That is why this
 * classifies instead of being a {@code FindingFilter}, which can only drop.
 */
public final class Baseline {
  public static final Baseline NONE = new Baseline(null, Set.of());

  private static final String SCHEMA = "leakstop-report";
  private static final int MAX_VERSION = 1;

  private final String source;
  private final Set<String> fingerprints;
  /** A gitleaks report used as the baseline, or null; its findings are matched by place and secret. */
  private final GitleaksReport gitleaks;

  private Baseline(String source, Set<String> fingerprints) {
    this(source, fingerprints, null);
  }

  private Baseline(String source, Set<String> fingerprints, GitleaksReport gitleaks) {
    this.source = source;
    this.fingerprints = Set.copyOf(fingerprints);
    this.gitleaks = gitleaks;
  }

  public static Baseline of(String source, Set<String> fingerprints) {
    return new Baseline(source, fingerprints);
  }

  /**
   * Reads a JSON report written by {@code --format json}, or a gitleaks JSON report (so a
   * {@code --baseline-path} kept from gitleaks keeps working); anything else stops with one line.
   */
  public static Baseline load(Path file) {
    if (!Files.exists(file)) {
      throw new ConfigException(file.toString(), 0, "no such baseline file");
    }
    String text = RepositoryFiles.readNamed(file);
    JsonNode json;
    try {
      json = new ObjectMapper().readTree(text);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new ConfigException(file.toString(), line, "not a JSON report: " + RepositoryFiles.parserProblem(e.getOriginalMessage()));
    }
    if (GitleaksReport.isGitleaksReport(json)) {
      return new Baseline(file.toString(), Set.of(), GitleaksReport.of(file.toString(), json));
    }
    if (json == null || !SCHEMA.equals(json.path("schema").asText()) || !json.path("findings").isArray()) {
      throw new ConfigException(file.toString(), 0, "not a leakstop or gitleaks JSON report (write one with --format json)");
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

  /** Whether a baseline was given at all; without one every finding is new. */
  public boolean present() {
    return source != null;
  }

  public String source() {
    return source;
  }

  public boolean isKnown(Finding finding) {
    return gitleaks != null ? gitleaks.isKnown(finding) : fingerprints.contains(finding.fingerprint());
  }

  public int size() {
    return gitleaks != null ? gitleaks.size() : fingerprints.size();
  }
}
