package io.leakstop.report;

import io.leakstop.scan.ScanResult;
import java.io.IOException;
import java.io.OutputStream;

/** Renders a scan's findings in one format. Every format renders the same findings. */
public interface Reporter {
  /** The format's name as given to {@code --format} and {@code --report}. */
  String format();

  void write(ScanResult result, ReportOptions options, OutputStream out) throws IOException;
}
