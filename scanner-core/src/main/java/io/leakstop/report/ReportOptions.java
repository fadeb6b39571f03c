package io.leakstop.report;

import io.leakstop.finding.Baseline;
import io.leakstop.finding.Finding;

/**
 * How to render a report.
 *
 * @param showSecrets put raw secrets in the output (the user passed {@code --show-secrets})
 * @param color ANSI colour, only for a terminal
 * @param baseline findings known from a previous report, marked as such; {@link Baseline#NONE} for
 *     none
 * @param links where the scanned repository lives on the web, for links to lines; null when unknown
 */
public record ReportOptions(
    boolean showSecrets, boolean color, Baseline baseline, RepositoryLinks links) {
  public static final ReportOptions DEFAULT = new ReportOptions(false, false);

  public ReportOptions {
    baseline = baseline == null ? Baseline.NONE : baseline;
  }

  public ReportOptions(boolean showSecrets, boolean color) {
    this(showSecrets, color, Baseline.NONE, null);
  }

  public ReportOptions withBaseline(Baseline known) {
    return new ReportOptions(showSecrets, color, known, links);
  }

  public ReportOptions withLinks(RepositoryLinks web) {
    return new ReportOptions(showSecrets, color, baseline, web);
  }

  /**
   * The secret as a human-readable report shows it: raw with {@code --show-secrets}, else redacted.
   */
  public String shownSecret(Finding finding) {
    return showSecrets ? finding.secret() : finding.redacted();
  }

  public ReportOptions withColor(boolean paint) {
    return new ReportOptions(showSecrets, paint, baseline, links);
  }
}
