package io.leakstop.cli;

import io.leakstop.finding.Finding;
import io.leakstop.finding.Revocation;
import io.leakstop.issuer.IssuerOptions;
import io.leakstop.scan.RevocationInput;
import io.leakstop.rules.Config;
import io.leakstop.ExitCodes;
import io.leakstop.finding.ScanProblem;
import io.leakstop.finding.ScanResult;
import io.leakstop.finding.ScanStats;
import io.leakstop.scan.Scanner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code leakstop revoke}: revokes secrets from a JSON report made with --show-secrets, or one per line. */
@Command(
    name = "revoke",
    description = {
      "Revokes leaked secrets with their issuers: those in a JSON report written with --show-secrets, "
          + "or one secret per line. Each secret is verified first; only live ones are revoked.",
      "Exit codes: 0 nothing failed, 2 bad input, 3 a revocation failed."},
    sortOptions = false)
final class RevokeCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "Report or list of secrets (default: standard input).")
  Path file;

  @Mixin IssuerCallOptions calls;
  @Mixin OutputOptions output;

  @Override
  public Integer call() throws IOException {
    output.reporter();
    long started = System.nanoTime();
    String name = file == null ? "<stdin>" : file.toString();
    String text;
    try {
      text = file == null ? new String(main.in.readAllBytes(), StandardCharsets.UTF_8) : Files.readString(file);
    } catch (IOException e) {
      throw new Main.UsageError(name + ": cannot read: " + e.getMessage());
    }
    RevocationInput.Parsed input;
    try {
      input = RevocationInput.parse(name, text, Scanner.forConfig(Config.DEFAULT));
    } catch (IllegalArgumentException e) {
      throw new Main.UsageError(e.getMessage());
    }
    Set<String> notices = new LinkedHashSet<>(input.notices());
    IssuerOptions options = calls.options(main.env, notices::add);
    List<Finding> findings = input.findings().isEmpty() ? List.of() : VerifyOptions.run(input.findings(), options, true);
    List<String> allNotices = new ArrayList<>(notices);
    allNotices.add(VerifyOptions.summary(findings));
    List<ScanProblem> problems = VerifyOptions.failures(findings);
    ScanStats stats = new ScanStats(1, text.length(), 0, List.of(), 0, Duration.ofNanos(System.nanoTime() - started));
    output.emit(new ScanResult(name, findings, stats, problems, allNotices), main.out, main.err, null, main.env);
    boolean failed = findings.stream().anyMatch(f -> f.revocation() != null && f.revocation().status() == Revocation.Status.FAILED);
    return failed ? ExitCodes.INCOMPLETE : ExitCodes.CLEAN;
  }
}
