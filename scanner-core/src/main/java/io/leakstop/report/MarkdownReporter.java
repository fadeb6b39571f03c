package io.leakstop.report;

import io.leakstop.finding.Finding;
import io.leakstop.finding.ScanProblem;
import io.leakstop.finding.ScanResult;
import io.leakstop.finding.Verification;
import io.leakstop.source.CommitInfo;
import io.leakstop.source.Location;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * A compact table for a GitHub job summary or a pull-request comment: rule, where (linked to the
 * line at the introducing commit when the repository's web address is known), redacted secret,
 * verification status and what to do. Long lists are cut so the comment stays within GitHub's size
 * limits; the other formats always carry every finding.
 */
public final class MarkdownReporter implements Reporter {
  static final int MAX_ROWS = 100;

  @Override
  public String format() {
    return "markdown";
  }

  @Override
  public void render(ScanResult result, ReportOptions options, OutputStream out)
      throws IOException {
    Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    int n = result.findings().size();
    long known = result.findings().stream().filter(options.baseline()::isKnown).count();
    w.write("### leakstop: ");
    if (n == 0) {
      w.write("no leaks found");
    } else {
      w.write(n + (n == 1 ? " leak found" : " leaks found"));
      if (options.baseline().present()) {
        w.write(" (" + (n - known) + " new, " + known + " known)");
      }
    }
    w.write("\n\n");
    if (n > 0) {
      w.write("| | Rule | Where | Secret | Verified | What to do |\n");
      w.write("|---|---|---|---|---|---|\n");
      for (Finding f : result.findings().subList(0, Math.min(n, MAX_ROWS))) {
        w.write(row(f, options));
      }
      if (n > MAX_ROWS) {
        w.write("\n…and " + (n - MAX_ROWS) + " more; the SARIF and JSON reports list them all.\n");
      }
      w.write("\nA secret stays in git history after it is deleted: revoke it first. ");
      w.write("For a false positive, run `leakstop ignore FINGERPRINT --reason \"…\"`.\n");
    }
    if (!result.problems().isEmpty()) {
      w.write("\n**The scan is incomplete:**\n\n");
      for (ScanProblem p : result.problems()) {
        w.write("- " + text(p.where()) + ": " + text(p.message()) + "\n");
      }
    }
    for (String notice : result.notices()) {
      w.write("\n> " + text(notice) + "\n");
    }
    w.write("\n<sub>" + cell(TextReporter.summary(result)) + "</sub>\n");
    w.flush();
  }

  private static String row(Finding f, ReportOptions options) {
    Location at = f.location();
    boolean known = options.baseline().isKnown(f);
    String marker = known ? "known" : (isActive(f) ? "🔴 **new, live**" : "🔴 new");
    String where = code(at.path() + ":" + at.line());
    CommitInfo commit = at.commit();
    if (commit != null) {
      String shortId = commit.id().substring(0, Math.min(7, commit.id().length()));
      if (options.links() != null) {
        where =
            "["
                + text(at.path() + ":" + at.line())
                + "]("
                + options.links().line(commit.id(), at.path(), at.line())
                + ")";
      }
      where +=
          " in "
              + code(shortId)
              + (commit.authorName() == null ? "" : " by " + text(commit.authorName()));
    }
    String secret = options.shownSecret(f);
    return "| "
        + marker
        + " | "
        + code(f.ruleId())
        + " | "
        + where
        + " | "
        + code(secret)
        + " | "
        + verified(f.verification())
        + " | "
        + cell(Rotation.forIssuer(f.issuer()).summary())
        + " <sub>`"
        + f.fingerprint()
        + "`</sub> |\n";
  }

  private static boolean isActive(Finding f) {
    return f.verification() != null && f.verification().status() == Verification.Status.ACTIVE;
  }

  private static String verified(Verification v) {
    if (v == null) {
      return "not checked";
    }
    String s = v.status().label();
    if (v.owner() != null) {
      s += " (" + v.owner() + ")";
    }
    return text(s);
  }

  /** leakstop's own text safe inside a table cell: no pipes or line breaks, no HTML. */
  static String cell(String s) {
    if (s == null) {
      return "";
    }
    return Printable.escape(s).replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
  }

  /**
   * Text from the repository (an author, a path as link text, a notice naming a path) as plain text
   * in a cell: also every character Markdown would read as emphasis, a link, an image or code is
   * escaped, so a name cannot inject a link into a pull-request comment.
   */
  static String text(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (char c : Printable.escape(s).toCharArray()) {
      if ("\\`*_[]!#~".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return cell(out.toString());
  }

  /**
   * {@code s} as a code span in a table cell: fenced by one more backtick than the longest run of
   * backticks inside (CommonMark's rule), padded with spaces when it starts or ends with one, and
   * with pipes escaped, which GitHub's tables require even inside code.
   */
  static String code(String s) {
    String body = Printable.escape(s == null ? "" : s).replace("|", "\\|");
    int longest = 0;
    int run = 0;
    for (int i = 0; i < body.length(); i++) {
      run = body.charAt(i) == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    String fence = "`".repeat(longest + 1);
    String pad = longest > 0 ? " " : "";
    return fence + pad + body + pad + fence;
  }
}
