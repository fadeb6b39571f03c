package io.leakstop.report;

import io.leakstop.finding.Finding;
import io.leakstop.finding.ScanProblem;
import io.leakstop.finding.ScanResult;
import io.leakstop.source.Location;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * GitHub Actions workflow commands, one annotation per finding on its file and line: {@code error}
 * for new findings, {@code warning} for known ones (in the baseline) and for scan problems.
 */
public final class GithubAnnotationsReporter implements Reporter {
  @Override
  public String format() {
    return "github";
  }

  @Override
  public void render(ScanResult result, ReportOptions options, OutputStream out)
      throws IOException {
    Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    for (Finding f : result.findings()) {
      Location at = f.location();
      boolean known = options.baseline().isKnown(f);
      String title =
          "Leaked "
              + (f.description() == null ? f.ruleId() : f.description())
              + (known ? " (known)" : "");
      StringBuilder message = new StringBuilder();
      message.append(f.ruleId()).append(": ").append(options.shownSecret(f));
      if (f.verification() != null) {
        message.append(" (").append(f.verification().status().label()).append(')');
      }
      if (at.commit() != null) {
        message
            .append(", introduced in ")
            .append(at.commit().id(), 0, Math.min(12, at.commit().id().length()));
      }
      message.append(". ").append(Rotation.forIssuer(f.issuer()).summary());
      message.append(" Fingerprint: ").append(f.fingerprint());
      w.write(
          "::"
              + (known ? "warning" : "error")
              + " file="
              + property(at.path())
              + ",line="
              + at.line()
              + ",col="
              + at.column()
              + ",title="
              + property(title)
              + "::"
              + data(message.toString())
              + "\n");
    }
    for (ScanProblem p : result.problems()) {
      w.write(
          "::warning title=leakstop could not scan everything::"
              + data(p.where() + ": " + p.message())
              + "\n");
    }
    w.flush();
  }

  /** Escapes a command's message, as the runner's toolkit does. */
  static String data(String s) {
    // Line breaks as the runner decodes them; other control characters (an escape sequence in a
    // file name) have no encoding there, so they are shown as visible escapes.
    return Printable.escape(s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"));
  }

  /** Escapes a command property value: also ':' and ','. */
  static String property(String s) {
    return data(s).replace(":", "%3A").replace(",", "%2C");
  }
}
