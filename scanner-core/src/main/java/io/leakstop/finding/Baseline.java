package io.leakstop.finding;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakstop.rules.ConfigException;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

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

  /**
   * Another tool's report used as the baseline, or null; its findings are matched by its own test.
   */
  private final Predicate<Finding> known;

  private final int size;

  private Baseline(String source, Set<String> fingerprints) {
    this(source, fingerprints, null, fingerprints.size());
  }

  private Baseline(String source, Set<String> fingerprints, Predicate<Finding> known, int size) {
    this.source = source;
    this.fingerprints = Set.copyOf(fingerprints);
    this.known = known;
    this.size = size;
  }

  public static Baseline of(String source, Set<String> fingerprints) {
    return new Baseline(source, fingerprints);
  }

  /**
   * A baseline that knows findings by another test than their fingerprint (a gitleaks report
   * matches by place and secret); {@code size} is how many entries it holds.
   */
  public static Baseline matching(String source, int size, Predicate<Finding> known) {
    return new Baseline(source, Set.of(), known, size);
  }

  /**
   * The fingerprints of a parsed leakstop JSON report ({@code --format json}); anything else stops
   * with one line naming {@code file}. Reading the file, and other tools' reports, is {@code
   * io.leakstop.gitleaks.BaselineFiles}.
   */
  public static Baseline parse(String file, JsonNode json) {
    if (json == null
        || !SCHEMA.equals(json.path("schema").asText())
        || !json.path("findings").isArray()) {
      throw new ConfigException(
          file, 0, "not a leakstop or gitleaks JSON report (write one with --format json)");
    }
    int version = json.path("version").asInt(0);
    if (version < 1 || version > MAX_VERSION) {
      throw new ConfigException(
          file,
          0,
          "report schema version "
              + version
              + " is not supported (this leakstop reads up to "
              + MAX_VERSION
              + ")");
    }
    Set<String> fingerprints = new HashSet<>();
    for (JsonNode finding : json.get("findings")) {
      String fp = finding.path("fingerprint").asText("");
      if (!fp.isEmpty()) {
        fingerprints.add(fp);
      }
    }
    return new Baseline(file, fingerprints);
  }

  /** Whether a baseline was given at all; without one every finding is new. */
  public boolean present() {
    return source != null;
  }

  public String source() {
    return source;
  }

  public boolean isKnown(Finding finding) {
    return known != null ? known.test(finding) : fingerprints.contains(finding.fingerprint());
  }

  public int size() {
    return size;
  }
}
