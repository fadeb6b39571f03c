package io.leakstop.sweep;

import io.leakstop.issuer.IssuerOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A sweep with revocation in its own JVM, for tests that kill it: {@code WORK GITHUB_ISSUER_URL
 * URL...}; the GitHub issuer (a simulator) is reached through {@code LEAKSTOP_GITHUB_URL}.
 */
public final class SweepChild {
  private SweepChild() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    IssuerChecks issuer =
        new IssuerChecks(
            IssuerOptions.defaults(Map.of("LEAKSTOP_GITHUB_URL", args[1]))
                .withAuditLog(work.resolve("audit.jsonl")));
    List<Target> targets = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      targets.add(Target.of(args[i]));
    }
    Sweep.Outcome outcome =
        new Sweep(
                SweepFixture.settings(
                    targets, Shard.ALL, work, "state.json", issuer, true, new ArrayList<>()))
            .run();
    System.exit(outcome.exitCode());
  }
}
