package io.leakstop.github;

import io.leakstop.report.MarkdownReporter;
import io.leakstop.report.ReportOptions;
import io.leakstop.report.RepositoryLinks;
import io.leakstop.report.SarifReporter;
import io.leakstop.scan.FailPolicy;
import io.leakstop.scan.ScanResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The GitHub Actions driver: reads the runner's environment, picks the range the event asks for
 * ({@link EventRange}), and after the scan publishes what a workflow reads: the SARIF file, the job
 * summary table and the step outputs {@code findings}, {@code new}, {@code active} and {@code sarif-file}.
 */
public final class GithubAction {
  private GithubAction() {}

  /**
   * The runner's environment, as far as leakstop reads it.
   *
   * @param stepSummary GITHUB_STEP_SUMMARY, null when not set (then no summary is written)
   * @param output GITHUB_OUTPUT, null when not set (then no outputs are written)
   * @param apiUrl GITHUB_API_URL (GitHub Enterprise); verification reads it for the GitHub issuer
   */
  public record Environment(String eventName, Path eventPath, Path workspace, Path stepSummary, Path output,
      String apiUrl, RepositoryLinks links) {

    /** From the environment; {@code workspace} overrides GITHUB_WORKSPACE when not null. */
    public static Environment from(Map<String, String> env, Path workspace) {
      Path root = workspace != null ? workspace : path(env, "GITHUB_WORKSPACE");
      if (root == null) {
        throw new ActionException("GITHUB_WORKSPACE is not set: run `leakstop github-action` in a GitHub Actions job, or pass --repo");
      }
      if (!Files.isDirectory(root)) {
        throw new ActionException(root + ": the workspace is not a folder (did the job run actions/checkout?)");
      }
      String api = env.getOrDefault("GITHUB_API_URL", "https://api.github.com");
      Map<String, String> web = new LinkedHashMap<>(env);
      if (!web.containsKey("GITHUB_SERVER_URL") && api.matches("https?://[^/]+/api/v3/?")) {
        web.put("GITHUB_SERVER_URL", api.replaceFirst("/api/v3/?$", ""));
      }
      RepositoryLinks links = RepositoryLinks.discover(root, web);
      return new Environment(env.get("GITHUB_EVENT_NAME"), path(env, "GITHUB_EVENT_PATH"), root,
          path(env, "GITHUB_STEP_SUMMARY"), path(env, "GITHUB_OUTPUT"), api, links);
    }

    private static Path path(Map<String, String> env, String name) {
      String value = env.get(name);
      return value == null || value.isBlank() ? null : Path.of(value);
    }
  }

  /** Reads the event and decides what to scan; {@link ActionException} says what to fix when it cannot. */
  public static ScanRange plan(Environment env) {
    GithubEvent event = GithubEvent.read(env.eventName(), env.eventPath());
    FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(env.workspace().toFile());
    if (builder.getGitDir() == null) {
      throw new ActionException(env.workspace() + " is not a git repository: add an actions/checkout step before leakstop");
    }
    try (Repository repo = builder.build()) {
      return EventRange.plan(event, repo);
    } catch (IOException e) {
      throw new ActionException(env.workspace() + ": cannot open the repository: " + e.getMessage());
    }
  }

  /**
   * Writes the SARIF file, appends the job summary and the step outputs. Files the runner did not
   * name are skipped.
   */
  public static void publish(ScanResult result, ReportOptions options, FailPolicy policy, ScanRange range,
      Path sarifFile, Environment env) throws IOException {
    Path parent = sarifFile.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream out = Files.newOutputStream(sarifFile)) {
      new SarifReporter().write(result, options, out);
    }
    if (env.stepSummary() != null) {
      ByteArrayOutputStream table = new ByteArrayOutputStream();
      new MarkdownReporter().write(result, options, table);
      String text = table.toString(StandardCharsets.UTF_8)
          + "\n<sub>Scanned " + range.description() + "; fails on " + policy.on().label() + " findings.</sub>\n";
      append(env.stepSummary(), text);
    }
    if (env.output() != null) {
      Map<String, String> outputs = new LinkedHashMap<>();
      outputs.put("findings", Integer.toString(result.findings().size()));
      outputs.put("new", Long.toString(result.findings().stream().filter(f -> !options.baseline().isKnown(f)).count()));
      outputs.put("active", Long.toString(result.findings().stream().filter(FailPolicy::isActive).count()));
      outputs.put("sarif-file", sarifFile.toAbsolutePath().toString());
      writeOutputs(env.output(), outputs);
    }
  }

  /** Appends step outputs in the runner's file format; multi-line values use a random delimiter. */
  static void writeOutputs(Path file, Map<String, String> outputs) throws IOException {
    StringBuilder s = new StringBuilder();
    for (Map.Entry<String, String> e : outputs.entrySet()) {
      if (e.getValue().indexOf('\n') < 0 && e.getValue().indexOf('\r') < 0) {
        s.append(e.getKey()).append('=').append(e.getValue()).append('\n');
      } else {
        String delimiter = "ghadelimiter_" + UUID.randomUUID();
        s.append(e.getKey()).append("<<").append(delimiter).append('\n').append(e.getValue()).append('\n')
            .append(delimiter).append('\n');
      }
    }
    append(file, s.toString());
  }

  private static void append(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
