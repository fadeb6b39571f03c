package io.leakstop.cli;

import io.leakstop.scan.ThreadCount;
import io.leakstop.sweep.SweepRequest;
import io.leakstop.sweep.SweepRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code leakstop sweep}: maps the options onto a {@link SweepRequest} and runs it ({@link
 * SweepRun}).
 */
@Command(
    name = "sweep",
    addMethodSubcommands = false,
    description = {
      "Sweeps many repositories: mirrors them, scans only history no earlier sweep scanned, verifies and (with --revoke) revokes, and reports.",
      "Tokens for listing and cloning come only from the environment: GITHUB_TOKEN, GITLAB_TOKEN (GITHUB_API_URL, GITLAB_API_URL for self-hosted)."
    },
    sortOptions = false)
final class SweepCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Option(
      names = "--targets",
      paramLabel = "FILE",
      description = "Git URLs or local paths, one per line; # starts a comment.")
  Path targets;

  @Option(
      names = "--github-org",
      paramLabel = "ORG",
      description = "Every repository of a GitHub organisation (GITHUB_API_URL for Enterprise).")
  List<String> githubOrgs = new ArrayList<>();

  @Option(
      names = "--gitlab-group",
      paramLabel = "GROUP",
      description =
          "Every project of a GitLab group and its subgroups (GITLAB_API_URL for self-managed).")
  List<String> gitlabGroups = new ArrayList<>();

  @Option(names = "--include-forks", description = "Also sweep forks.")
  boolean includeForks;

  @Option(names = "--include-archived", description = "Also sweep archived repositories.")
  boolean includeArchived;

  @Option(
      names = "--cache",
      paramLabel = "DIR",
      description = "Mirror cache (default: .leakstop-sweep/cache).")
  Path cache = Path.of(".leakstop-sweep", "cache");

  @Option(
      names = "--state",
      paramLabel = "FILE",
      description =
          "State file (default: .leakstop-sweep/state.json; with --shard K/N, state-K-of-N.json).")
  Path state;

  @Option(
      names = "--shard",
      paramLabel = "K/N",
      description = "Sweep only shard K of N (1-based; auto/N takes K from JOB_COMPLETION_INDEX).")
  String shard;

  @Option(
      names = "--report-dir",
      paramLabel = "DIR",
      description =
          "Where reports go (default: .leakstop-sweep/report): sweep.html, combined.EXT, repos/NAME.EXT.")
  Path reportDir = Path.of(".leakstop-sweep", "report");

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      split = ",",
      description = "Report formats besides HTML (default: json); repeatable.")
  List<String> formats = new ArrayList<>(List.of("json"));

  @Option(
      names = "--revoke",
      description = "Revoke the live secrets whose issuer allows it. Cannot be undone.")
  boolean revoke;

  @Option(
      names = "--no-verify",
      description = "Do not ask issuers whether secrets are live (and so revoke nothing).")
  boolean noVerify;

  @Mixin IssuerCallOptions calls;

  @Option(
      names = "--show-secrets",
      description = "Put secrets in full into the reports (never into the state or the HTML).")
  boolean showSecrets;

  @Option(
      names = "--parallel",
      paramLabel = "N",
      description = "Repositories fetched and scanned at once (default 4).")
  int parallel = 4;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "Threads scanning each repository's history (default: all cores; at most "
              + ThreadCount.PER_CORE
              + " per core).")
  int threads = ThreadCount.cores();

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description =
          "Config file (rules, allowlists, size limit); never taken from the swept repositories.")
  Path config;

  @Override
  public Integer call() throws IOException {
    SweepRequest request =
        SweepRequest.builder()
            .targets(targets)
            .githubOrgs(githubOrgs)
            .gitlabGroups(gitlabGroups)
            .includeForks(includeForks)
            .includeArchived(includeArchived)
            .cache(cache)
            .state(state)
            .shard(shard)
            .reportDir(reportDir)
            .formats(formats)
            .revoke(revoke)
            .verify(!noVerify)
            .calls(calls.calls())
            .showSecrets(showSecrets)
            .parallel(parallel)
            .threads(threads)
            .config(config)
            .build();
    return SweepRun.run(request, main.console());
  }
}
