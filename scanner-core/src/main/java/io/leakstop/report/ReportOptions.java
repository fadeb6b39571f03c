package io.leakstop.report;

/**
 * How to render a report.
 *
 * @param showSecrets put raw secrets in the output (the user passed {@code --show-secrets})
 * @param color ANSI colour, only for a terminal
 */
public record ReportOptions(boolean showSecrets, boolean color) {
  public static final ReportOptions DEFAULT = new ReportOptions(false, false);
}
