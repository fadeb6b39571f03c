package io.leakstop.cli;

import io.leakstop.issuer.IssuerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** How to call issuers, shared by {@code scan --verify/--revoke} and {@code revoke}. */
final class IssuerCallOptions {
  @Option(names = "--dry-run", description = "With revocation: show what would be revoked, send no revocation.")
  boolean dryRun;

  @Option(names = "--audit-log", paramLabel = "FILE",
      description = "Append revocation attempts to FILE (default: $XDG_STATE_HOME/leakstop/audit.jsonl or ~/.local/state/leakstop/audit.jsonl).")
  Path auditLog;

  @Option(names = "--verify-timeout", paramLabel = "DURATION",
      description = "Give up asking issuers after DURATION, e.g. 30s or 2m (default 60s); unanswered secrets are unknown.")
  String verifyTimeout;

  IssuerOptions options(Map<String, String> env, Consumer<String> notices) {
    IssuerOptions options = IssuerOptions.defaults(env).withDryRun(dryRun).withNotices(notices);
    if (verifyTimeout != null) {
      options = options.withDeadline(parseDuration(verifyTimeout));
    }
    return auditLog == null ? options : options.withAuditLog(auditLog);
  }

  /** {@code 45}, {@code 45s}, {@code 500ms}, {@code 2m}. */
  static Duration parseDuration(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      Duration d;
      if (t.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      } else if (t.endsWith("s")) {
        d = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
      } else if (t.endsWith("m")) {
        d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
      } else {
        d = Duration.ofSeconds(Long.parseLong(t));
      }
      if (d.isNegative() || d.isZero()) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new Main.UsageError("--verify-timeout: '" + text + "' is not a duration (e.g. 30s, 2m, 500ms)");
    }
  }
}
