package io.leakstop.report;

import com.fasterxml.jackson.core.JsonGenerator;
import io.leakstop.Version;
import io.leakstop.finding.Finding;
import io.leakstop.finding.Revocation;
import io.leakstop.finding.ScanProblem;
import io.leakstop.finding.ScanResult;
import io.leakstop.finding.Verification;
import io.leakstop.internal.JsonOutput;
import io.leakstop.rules.Severity;
import io.leakstop.source.CommitInfo;
import io.leakstop.source.Location;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SARIF 2.1.0, shaped for GitHub code scanning: one reportingDescriptor per rule that found
 * something, with how to rotate that kind of credential as its help; results keyed by the leakstop
 * fingerprint in {@code partialFingerprints}, so an alert follows a secret across moved lines;
 * commit, author and verification status as result properties.
 */
public final class SarifReporter implements Reporter {
  public static final String FINGERPRINT_KEY = "leakstop/v1";

  @Override
  public String format() {
    return "sarif";
  }

  @Override
  public void render(ScanResult result, ReportOptions options, OutputStream out)
      throws IOException {
    Map<String, Finding> rules = new LinkedHashMap<>();
    for (Finding f : result.findings()) {
      rules.putIfAbsent(f.ruleId(), f);
    }
    Map<String, Integer> ruleIndex = new LinkedHashMap<>();
    try (JsonGenerator g = JsonOutput.open(out)) {
      g.writeStartObject();
      g.writeStringField("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
      g.writeStringField("version", "2.1.0");
      g.writeArrayFieldStart("runs");
      g.writeStartObject();
      g.writeObjectFieldStart("tool");
      g.writeObjectFieldStart("driver");
      g.writeStringField("name", "leakstop");
      g.writeStringField("version", Version.current());
      g.writeStringField("semanticVersion", Version.current());
      g.writeArrayFieldStart("rules");
      for (Finding example : rules.values()) {
        ruleIndex.put(example.ruleId(), ruleIndex.size());
        writeRule(g, example);
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
      writeInvocation(g, result);
      g.writeArrayFieldStart("results");
      for (Finding f : result.findings()) {
        writeResult(g, f, ruleIndex.get(f.ruleId()), options);
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
    }
    out.write('\n');
    out.flush();
  }

  private static void writeRule(JsonGenerator g, Finding example) throws IOException {
    Rotation rotation = Rotation.forIssuer(example.issuer());
    String what = example.description() == null ? example.ruleId() : example.description();
    g.writeStartObject();
    g.writeStringField("id", example.ruleId());
    g.writeStringField("name", camelCase(example.ruleId()));
    g.writeObjectFieldStart("shortDescription");
    g.writeStringField("text", what);
    g.writeEndObject();
    g.writeObjectFieldStart("fullDescription");
    g.writeStringField(
        "text",
        what
            + " committed to the repository. Anyone who can read the code or its history can use it until it is revoked.");
    g.writeEndObject();
    g.writeObjectFieldStart("help");
    g.writeStringField("text", "How to rotate it:\n" + rotation.stepsText());
    g.writeStringField(
        "markdown", "**How to rotate a leaked " + what + "**\n\n" + rotation.steps().strip());
    g.writeEndObject();
    g.writeObjectFieldStart("defaultConfiguration");
    g.writeStringField("level", level(example.severity()));
    g.writeEndObject();
    g.writeObjectFieldStart("properties");
    g.writeArrayFieldStart("tags");
    g.writeString("security");
    g.writeString("secret");
    if (example.issuer() != null) {
      g.writeString(example.issuer());
    }
    g.writeEndArray();
    g.writeStringField("precision", "high");
    g.writeStringField("security-severity", securitySeverity(example.severity()));
    if (example.issuer() != null) {
      g.writeStringField("issuer", example.issuer());
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void writeInvocation(JsonGenerator g, ScanResult result) throws IOException {
    g.writeArrayFieldStart("invocations");
    g.writeStartObject();
    g.writeBooleanField("executionSuccessful", result.complete());
    if (!result.problems().isEmpty() || !result.notices().isEmpty()) {
      g.writeArrayFieldStart("toolExecutionNotifications");
      for (ScanProblem p : result.problems()) {
        notification(g, "error", p.where() + ": " + p.message());
      }
      for (String notice : result.notices()) {
        notification(g, "note", notice);
      }
      g.writeEndArray();
    }
    g.writeEndObject();
    g.writeEndArray();
  }

  private static void notification(JsonGenerator g, String level, String text) throws IOException {
    g.writeStartObject();
    g.writeStringField("level", level);
    g.writeObjectFieldStart("message");
    g.writeStringField("text", text);
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void writeResult(JsonGenerator g, Finding f, int index, ReportOptions options)
      throws IOException {
    Location at = f.location();
    g.writeStartObject();
    g.writeStringField("ruleId", f.ruleId());
    g.writeNumberField("ruleIndex", index);
    g.writeStringField("level", level(f.severity()));
    g.writeObjectFieldStart("message");
    g.writeStringField("text", message(f));
    g.writeEndObject();
    g.writeArrayFieldStart("locations");
    g.writeStartObject();
    g.writeObjectFieldStart("physicalLocation");
    g.writeObjectFieldStart("artifactLocation");
    g.writeStringField("uri", RepositoryLinks.encodePath(at.path()));
    g.writeStringField("uriBaseId", "%SRCROOT%");
    g.writeEndObject();
    g.writeObjectFieldStart("region");
    g.writeNumberField("startLine", Math.max(1, at.line()));
    g.writeNumberField("startColumn", Math.max(1, at.column()));
    int newlines = (int) f.secret().chars().filter(c -> c == '\n').count();
    if (newlines == 0) {
      g.writeNumberField("endColumn", Math.max(1, at.column()) + f.secret().length());
    } else {
      g.writeNumberField("endLine", Math.max(1, at.line()) + newlines);
    }
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndArray();
    g.writeObjectFieldStart("partialFingerprints");
    g.writeStringField(FINGERPRINT_KEY, f.fingerprint());
    g.writeEndObject();
    if (options.baseline().present()) {
      g.writeStringField("baselineState", options.baseline().isKnown(f) ? "unchanged" : "new");
    }
    g.writeObjectFieldStart("properties");
    g.writeStringField("fingerprint", f.fingerprint());
    g.writeStringField("redacted", f.redacted());
    if (f.decoding() != null) {
      g.writeStringField("decoded", f.decoding());
    }
    if (options.showSecrets()) {
      g.writeStringField("secret", f.secret());
    }
    if (f.issuer() != null) {
      g.writeStringField("issuer", f.issuer());
    }
    if (f.severity() != null) {
      g.writeStringField("severity", f.severity().label());
    }
    CommitInfo commit = at.commit();
    if (commit != null) {
      g.writeStringField("commit", commit.id());
      g.writeStringField("author", commit.authorName());
      g.writeStringField("authorEmail", commit.authorEmail());
      if (commit.authorDate() != null) {
        g.writeStringField("authorDate", commit.authorDate().toString());
      }
      g.writeStringField("commitSummary", commit.summary());
      if (options.links() != null) {
        g.writeStringField("commitUrl", options.links().line(commit.id(), at.path(), at.line()));
      }
    }
    if (at.blobId() != null) {
      g.writeStringField("blob", at.blobId());
    }
    Verification v = f.verification();
    g.writeStringField("verification", v == null ? "not-verified" : v.status().label());
    if (v != null && v.owner() != null) {
      g.writeStringField("verificationOwner", v.owner());
    }
    Revocation r = f.revocation();
    if (r != null) {
      g.writeStringField("revocation", r.status().label());
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  private static String message(Finding f) {
    StringBuilder s = new StringBuilder();
    s.append(f.description() == null ? f.ruleId() : f.description())
        .append(": ")
        .append(f.redacted());
    Verification v = f.verification();
    if (v != null) {
      s.append(" (")
          .append(v.status().label())
          .append(v.owner() == null ? "" : ", owner " + v.owner())
          .append(')');
    }
    CommitInfo commit = f.location().commit();
    if (commit != null) {
      s.append(", introduced in ").append(commit.id(), 0, Math.min(12, commit.id().length()));
      if (commit.authorName() != null) {
        s.append(" by ").append(commit.authorName());
      }
    }
    s.append(". ").append(Rotation.forIssuer(f.issuer()).summary());
    return s.toString();
  }

  static String level(Severity severity) {
    if (severity == null) {
      return "error";
    }
    return switch (severity) {
      case CRITICAL, HIGH -> "error";
      case MEDIUM -> "warning";
      case LOW -> "note";
    };
  }

  /** GitHub's 0–10 scale: over 9 critical, 7–8.9 high, 4–6.9 medium, below 4 low. */
  private static String securitySeverity(Severity severity) {
    if (severity == null) {
      return "7.5";
    }
    return switch (severity) {
      case CRITICAL -> "9.5";
      case HIGH -> "8.0";
      case MEDIUM -> "5.5";
      case LOW -> "3.0";
    };
  }

  private static String camelCase(String id) {
    StringBuilder s = new StringBuilder();
    boolean upper = true;
    for (char c : id.toCharArray()) {
      if (!Character.isLetterOrDigit(c)) {
        upper = true;
      } else {
        s.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return s.toString();
  }
}
