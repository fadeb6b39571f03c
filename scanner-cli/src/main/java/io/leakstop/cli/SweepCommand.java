package io.leakstop.cli;

import io.leakstop.gitleaks.ConfigFiles;
import io.leakstop.report.Printable;
import io.leakstop.report.ReportOptions;
import io.leakstop.report.Reporter;
import io.leakstop.scan.Reporters;
import io.leakstop.rules.Config;
import io.leakstop.ExitCodes;
import io.leakstop.finding.ScanProblem;
import io.leakstop.scan.Scanner;
import io.leakstop.sweep.GitCredentials;
import io.leakstop.sweep.HistoryScan;
import io.leakstop.sweep.HostedListing;
import io.leakstop.sweep.IssuerChecks;
import io.leakstop.sweep.MirrorCache;
import io.leakstop.sweep.SecretChecks;
import io.leakstop.sweep.Shard;
import io.leakstop.sweep.StateStore;
import io.leakstop.sweep.Sweep;
import io.leakstop.sweep.SweepReports;
import io.leakstop.sweep.SweepSummary;
import io.leakstop.sweep.Target;
import io.leakstop.sweep.TargetList;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code leakstop sweep}: parses the options, runs {@link Sweep}, prints what it did. */
@Command(
    name = "sweep",
    description = {
      "Sweeps many repositories: mirrors them, scans only history no earlier sweep scanned, verifies and (with --revoke) revokes, and reports.",
      "Tokens for listing and cloning come only from the environment: GITHUB_TOKEN, GITLAB_TOKEN (GITHUB_API_URL, GITLAB_API_URL for self-hosted)."
    },
    sortOptions = false)
