package io.leakstop.report;

import io.leakstop.finding.Finding;
import io.leakstop.finding.Revocation;
import io.leakstop.finding.ScanProblem;
import io.leakstop.finding.ScanResult;
import io.leakstop.finding.ScanStats;
import io.leakstop.finding.Verification;
import io.leakstop.source.CommitInfo;
import io.leakstop.source.Location;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Readable text for a terminal or a CI log: one block per finding, then a summary line. */
public final class TextReporter implements Reporter {
  private static final String RED = "\u001b[31;1m";
  private static final String YELLOW = "\u001b[33m";
  private static final String DIM = "\u001b[2m";
  private static final String RESET = "\u001b[0m";

  @Override
  public String format() {
    return "text";
  }

  @Override
  public void render(ScanResult result, ReportOptions options, OutputStream out)
      throws IOException {
    Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    for (Finding f : result.findings()) {
      Location at = f.location();
      boolean known = options.baseline().isKnown(f);
      w.write(
          paint(options, known ? DIM : RED, known ? "known" : "leak")
              + "  "
              + shown(f.ruleId())
              + " ("
              + f.severity().label()
              + ")  "
              + paint(options, YELLOW, shown(at.display()))
              + "\n");
      w.write("      secret       " + shown(options.shownSecret(f)) + "\n");
      w.write("      what         " + shown(f.description()) + "\n");
      if (f.decoding() != null) {
        w.write(
            "      decoded      "
                + f.decoding()
                + " (the secret is hidden in the encoded text here)\n");
      }
      CommitInfo commit = at.commit();
      if (commit != null) {
        if (commit.authorName() == null) {
          w.write("      commit       " + shown(commit.id()) + "\n");
        } else {
          w.write(
              "      commit       "
                  + shown(commit.id())
                  + "  "
                  + shown(commit.authorName())
                  + " <"
                  + shown(commit.authorEmail())
                  + ">  "
                  + commit.authorDate()
                  + "\n");
        }
        if (commit.summary() != null) {
          w.write("      summary      " + shown(commit.summary()) + "\n");
        }
      }
      Verification v = f.verification();
      if (v != null) {
        w.write("      verified     " + shown(describe(v)) + "\n");
      }
      Revocation r = f.revocation();
      if (r != null) {
        w.write(
            "      revocation   "
                + r.status().label()
                + (r.reason() == null ? "" : " (" + shown(r.reason()) + ")")
                + "\n");
      }
      w.write(paint(options, DIM, "      fingerprint  " + shown(f.fingerprint())) + "\n\n");
    }
    w.write(summary(result, options) + "\n");
    w.flush();
  }

  /**
   * Every text the repository or an issuer supplied goes through here: one line, no terminal
   * escapes.
   */
  private static String shown(String text) {
    return Printable.escape(text);
  }

  /**
   * The notices and problems of {@code result} as lines for standard error, each starting {@code
   * leakstop: }: redacted like the report and with control characters escaped, since they name
   * paths.
   */
  public static List<String> messages(ScanResult result, ReportOptions options) {
    ScanResult shown = KnownSecrets.redact(result, options);
    List<String> lines = new ArrayList<>();
    for (String notice : shown.notices()) {
      lines.add("leakstop: " + shown(notice));
    }
    for (ScanProblem problem : shown.problems()) {
      lines.add("leakstop: " + shown(problem.where()) + ": " + shown(problem.message()));
    }
    return lines;
  }

  static String describe(Verification v) {
    StringBuilder s = new StringBuilder(v.status().label());
    if (v.owner() != null) {
      s.append(", owner ").append(v.owner());
    }
    if (!v.scopes().isEmpty()) {
      s.append(", scopes ").append(String.join(" ", v.scopes()));
    }
    if (v.expiresAt() != null) {
      s.append(", expires ").append(v.expiresAt());
    }
    if (v.reason() != null) {
      s.append(" (").append(v.reason()).append(')');
    }
    return s.toString();
  }

  /** One line: what was found in what, and what was left out. */
  public static String summary(ScanResult result) {
    return summary(result, ReportOptions.DEFAULT);
  }

  /** The summary line, with how many findings are new and known when a baseline was given. */
  public static String summary(ScanResult result, ReportOptions options) {
    ScanStats stats = result.stats();
    int n = result.findings().size();
    StringBuilder s = new StringBuilder();
    s.append(n == 0 ? "no leaks found" : n + (n == 1 ? " leak" : " leaks") + " found");
    int distinct = result.distinctSecrets().size();
    if (n > 0 && distinct != n) {
      s.append(" (")
          .append(distinct)
          .append(distinct == 1 ? " distinct secret)" : " distinct secrets)");
    }
    if (n > 0 && options.baseline().present()) {
      long known = result.findings().stream().filter(options.baseline()::isKnown).count();
      s.append(", ").append(n - known).append(" new, ").append(known).append(" known");
    }
    s.append(
        String.format(
            Locale.ROOT,
            " in %d %s, %s, %.2f s",
            stats.fragments(),
            stats.fragments() == 1 ? "item" : "items",
            bytes(stats.bytes()),
            stats.elapsed().toNanos() / 1e9));
    if (stats.skippedBinary() > 0) {
      s.append("; skipped ").append(stats.skippedBinary()).append(" binary");
    }
    if (!stats.tooLarge().isEmpty()) {
      s.append("; skipped ").append(stats.tooLarge().size()).append(" over the size limit");
    }
    if (stats.skippedSymlinks() > 0) {
      s.append("; skipped ")
          .append(stats.skippedSymlinks())
          .append(stats.skippedSymlinks() == 1 ? " symbolic link" : " symbolic links")
          .append(" (not followed)");
    }
    if (stats.filtered() > 0) {
      s.append("; ").append(stats.filtered()).append(" allowed");
    }
    if (!result.complete()) {
      s.append("; INCOMPLETE: ")
          .append(result.problems().size())
          .append(result.problems().size() == 1 ? " error" : " errors");
    }
    return s.toString();
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
    }
    if (n < 1024L * 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f MiB", n / 1048576.0);
    }
    return String.format(Locale.ROOT, "%.2f GiB", n / 1073741824.0);
  }

  private static String paint(ReportOptions options, String colour, String text) {
    return options.color() ? colour + text + RESET : text;
  }
}
