package io.leakstop.sweep;

import io.leakstop.Version;
import io.leakstop.sweep.SweepState.Secret;
import io.leakstop.sweep.SweepState.Sighting;
import java.io.IOException;
import java.io.Writer;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The sweep's HTML report: one file, no scripts, fonts, images or style sheets from elsewhere, so
 * it can be mailed or stored as a CI artifact and opened anywhere. Totals, failed repositories,
 * counts by repository, rule and status, every finding, and an inline SVG chart of secrets found
 * and revoked over time, all from the state. Secrets appear only redacted.
 */
final class HtmlReport {
  private HtmlReport() {}

  public static void write(SweepState state, Writer out) throws IOException {
    Set<String> latest = SweepSummary.latestRuns(state);
    SweepSummary summary = SweepSummary.of(state, latest);
    StringBuilder h = new StringBuilder(16_384);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>leakstop sweep report</title><style>")
        .append(
            "body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}h1,h2{font-weight:600}")
        .append(
            "table{border-collapse:collapse;margin:0 0 1.5em}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left}")
        .append("th{background:#f2f2f2}td.n{text-align:right}.totals td{font-size:1.3em}")
        .append(
            ".active{color:#b00020;font-weight:600}.revoked{color:#1b5e20}.new{font-weight:600}code{font-size:.95em}")
        .append("</style></head><body>\n");
    h.append("<h1>leakstop sweep report</h1>\n<p>leakstop ")
        .append(esc(Version.current()))
        .append(", runs: ")
        .append(state.runs.size());
    if (!state.runs.isEmpty()) {
      h.append(", latest finished ").append(esc(state.runs.get(state.runs.size() - 1).finishedAt));
    }
    h.append(
            "</p>\n<h2>Totals</h2>\n<table id=\"totals\" class=\"totals\"><tr><th>repositories</th><th>secrets</th><th>new</th><th>active</th><th>revoked</th><th>failed repositories</th></tr><tr>")
        .append(num(summary.repositories()))
        .append(num(summary.secrets()))
        .append(num(summary.newSecrets()))
        .append(num(summary.activeSecrets()))
        .append(num(summary.revokedSecrets()))
        .append(num(summary.failed().size()))
        .append("</tr></table>\n");
    if (!summary.failed().isEmpty()) {
      h.append(
          "<h2>Failed repositories</h2>\n<table id=\"failed\"><tr><th>repository</th><th>problem</th></tr>\n");
      summary
          .failed()
          .forEach(
              (repo, why) ->
                  h.append("<tr><td>")
                      .append(esc(repo))
                      .append("</td><td>")
                      .append(esc(why))
                      .append("</td></tr>\n"));
      h.append("</table>\n");
    }
    h.append("<h2>Secrets over time</h2>\n").append(chart(state));
    counts(h, "by-repository", "By repository", "repository", state, s -> repositoriesOf(s));
    counts(h, "by-rule", "By rule", "rule", state, s -> List.of(s.ruleId));
    counts(h, "by-status", "By status", "status", state, s -> List.of(SweepSummary.status(s)));
    h.append(
            "<h2>Findings</h2>\n<table id=\"findings\"><tr><th>repository</th><th>path</th><th>line</th><th>rule</th><th>severity</th>")
        .append(
            "<th>secret</th><th>status</th><th>new</th><th>first seen</th><th>commit</th><th>fingerprint</th></tr>\n");
    for (Secret secret : state.findings.values()) {
      for (Sighting s : secret.sightings) {
        String status = SweepSummary.status(secret);
        h.append("<tr><td>")
            .append(esc(s.repository()))
            .append("</td><td>")
            .append(esc(s.path()))
            .append("</td><td class=\"n\">")
            .append(s.line())
            .append("</td><td>")
            .append(esc(secret.ruleId))
            .append("</td><td>")
            .append(esc(secret.severity == null ? null : secret.severity.label()))
            .append("</td><td><code>")
            .append(esc(secret.redacted))
            .append("</code></td><td class=\"")
            .append(esc(status))
            .append("\">")
            .append(esc(status))
            .append("</td><td class=\"new\">")
            .append(latest.contains(secret.firstSweep) ? "new" : "")
            .append("</td><td>")
            .append(esc(secret.firstSeen == null ? "" : secret.firstSeen.at()))
            .append("</td><td><code>")
            .append(
                esc(
                    s.commit() == null
                        ? ""
                        : s.commit().substring(0, Math.min(12, s.commit().length()))))
            .append("</code></td><td><code>")
            .append(esc(secret.fingerprint))
            .append("</code></td></tr>\n");
      }
    }
    h.append("</table>\n</body></html>\n");
    out.write(h.toString());
    out.flush();
  }

  private static List<String> repositoriesOf(Secret secret) {
    return secret.sightings.stream().map(Sighting::repository).distinct().toList();
  }

  private static void counts(
      StringBuilder h,
      String id,
      String title,
      String column,
      SweepState state,
      Function<Secret, List<String>> keys) {
    Map<String, int[]> counts = new TreeMap<>();
    for (Secret secret : state.findings.values()) {
      for (String key : keys.apply(secret)) {
        int[] c = counts.computeIfAbsent(key, k -> new int[2]);
        c[0]++;
        c[1] += SweepSummary.isActive(secret) ? 1 : 0;
      }
    }
    h.append("<h2>")
        .append(title)
        .append("</h2>\n<table id=\"")
        .append(id)
        .append("\"><tr><th>")
        .append(column)
        .append("</th><th>secrets</th><th>active</th></tr>\n");
    counts.forEach(
        (key, c) ->
            h.append("<tr><td>")
                .append(esc(key))
                .append("</td>")
                .append(num(c[0]))
                .append(num(c[1]))
                .append("</tr>\n"));
    h.append("</table>\n");
  }