final class SweepCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Option(names = "--targets", paramLabel = "FILE", description = "Git URLs or local paths, one per line; # starts a comment.")
  Path targets;

  @Option(names = "--github-org", paramLabel = "ORG", description = "Every repository of a GitHub organisation (GITHUB_API_URL for Enterprise).")
  List<String> githubOrgs = new ArrayList<>();

  @Option(names = "--gitlab-group", paramLabel = "GROUP", description = "Every project of a GitLab group and its subgroups (GITLAB_API_URL for self-managed).")
  List<String> gitlabGroups = new ArrayList<>();

  @Option(names = "--include-forks", description = "Also sweep forks.")
  boolean includeForks;

  @Option(names = "--include-archived", description = "Also sweep archived repositories.")
  boolean includeArchived;

  @Option(names = "--cache", paramLabel = "DIR", description = "Mirror cache (default: .leakstop-sweep/cache).")
  Path cache = Path.of(".leakstop-sweep", "cache");

  @Option(names = "--state", paramLabel = "FILE", description = "State file (default: .leakstop-sweep/state.json; with --shard K/N, state-K-of-N.json).")
  Path state;

  @Option(names = "--shard", paramLabel = "K/N", description = "Sweep only shard K of N (1-based; auto/N takes K from JOB_COMPLETION_INDEX).")
  String shard;

  @Option(names = "--report-dir", paramLabel = "DIR", description = "Where reports go (default: .leakstop-sweep/report): sweep.html, combined.EXT, repos/NAME.EXT.")
  Path reportDir = Path.of(".leakstop-sweep", "report");

  @Option(names = "--format", paramLabel = "FORMAT", split = ",", description = "Report formats besides HTML (default: json); repeatable.")
  List<String> formats = new ArrayList<>(List.of("json"));

  @Option(names = "--revoke", description = "Revoke the live secrets whose issuer allows it. Cannot be undone.")
  boolean revoke;

  @Option(names = "--no-verify", description = "Do not ask issuers whether secrets are live (and so revoke nothing).")
  boolean noVerify;

  @Mixin IssuerCallOptions calls;

  @Option(names = "--show-secrets", description = "Put secrets in full into the reports (never into the state or the HTML).")
  boolean showSecrets;

  @Option(names = "--parallel", paramLabel = "N", description = "Repositories fetched and scanned at once (default 4).")
  int parallel = 4;

  @Option(names = "--threads", paramLabel = "N", description = "Threads scanning each repository's history (default: all cores; at most 4 per core).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Config file (rules, allowlists, size limit); never taken from the swept repositories.")
  Path config;

  @Override
  public Integer call() throws IOException {
    PrintStream err = main.err;
    List<Reporter> reporters = new ArrayList<>();
    for (String format : formats) {
      reporters.add(Reporters.forFormat(format)
          .orElseThrow(() -> new Main.UsageError("unknown format '" + format + "' (known: " + String.join(", ", Reporters.formats()) + ")")));
    }
    if (noVerify && revoke) {
      throw new Main.UsageError("--revoke needs verification; it cannot be combined with --no-verify");
    }
    if (calls.dryRun && !revoke) {
      throw new Main.UsageError("--dry-run applies to --revoke");
    }
    Shard slice;
    try {
      slice = shard == null ? Shard.ALL : Shard.parse(shard, main.env);
    } catch (IllegalArgumentException e) {
      throw new Main.UsageError(e.getMessage());
    }
    if (targets == null && githubOrgs.isEmpty() && gitlabGroups.isEmpty()) {
      throw new Main.UsageError("nothing to sweep: give --targets FILE, --github-org ORG or --gitlab-group GROUP");
    }
    Config settings = config == null ? Config.DEFAULT : ConfigFiles.load(config);
    GitCredentials credentials;
    try {
      credentials = new GitCredentials(main.env);
    } catch (IllegalArgumentException e) {
      throw new Main.UsageError(e.getMessage());
    }
    List<Target> all = new ArrayList<>();
    try {
      if (targets != null) {
        all.addAll(TargetList.read(targets));
      }
      HostedListing listing = new HostedListing(main.env);
      for (String org : githubOrgs) {
        all.addAll(listing.githubOrg(org, includeForks, includeArchived));
      }
      for (String group : gitlabGroups) {
        all.addAll(listing.gitlabGroup(group, includeForks, includeArchived));
      }
    } catch (IOException e) {
      err.println("leakstop: " + e.getMessage());
      return ExitCodes.INCOMPLETE;
    } catch (IllegalArgumentException e) {
      throw new Main.UsageError(e.getMessage());
    }
    Path stateFile = state != null ? state
        : Path.of(".leakstop-sweep", slice.count() == 1 ? "state.json" : "state-" + slice.index() + "-of-" + slice.count() + ".json");
    Consumer<String> log = line -> {
      synchronized (err) {
        err.println("leakstop: " + line);
        err.flush();
      }
    };
    Sweep.Settings run = new Sweep.Settings(TargetList.distinct(all), slice, new MirrorCache(cache), stateFile, credentials,
        Scanner.forConfig(settings), HistoryScan.of(settings, DetectionOptions.cappedThreads("--threads", threads, err)), checks(stateFile, log), revoke, parallel, Clock.systemUTC(), log);
    Sweep.Outcome outcome;
    try {
      outcome = new Sweep(run).run();
    } catch (StateStore.LockedException e) {
      err.println("leakstop: " + e.getMessage());
      return ExitCodes.INCOMPLETE;
    }
    SweepReports.write(outcome, reportDir, reporters, new ReportOptions(showSecrets, false));
    for (ScanProblem problem : outcome.problems()) {
      err.println("leakstop: " + Printable.escape(problem.toString()));
    }
    SweepSummary summary = SweepSummary.of(outcome.state(), java.util.Set.of(outcome.run().id));
    long failed = outcome.repositories().stream().filter(r -> !r.ok()).count();
    err.printf("leakstop: swept %d repositories (shard %s)%s: %d new, %d active, %d revoked secrets; reports in %s%n",
        outcome.repositories().size(), slice, failed == 0 ? "" : ", " + failed + " FAILED", summary.newSecrets(), summary.activeSecrets(),
        summary.revokedSecrets(), reportDir);
    err.flush();
    return outcome.exitCode();
  }

  /** Issuer checks; the audit log sits next to the state unless --audit-log says otherwise. */
  private SecretChecks checks(Path stateFile, Consumer<String> log) {
    if (noVerify) {
      return null;
    }
    if (calls.auditLog == null) {
      calls.auditLog = stateFile.toAbsolutePath().resolveSibling("audit.jsonl");
    }
    try {
      return new IssuerChecks(calls.options(main.env, log));
    } catch (IllegalArgumentException e) {
      throw new Main.UsageError(e.getMessage());
    }
  }
}
