package io.leakstop.report;

import io.leakstop.finding.ScanResult;
import java.io.IOException;
import java.io.OutputStream;

/** Renders a scan's findings in one format. Every format renders the same findings. */
public interface Reporter {
  /** The format's name as given to {@code --format} and {@code --report}. */
  String format();

  /**
   * Renders {@code result} after the redaction pass: a secret found anywhere in the run appears
   * nowhere in full (commit messages and paths included) unless {@code --show-secrets}.
   */
  default void write(ScanResult result, ReportOptions options, OutputStream out)
      throws IOException {
    render(KnownSecrets.redact(result, options), options, out);
  }

  /** Renders a result already redacted; reached only through {@link #write}. */
  void render(ScanResult result, ReportOptions options, OutputStream out) throws IOException;
}
