package io.leakstop.report;

import com.fasterxml.jackson.core.JsonGenerator;
import io.leakstop.Version;
import io.leakstop.finding.Finding;
import io.leakstop.finding.Revocation;
import io.leakstop.finding.ScanProblem;
import io.leakstop.finding.ScanResult;
import io.leakstop.finding.ScanStats;
import io.leakstop.finding.Verification;
import io.leakstop.internal.JsonOutput;
import io.leakstop.source.CommitInfo;
import io.leakstop.source.Location;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * The JSON report, schema documented in docs/report-schema.md; {@link #SCHEMA_VERSION} versions it.
 */
public final class JsonReporter implements Reporter {
  public static final String SCHEMA = "leakstop-report";
  public static final int SCHEMA_VERSION = 1;

  @Override
  public String format() {
    return "json";
  }

  @Override
  public void render(ScanResult result, ReportOptions options, OutputStream out)
      throws IOException {
    try (JsonGenerator g = JsonOutput.open(out)) {
      g.writeStartObject();
      g.writeStringField("schema", SCHEMA);
      g.writeNumberField("version", SCHEMA_VERSION);
      g.writeObjectFieldStart("tool");
      g.writeStringField("name", "leakstop");
      g.writeStringField("version", Version.current());
      g.writeEndObject();
      writeScan(g, result);
      g.writeArrayFieldStart("findings");
      for (Finding f : result.findings()) {
        writeFinding(g, f, options);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    out.write('\n');
    out.flush();
  }

  private static void writeScan(JsonGenerator g, ScanResult result) throws IOException {
    ScanStats stats = result.stats();
    g.writeObjectFieldStart("scan");
    g.writeStringField("source", result.source());
    g.writeBooleanField("complete", result.complete());
    g.writeNumberField("items", stats.fragments());
    g.writeNumberField("bytes", stats.bytes());
    g.writeNumberField("durationMs", stats.elapsed().toMillis());
    g.writeNumberField("skippedBinary", stats.skippedBinary());
    g.writeNumberField("skippedSymlinks", stats.skippedSymlinks());
    g.writeArrayFieldStart("skippedTooLarge");
    for (String path : stats.tooLarge()) {
      g.writeString(path);
    }
    g.writeEndArray();
    g.writeNumberField("allowed", stats.filtered());
    g.writeArrayFieldStart("problems");
    for (ScanProblem p : result.problems()) {
      g.writeStartObject();
      g.writeStringField("where", p.where());
      g.writeStringField("message", p.message());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("notices");
    for (String notice : result.notices()) {
      g.writeString(notice);
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void writeFinding(JsonGenerator g, Finding f, ReportOptions options)
      throws IOException {
    boolean showSecrets = options.showSecrets();
    Location at = f.location();
    g.writeStartObject();
    g.writeStringField("rule", f.ruleId());
    g.writeStringField("description", f.description());
    g.writeStringField("issuer", f.issuer());
    g.writeStringField("severity", f.severity().label());
    g.writeStringField("fingerprint", f.fingerprint());
    g.writeStringField("redacted", f.redacted());
    if (showSecrets) {
      g.writeStringField("secret", f.secret());
    }
    g.writeStringField("path", at.path());
    g.writeNumberField("line", at.line());
    g.writeNumberField("column", at.column());
    if (f.decoding() != null) {
      g.writeStringField("decoded", f.decoding());
    }
    if (at.blobId() != null) {
      g.writeStringField("blob", at.blobId());
    }
    if (options.baseline().present()) {
      g.writeStringField("baseline", options.baseline().isKnown(f) ? "known" : "new");
    }
    CommitInfo commit = at.commit();
    if (commit != null) {
      g.writeObjectFieldStart("commit");
      g.writeStringField("id", commit.id());
      g.writeStringField("author", commit.authorName());
      g.writeStringField("email", commit.authorEmail());
      g.writeStringField(
          "date", commit.authorDate() == null ? null : commit.authorDate().toString());
      g.writeStringField("summary", commit.summary());
      g.writeEndObject();
    }
    Verification v = f.verification();
    if (v != null) {
      g.writeObjectFieldStart("verification");
      g.writeStringField("status", v.status().label());
      if (v.owner() != null) {
        g.writeStringField("owner", v.owner());
      }
      g.writeArrayFieldStart("scopes");
      for (String scope : v.scopes()) {
        g.writeString(scope);
      }
      g.writeEndArray();
      if (v.expiresAt() != null) {
        g.writeStringField("expiresAt", v.expiresAt().toString());
      }
      if (v.reason() != null) {
        g.writeStringField("reason", v.reason());
      }
      if (!v.details().isEmpty()) {
        g.writeObjectFieldStart("details");
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(v.details()).entrySet()) {
          g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    Revocation r = f.revocation();
    if (r != null) {
      g.writeObjectFieldStart("revocation");
      g.writeStringField("status", r.status().label());
      if (r.reason() != null) {
        g.writeStringField("reason", r.reason());
      }
      if (r.requestId() != null) {
        g.writeStringField("requestId", r.requestId());
      }
      if (r.at() != null) {
        g.writeStringField("at", r.at().toString());
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }
}