  /**
   * Secrets found and revoked so far, after each sweep (from zero before the first), as an inline
   * SVG line chart: one point per run, so nightly sweeps read as nights.
   */
  static String chart(SweepState state) {
    List<SweepState.Run> runs = new ArrayList<>(state.runs);
    runs.sort(java.util.Comparator.comparing((SweepState.Run r) -> r.startedAt));
    if (runs.isEmpty()) {
      return "<p id=\"chart\">No sweep has finished yet.</p>\n";
    }
    Map<String, Integer> runIndex = new java.util.HashMap<>();
    for (int i = 0; i < runs.size(); i++) {
      runIndex.put(runs.get(i).id, i);
    }
    int[] found = new int[runs.size() + 1];
    int[] revoked = new int[runs.size() + 1];
    for (Secret secret : state.findings.values()) {
      int i = runIndex.getOrDefault(secret.firstSweep, 0);
      for (int k = i + 1; k < found.length; k++) {
        found[k]++;
      }
      if (SweepSummary.isRevoked(secret) && secret.revocation.at() != null) {
        for (int k = 1; k < revoked.length; k++) {
          String end = runs.get(k - 1).finishedAt;
          if (end == null
              || secret.revocation.at().compareTo(end) <= 0
              || k == revoked.length - 1) {
            revoked[k]++;
          }
        }
      }
    }
    int width = 640;
    int height = 220;
    int pad = 40;
    int max = Math.max(1, found[found.length - 1]);
    StringBuilder svg = new StringBuilder();
    svg.append("<svg id=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(width)
        .append(' ')
        .append(height)
        .append("\" role=\"img\" aria-label=\"secrets found and revoked over time\">")
        .append("<title>Secrets found (red) and revoked (green) so far, after each sweep</title>")
        .append("<line x1=\"")
        .append(pad)
        .append("\" y1=\"")
        .append(height - pad)
        .append("\" x2=\"")
        .append(width - 10)
        .append("\" y2=\"")
        .append(height - pad)
        .append("\" stroke=\"#888\"/><line x1=\"")
        .append(pad)
        .append("\" y1=\"10\" x2=\"")
        .append(pad)
        .append("\" y2=\"")
        .append(height - pad)
        .append("\" stroke=\"#888\"/>")
        .append("<text x=\"4\" y=\"18\" font-size=\"11\">")
        .append(max)
        .append("</text><text x=\"4\" y=\"")
        .append(height - pad)
        .append("\" font-size=\"11\">0</text>");
    svg.append(series(found, max, width, height, pad, "#b00020", "found"));
    svg.append(series(revoked, max, width, height, pad, "#1b5e20", "revoked"));
    svg.append("<text x=\"")
        .append(pad)
        .append("\" y=\"")
        .append(height - pad + 16)
        .append("\" font-size=\"11\">")
        .append(esc(day(runs.get(0).startedAt)))
        .append("</text><text x=\"")
        .append(width - 80)
        .append("\" y=\"")
        .append(height - pad + 16)
        .append("\" font-size=\"11\">")
        .append(esc(day(runs.get(runs.size() - 1).startedAt)))
        .append("</text>");
    svg.append("<text x=\"")
        .append(pad + 8)
        .append("\" y=\"")
        .append(height - 6)
        .append("\" font-size=\"11\" fill=\"#b00020\">found</text>")
        .append("<text x=\"")
        .append(pad + 60)
        .append("\" y=\"")
        .append(height - 6)
        .append("\" font-size=\"11\" fill=\"#1b5e20\">revoked</text>")
        .append("<text x=\"")
        .append(pad + 130)
        .append("\" y=\"")
        .append(height - 6)
        .append("\" font-size=\"11\">")
        .append(runs.size())
        .append(" sweeps</text>");
    return svg.append("</svg>\n").toString();
  }

  private static String series(
      int[] values, int max, int width, int height, int pad, String color, String name) {
    StringBuilder points = new StringBuilder();
    StringBuilder dots = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      double x =
          values.length == 1
              ? pad + (width - pad - 10) / 2.0
              : pad + i * (double) (width - pad - 10) / (values.length - 1);
      double y = (height - pad) - values[i] * (double) (height - pad - 10) / max;
      points.append(String.format(java.util.Locale.ROOT, "%.1f,%.1f ", x, y));
      dots.append(
          String.format(
              java.util.Locale.ROOT,
              "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>",
              name,
              x,
              y,
              color));
    }
    return "<polyline fill=\"none\" stroke=\""
        + color
        + "\" stroke-width=\"2\" points=\""
        + points.toString().trim()
        + "\"/>"
        + dots;
  }

  private static String day(String instant) {
    return instant == null
        ? ""
        : java.time.Instant.parse(instant).atZone(ZoneOffset.UTC).toLocalDate().toString();
  }

  private static String num(int n) {
    return "<td class=\"n\">" + n + "</td>";
  }

  static String esc(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder s = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> s.append("&lt;");
        case '>' -> s.append("&gt;");
        case '&' -> s.append("&amp;");
        case '"' -> s.append("&quot;");
        case '\'' -> s.append("&#39;");
        default -> s.append(c);
      }
    }
    return s.toString();
  }
}
