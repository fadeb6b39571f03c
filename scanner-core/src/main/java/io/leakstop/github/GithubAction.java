package io.leakstop.github;

import io.leakstop.finding.Finding;
import io.leakstop.finding.ScanResult;
import io.leakstop.finding.ScanStats;
import io.leakstop.report.MarkdownReporter;
import io.leakstop.report.ReportOptions;
import io.leakstop.report.RepositoryLinks;
import io.leakstop.report.SarifReporter;
import io.leakstop.scan.FailPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The GitHub Actions driver: reads the runner's environment, picks the range the event asks for
 * ({@link EventRange}), and after the scan publishes what a workflow reads: the SARIF file, the job
 * summary table and the step outputs {@code findings}, {@code new}, {@code active} and {@code
 * sarif-file}.
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
  public record Environment(
      String eventName,
      Path eventPath,
      Path workspace,
      Path stepSummary,
      Path output,
      String apiUrl,
      RepositoryLinks links) {

    /** From the environment; {@code workspace} overrides GITHUB_WORKSPACE when not null. */
    public static Environment from(Map<String, String> env, Path workspace) {
      Path root = workspace != null ? workspace : path(env, "GITHUB_WORKSPACE");
      if (root == null) {
        throw new ActionException(
            "GITHUB_WORKSPACE is not set: run `leakstop github-action` in a GitHub Actions job, or pass --repo");
      }
      if (!Files.isDirectory(root)) {
        throw new ActionException(
            root + ": the workspace is not a folder (did the job run actions/checkout?)");
      }
      String api = env.getOrDefault("GITHUB_API_URL", "https://api.github.com");
      Map<String, String> web = new LinkedHashMap<>(env);
      if (!web.containsKey("GITHUB_SERVER_URL") && api.matches("https?://[^/]+/api/v3/?")) {
        web.put("GITHUB_SERVER_URL", api.replaceFirst("/api/v3/?$", ""));
      }
      RepositoryLinks links = RepositoryLinks.discover(root, web);
      return new Environment(
          env.get("GITHUB_EVENT_NAME"),
          path(env, "GITHUB_EVENT_PATH"),
          root,
          path(env, "GITHUB_STEP_SUMMARY"),
          path(env, "GITHUB_OUTPUT"),
          api,
          links);
    }

    private static Path path(Map<String, String> env, String name) {
      String value = env.get(name);
      return value == null || value.isBlank() ? null : Path.of(value);
    }
  }

  /**
   * Reads the event and decides what to scan; {@link ActionException} says what to fix when it
   * cannot.
   */
  public static ScanRange plan(Environment env) {
    GithubEvent event = GithubEvent.read(env.eventName(), env.eventPath());
    FileRepositoryBuilder builder =
        new FileRepositoryBuilder().findGitDir(env.workspace().toFile());
    if (builder.getGitDir() == null) {
      throw new ActionException(
          env.workspace()
              + " is not a git repository: add an actions/checkout step before leakstop");
    }
    try (Repository repo = builder.build()) {
      return EventRange.plan(event, repo);
    } catch (IOException e) {
      throw new ActionException(
          env.workspace() + ": cannot open the repository: " + e.getMessage());
    }
  }

  /**
   * Leaves out findings in content the force-pushed branch already had: a blob anywhere in the
   * replaced history was pushed and scanned before, so its rebased copy is not a new leak.
   */
  public static ScanResult withoutReplaced(ScanResult result, Environment env, ScanRange range) {
    if (range.replaced().isEmpty() || result.findings().isEmpty()) {
      return result;
    }
    Set<String> seen = new HashSet<>();
    FileRepositoryBuilder builder =
        new FileRepositoryBuilder().findGitDir(env.workspace().toFile());
    try (Repository repo = builder.build();
        RevWalk walk = new RevWalk(repo);
        TreeWalk tree = new TreeWalk(repo)) {
      for (String tip : range.replaced()) {
        walk.markStart(walk.parseCommit(ObjectId.fromString(tip)));
      }
      for (String head : range.refs()) {
        walk.markUninteresting(walk.parseCommit(repo.resolve(head)));
      }
      tree.setRecursive(true);
      for (RevCommit commit : walk) {
        tree.reset(commit.getTree());
        while (tree.next()) {
          if (tree.getFileMode(0).getObjectType() == Constants.OBJ_BLOB) {
            seen.add(tree.getObjectId(0).name());
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      return withNotice(
          result,
          "could not read the replaced history ("
              + e.getMessage()
              + "); every finding in the push is listed");
    }
    List<Finding> fresh =
        result.findings().stream()
            .filter(f -> f.location().blobId() == null || !seen.contains(f.location().blobId()))
            .toList();
    int dropped = result.findings().size() - fresh.size();
    ScanResult kept = result.withFindings(fresh);
    return dropped == 0
        ? kept
        : withNotice(
            kept,
            dropped
                + (dropped == 1 ? " finding" : " findings")
                + " in content the branch had before the force push left out (reported when first pushed)");
  }

  private static ScanResult withNotice(ScanResult result, String notice) {
    List<String> notices = new java.util.ArrayList<>(result.notices());
    notices.add(notice);
    return new ScanResult(
        result.source(), result.findings(), result.stats(), result.problems(), notices);
  }

  /** The result of a run that had nothing to scan (a deleted branch). */
  public static ScanResult nothingScanned(ScanRange range) {
    return new ScanResult(
        range.description(),
        List.of(),
        new ScanStats(0, 0, 0, List.of(), 0, Duration.ZERO),
        List.of(),
        List.of());
  }

  /**
   * Writes the SARIF file, appends the job summary and the step outputs. Files the runner did not
   * name are skipped.
   */
  public static void publish(
      ScanResult result,
      ReportOptions options,
      FailPolicy policy,
      ScanRange range,
      Path sarifFile,
      Environment env)
      throws IOException {
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
      String text =
          table.toString(StandardCharsets.UTF_8)
              + "\n<sub>Scanned "
              + range.description()
              + "; fails on "
              + policy.on().label()
              + " findings.</sub>\n";
      append(env.stepSummary(), text);
    }
    if (env.output() != null) {
      Map<String, String> outputs = new LinkedHashMap<>();
      outputs.put("findings", Integer.toString(result.findings().size()));
      outputs.put(
          "new",
          Long.toString(
              result.findings().stream().filter(f -> !options.baseline().isKnown(f)).count()));
      outputs.put(
          "active", Long.toString(result.findings().stream().filter(FailPolicy::isActive).count()));
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
        s.append(e.getKey())
            .append("<<")
            .append(delimiter)
            .append('\n')
            .append(e.getValue())
            .append('\n')
            .append(delimiter)
            .append('\n');
      }
    }
    append(file, s.toString());
  }

  private static void append(Path file, String text) throws IOException {
    Files.writeString(
        file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
