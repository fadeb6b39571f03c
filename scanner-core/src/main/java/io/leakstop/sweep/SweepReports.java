package io.leakstop.sweep;

import io.leakstop.finding.Finding;
import io.leakstop.finding.ScanProblem;
import io.leakstop.finding.ScanResult;
import io.leakstop.finding.ScanStats;
import io.leakstop.report.ReportOptions;
import io.leakstop.report.Reporter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a sweep's reports into a folder: {@code sweep.html}, and for each format {@code
 * combined.EXT} plus {@code repos/NAME.EXT} per repository with findings (EXT: json, sarif, txt,
 * junit.xml, md, github.txt). Each is written to a temporary file and renamed, so a reader never
 * sees half a report.
 */
public final class SweepReports {
  private SweepReports() {}

  public static List<Path> write(
      Sweep.Outcome outcome, Path dir, List<Reporter> reporters, ReportOptions options)
      throws IOException {
    Files.createDirectories(dir.resolve("repos"));
    List<Path> written = new ArrayList<>();
    written.add(html(outcome.state(), dir.resolve("sweep.html")));
    List<Finding> all = new ArrayList<>();
    outcome.findings().values().forEach(all::addAll);
    List<ScanProblem> problems = new ArrayList<>(outcome.problems());
    for (Sweep.RepoOutcome repo : outcome.repositories()) {
      if (!repo.ok()) {
        problems.add(new ScanProblem(repo.key(), repo.error()));
      }
    }
    ScanResult combined = result("sweep", all, problems);
    Map<String, String> names = fileNames(outcome.findings().keySet());
    for (Reporter reporter : reporters) {
      String ext = extension(reporter.format());
      written.add(report(reporter, combined, options, dir.resolve("combined." + ext)));
      for (Map.Entry<String, List<Finding>> repo : outcome.findings().entrySet()) {
        Path file = dir.resolve("repos").resolve(names.get(repo.getKey()) + "." + ext);
        written.add(
            report(reporter, result(repo.getKey(), repo.getValue(), List.of()), options, file));
      }
    }
    return written;
  }

  /**
   * owner_name per repository key; where two keys would share one, both get their mirror's hash.
   */
  static Map<String, String> fileNames(java.util.Collection<String> keys) {
    Map<String, String> names = new java.util.TreeMap<>();
    Map<String, Integer> uses = new java.util.HashMap<>();
    for (String key : keys) {
      String name = Target.of(key).shortName().replaceAll("[^A-Za-z0-9._-]+", "_");
      names.put(key, name);
      uses.merge(name, 1, Integer::sum);
    }
    MirrorCache naming = new MirrorCache(Path.of("."));
    names.replaceAll(
        (key, name) ->
            uses.get(name) == 1
                ? name
                : naming.folder(Target.of(key)).getFileName().toString().replaceAll("\\.git$", ""));
    return names;
  }

  public static Path html(SweepState state, Path file) throws IOException {
    Path temp = temp(file);
    try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
      HtmlReport.write(state, out);
    }
    return publish(temp, file);
  }

  private static ScanResult result(
      String source, List<Finding> findings, List<ScanProblem> problems) {
    long items = findings.size();
    return new ScanResult(
        source,
        findings,
        new ScanStats(items, 0, 0, List.of(), 0, Duration.ZERO),
        problems,
        List.of());
  }

  private static Path report(Reporter reporter, ScanResult result, ReportOptions options, Path file)
      throws IOException {
    Path temp = temp(file);
    try (OutputStream out = Files.newOutputStream(temp)) {
      reporter.write(result, options, out);
    }
    return publish(temp, file);
  }

  private static String extension(String format) {
    return switch (format) {
      case "text" -> "txt";
      case "github" -> "github.txt";
      case "junit" -> "junit.xml";
      case "markdown" -> "md";
      default -> format;
    };
  }

  private static Path temp(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    return Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
  }

  private static Path publish(Path temp, Path file) throws IOException {
    Files.move(
        temp,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return file;
  }
}
