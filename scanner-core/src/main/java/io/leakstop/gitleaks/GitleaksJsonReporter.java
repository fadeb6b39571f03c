package io.leakstop.gitleaks;

import com.fasterxml.jackson.core.JsonGenerator;
import io.leakstop.detect.Entropy;
import io.leakstop.finding.Finding;
import io.leakstop.finding.ScanResult;
import io.leakstop.internal.JsonOutput;
import io.leakstop.report.ReportOptions;
import io.leakstop.report.Reporter;
import io.leakstop.source.CommitInfo;
import io.leakstop.source.Location;
import java.io.IOException;
import java.io.OutputStream;

/**
 * gitleaks' JSON report, field for field, for scripts and dashboards that read it: what {@code
 * leakstop git --report-format json} writes, so that a CI job keeps working after the switch.
 * Secrets are {@code REDACTED}, as with {@code gitleaks --redact}, unless {@code --show-secrets}.
 * {@code Fingerprint} is gitleaks' ({@code commit:path:rule:line}, or {@code path:rule:line} for
 * files), the form {@code .gitleaksignore} takes.
 */
public final class GitleaksJsonReporter implements Reporter {

  @Override
  public String format() {
    return "gitleaks-json";
  }

  @Override
  public void render(ScanResult result, ReportOptions options, OutputStream out)
      throws IOException {
    try (JsonGenerator g = JsonOutput.open(out)) {
      g.writeStartArray();
      for (Finding f : result.findings()) {
        write(g, f, options.showSecrets());
      }
      g.writeEndArray();
    }
    out.write('\n');
    out.flush();
  }

  private static void write(JsonGenerator g, Finding f, boolean showSecrets) throws IOException {
    Location at = f.location();
    String secret = f.secret();
    int newlines = (int) secret.chars().filter(c -> c == '\n').count();
    int lastLineLength = secret.length() - (secret.lastIndexOf('\n') + 1);
    CommitInfo commit = at.commit();
    g.writeStartObject();
    g.writeStringField("RuleID", f.ruleId());
    g.writeStringField("Description", f.description());
    g.writeNumberField("StartLine", at.line());
    g.writeNumberField("EndLine", at.line() + newlines);
    g.writeNumberField("StartColumn", at.column());
    g.writeNumberField(
        "EndColumn", newlines == 0 ? at.column() + secret.length() - 1 : lastLineLength);
    g.writeStringField("Match", showSecrets ? secret : "REDACTED");
    g.writeStringField("Secret", showSecrets ? secret : "REDACTED");
    g.writeStringField("File", at.path());
    g.writeStringField("SymlinkFile", "");
    g.writeStringField("Commit", commit == null ? "" : commit.id());
    g.writeNumberField("Entropy", (float) Entropy.shannon(secret));
    g.writeStringField(
        "Author", commit == null || commit.authorName() == null ? "" : commit.authorName());
    g.writeStringField(
        "Email", commit == null || commit.authorEmail() == null ? "" : commit.authorEmail());
    g.writeStringField(
        "Date",
        commit == null || commit.authorDate() == null ? "" : commit.authorDate().toString());
    g.writeStringField(
        "Message", commit == null || commit.summary() == null ? "" : commit.summary());
    g.writeArrayFieldStart("Tags");
    g.writeEndArray();
    g.writeStringField("Fingerprint", fingerprint(f));
    g.writeEndObject();
  }

  /**
   * gitleaks' fingerprint of a finding: {@code commit:path:rule:line}, without the commit for
   * files.
   */
  public static String fingerprint(Finding f) {
    Location at = f.location();
    String global = at.path() + ":" + f.ruleId() + ":" + at.line();
    return at.commit() == null ? global : at.commit().id() + ":" + global;
  }
}
