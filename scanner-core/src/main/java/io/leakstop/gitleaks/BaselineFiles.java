package io.leakstop.gitleaks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakstop.finding.Baseline;
import io.leakstop.rules.ConfigException;
import io.leakstop.rules.RepositoryFiles;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a {@code --baseline} file: a leakstop JSON report, or a gitleaks one kept from gitleaks.
 */
public final class BaselineFiles {
  private BaselineFiles() {}

  /**
   * Reads a JSON report written by {@code --format json}, or a gitleaks JSON report (so a {@code
   * --baseline-path} kept from gitleaks keeps working); anything else stops with one line.
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
      throw new ConfigException(
          file.toString(),
          line,
          "not a JSON report: " + RepositoryFiles.parserProblem(e.getOriginalMessage()));
    }
    if (GitleaksReport.isGitleaksReport(json)) {
      GitleaksReport report = GitleaksReport.of(file.toString(), json);
      return Baseline.matching(file.toString(), report.size(), report::isKnown);
    }
    return Baseline.parse(file.toString(), json);
  }
}
