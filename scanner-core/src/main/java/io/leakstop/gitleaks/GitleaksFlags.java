package io.leakstop.gitleaks;

import java.nio.file.Path;
import java.util.Locale;

/**
 * What gitleaks' command-line flags mean in leakstop's terms, for a CLI that accepts them so that a
 * CI script calling gitleaks works after the binary is renamed. A flag leakstop cannot honour is an
 * {@link IllegalArgumentException} whose message is the one-line usage error.
 */
public final class GitleaksFlags {
  private GitleaksFlags() {}

  /**
   * What gitleaks' {@code --log-opts} (arguments to {@code git log}) asks for, in scan's terms;
   * null fields for none.
   */
  public record LogOpts(String range, String since, String branch) {}

  /**
   * Reads the {@code git log} arguments CI scripts pass to gitleaks: a range {@code A..B}, one ref,
   * {@code --since}/{@code --after}, and {@code --all}/{@code --branches} (leakstop scans every ref
   * anyway). Anything else would change what is scanned in a way scan cannot express, so it is a
   * usage error (IllegalArgumentException) rather than silently ignored.
   */
  public static LogOpts logOpts(String text) {
    String range = null;
    String since = null;
    String branch = null;
    String[] words = text == null ? new String[0] : text.trim().split("\\s+");
    for (int i = 0; i < words.length; i++) {
      String w = words[i];
      if (w.isEmpty()
          || w.equals("--all")
          || w.equals("--branches")
          || w.equals("--tags")
          || w.equals("--remotes")) {
        continue;
      }
      if (w.startsWith("--since=") || w.startsWith("--after=")) {
        since = w.substring(w.indexOf('=') + 1);
      } else if ((w.equals("--since") || w.equals("--after")) && i + 1 < words.length) {
        since = words[++i];
      } else if (w.contains("..") && !w.startsWith("-")) {
        range = w;
      } else if (!w.startsWith("-") && branch == null) {
        branch = w;
      } else {
        throw new IllegalArgumentException(
            "--log-opts: '"
                + w
                + "' is not supported; leakstop takes a range A..B, one ref, --since DATE or --all");
      }
    }
    if (range != null && branch != null) {
      throw new IllegalArgumentException("--log-opts: give a range A..B or one ref, not both");
    }
    return new LogOpts(range, since, branch);
  }

  /**
   * The leakstop format for gitleaks' {@code --report-format}: {@code json} is gitleaks' own JSON
   * (scripts read its fields); without a format, gitleaks picks one by the report file's extension.
   * Null: neither given, so leakstop's default for standard output.
   */
  public static String reportFormat(String gitleaksFormat, Path reportPath) {
    if (gitleaksFormat == null) {
      String name =
          reportPath == null ? "" : reportPath.getFileName().toString().toLowerCase(Locale.ROOT);
      if (name.endsWith(".sarif")) {
        return "sarif";
      }
      if (name.endsWith(".xml")) {
        return "junit";
      }
      return reportPath == null ? null : "gitleaks-json";
    }
    return switch (gitleaksFormat.toLowerCase(Locale.ROOT)) {
      case "json" -> "gitleaks-json";
      case "csv", "template" ->
          throw new IllegalArgumentException(
              "--report-format "
                  + gitleaksFormat
                  + ": not supported by leakstop; use json (gitleaks' fields), sarif or junit");
      default -> gitleaksFormat;
    };
  }

  /**
   * gitleaks' {@code --exit-code N}: the code for "leaks found" is {@code leaksFound}; others stay.
   */
  public static int exitCode(int leakstopCode, int leaksFound) {
    return leakstopCode == io.leakstop.ExitCodes.FINDINGS ? leaksFound : leakstopCode;
  }
}
