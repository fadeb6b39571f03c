package io.leakstop.gitleaks;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakstop.finding.Finding;
import io.leakstop.rules.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The findings of a gitleaks JSON report ({@code --report-format json}), used as a baseline: what
 * it lists is known. Rule ids differ between the tools, so a finding is matched by what both agree
 * on: the same file, and either the same secret (when the report holds secrets; gitleaks {@code
 * --redact} removes them) or the same line in the same commit (when both name one). The line alone
 * covers secrets the two tools cut differently (a group more or less of the match).
 */
final class GitleaksReport {
  /**
   * @param secret null when gitleaks redacted it
   */
  record Entry(String path, int line, String commit, String secret) {}

  private final Map<String, List<Entry>> byName;
  private final int size;

  private GitleaksReport(List<Entry> entries) {
    this.byName = GitleaksPaths.index(entries, Entry::path);
    this.size = entries.size();
  }

  /**
   * Whether {@code json} looks like a gitleaks report: an array of findings with {@code RuleID}.
   */
  public static boolean isGitleaksReport(JsonNode json) {
    return json != null && json.isArray() && (json.isEmpty() || json.get(0).has("RuleID"));
  }

  /** Reads a parsed gitleaks report; {@code file} names it in errors. */
  public static GitleaksReport of(String file, JsonNode json) {
    if (!isGitleaksReport(json)) {
      throw new ConfigException(
          file,
          0,
          "not a gitleaks JSON report (an array of findings with RuleID, File, StartLine)");
    }
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < json.size(); i++) {
      JsonNode finding = json.get(i);
      String path = finding.path("File").asText("");
      int line = finding.path("StartLine").asInt(0);
      if (path.isEmpty() || line < 1) {
        throw new ConfigException(
            file, 0, "gitleaks finding #" + (i + 1) + " has no File or StartLine");
      }
      String commit = finding.path("Commit").asText("");
      entries.add(
          new Entry(
              GitleaksPaths.normalise(path),
              line,
              commit.isEmpty() ? null : commit.toLowerCase(java.util.Locale.ROOT),
              secret(finding.path("Secret").asText(""))));
    }
    return new GitleaksReport(entries);
  }

  /**
   * The secret, or null when gitleaks redacted it (fully: {@code REDACTED}; partly: ending in
   * {@code ...}).
   */
  private static String secret(String text) {
    if (text.isEmpty() || text.contains("REDACTED") || text.endsWith("...")) {
      return null;
    }
    return text;
  }

  public int size() {
    return size;
  }

  public boolean isKnown(Finding finding) {
    String commit = GitleaksPaths.commit(finding);
    for (Entry entry : GitleaksPaths.candidates(byName, finding)) {
      boolean same =
          (entry.secret != null && entry.secret.equals(finding.secret()))
              || (entry.line == finding.location().line()
                  && (entry.commit == null
                      || commit == null
                      || entry.commit.equalsIgnoreCase(commit)));
      if (same && GitleaksPaths.same(entry.path, finding.location().path())) {
        return true;
      }
    }
    return false;
  }
}
