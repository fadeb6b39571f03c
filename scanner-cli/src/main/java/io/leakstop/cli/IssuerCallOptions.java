package io.leakstop.cli;

import io.leakstop.scan.IssuerPolicy;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How to call issuers, shared by {@code scan --verify/--revoke}, {@code revoke} and {@code sweep}.
 */
final class IssuerCallOptions {
  @Option(
      names = "--dry-run",
      description = "With revocation: show what would be revoked, send no revocation.")
  boolean dryRun;

  @Option(
      names = "--audit-log",
      paramLabel = "FILE",
      description =
          "Append revocation attempts to FILE (default: $XDG_STATE_HOME/leakstop/audit.jsonl or ~/.local/state/leakstop/audit.jsonl).")
  Path auditLog;

  @Option(
      names = "--verify-timeout",
      paramLabel = "DURATION",
      description =
          "Give up asking issuers after DURATION, e.g. 30s or 2m (default 60s); unanswered secrets are unknown.")
  String verifyTimeout;

  IssuerPolicy.Calls calls() {
    return new IssuerPolicy.Calls(dryRun, auditLog, verifyTimeout);
  }
}
