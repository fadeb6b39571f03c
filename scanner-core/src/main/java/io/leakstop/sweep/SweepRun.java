package io.leakstop.sweep;

import io.leakstop.ExitCodes;
import io.leakstop.finding.ScanProblem;
import io.leakstop.report.Printable;
import io.leakstop.report.ReportOptions;
import io.leakstop.report.Reporter;
import io.leakstop.rules.Config;
import io.leakstop.scan.Console;
import io.leakstop.scan.IssuerPolicy;
import io.leakstop.scan.Reporters;
import io.leakstop.scan.Scanner;
import io.leakstop.scan.ThreadCount;
import io.leakstop.scan.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A {@link SweepRequest} carried out: checks it, lists the targets, runs the {@link Sweep}, writes
 * the reports and says what it did on standard error; returns the exit code ({@link
 * SweepSummary#exitCode}).
 */
public final class SweepRun {
  private SweepRun() {}

  public static int run(SweepRequest request, Console console) throws IOException {
    PrintStream err = console.err();
    List<Reporter> reporters = new ArrayList<>();
    for (String format : request.formats()) {
      reporters.add(
          Reporters.forFormat(format)
              .orElseThrow(
                  () ->
                      new UsageException(
                          "unknown format '"
                              + format
                              + "' (known: "
                              + String.join(", ", Reporters.formats())
                              + ")")));
    }
    if (!request.verify() && request.revoke()) {
      throw new UsageException(
          "--revoke needs verification; it cannot be combined with --no-verify");
    }
    if (request.calls().dryRun() && !request.revoke()) {
      throw new UsageException("--dry-run applies to --revoke");
    }
    Shard slice;
    try {
      slice = request.shard() == null ? Shard.ALL : Shard.parse(request.shard(), console.env());
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    if (request.targets() == null
        && request.githubOrgs().isEmpty()
        && request.gitlabGroups().isEmpty()) {
      throw new UsageException(
          "nothing to sweep: give --targets FILE, --github-org ORG or --gitlab-group GROUP");
    }
    Config settings =
        request.config() == null
            ? Config.DEFAULT
            : io.leakstop.gitleaks.ConfigFiles.load(request.config());
    GitCredentials credentials;
    try {
      credentials = new GitCredentials(console.env());
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    List<Target> all = new ArrayList<>();
    try {
      all.addAll(targets(request, console));
    } catch (IOException e) {
      console.notice(e.getMessage());
      return ExitCodes.INCOMPLETE;
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    Path stateFile =
        request.state() != null
            ? request.state()
            : Path.of(
                ".leakstop-sweep",
                slice.count() == 1
                    ? "state.json"
                    : "state-" + slice.index() + "-of-" + slice.count() + ".json");
    Consumer<String> log =
        line -> {
          synchronized (err) {
            console.notice(line);
            err.flush();
          }
        };
    int threads = ThreadCount.capped("--threads", request.threads(), console::notice);
    Sweep.Settings run =
        new Sweep.Settings(
            TargetList.distinct(all),
            slice,
            new MirrorCache(request.cache()),
            stateFile,
            credentials,
            Scanner.forConfig(settings),
            HistoryScan.of(settings, threads),
            checks(request, stateFile, console, log),
            request.revoke(),
            request.parallel(),
            Clock.systemUTC(),
            log);
    Sweep.Outcome outcome;
    try {
      outcome = new Sweep(run).run();
    } catch (StateStore.LockedException e) {
      console.notice(e.getMessage());
      return ExitCodes.INCOMPLETE;
    }
    SweepReports.write(
        outcome, request.reportDir(), reporters, new ReportOptions(request.showSecrets(), false));
    for (ScanProblem problem : outcome.problems()) {
      console.notice(Printable.escape(problem.toString()));
    }
    SweepSummary summary = SweepSummary.of(outcome.state(), Set.of(outcome.run().id));
    long failed = outcome.repositories().stream().filter(r -> !r.ok()).count();
    err.printf(
        "leakstop: swept %d repositories (shard %s)%s: %d new, %d active, %d revoked secrets; reports in %s%n",
        outcome.repositories().size(),
        slice,
        failed == 0 ? "" : ", " + failed + " FAILED",
        summary.newSecrets(),
        summary.activeSecrets(),
        summary.revokedSecrets(),
        request.reportDir());
    err.flush();
    return outcome.exitCode();
  }

  private static List<Target> targets(SweepRequest request, Console console) throws IOException {
    List<Target> all = new ArrayList<>();
    if (request.targets() != null) {
      all.addAll(TargetList.read(request.targets()));
    }
    HostedListing listing = new HostedListing(console.env());
    for (String org : request.githubOrgs()) {
      all.addAll(listing.githubOrg(org, request.includeForks(), request.includeArchived()));
    }
    for (String group : request.gitlabGroups()) {
      all.addAll(listing.gitlabGroup(group, request.includeForks(), request.includeArchived()));
    }
    return all;
  }

  /** Issuer checks; the audit log sits next to the state unless the request names one. */
  private static SecretChecks checks(
      SweepRequest request, Path stateFile, Console console, Consumer<String> log) {
    if (!request.verify()) {
      return null;
    }
    IssuerPolicy.Calls calls = request.calls();
    if (calls.auditLog() == null) {
      calls = calls.withAuditLog(stateFile.toAbsolutePath().resolveSibling("audit.jsonl"));
    }
    try {
      return new IssuerChecks(calls.options(console.env(), log));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
