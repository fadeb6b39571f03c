package io.leakstop.issuer;

import io.leakstop.finding.Finding;
import io.leakstop.finding.Verification;
import io.leakstop.testing.CatalogueSimulator;
import io.leakstop.testing.Tokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Benchmark, not a test: verifies 1,000 distinct GitHub tokens against the simulator answering each
 * request after 50 ms, with the default options (catalogue concurrency, 32 for GitHub). Target:
 * under 5 s wall. Run: {@code java -cp
 * scanner-core/target/classes:scanner-core/target/test-classes:$(cat cp.txt)
 * io.leakstop.issuer.VerifyBench}
 */
public final class VerifyBench {
  private VerifyBench() {}

  public static void main(String[] args) {
    int tokens = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int latencyMs = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    try (CatalogueSimulator github = CatalogueSimulator.start("github")) {
      github.latency(Duration.ofMillis(latencyMs));
      for (int round = 1; round <= 3; round++) {
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < tokens; i++) {
          String token = Tokens.githubPat();
          if (i % 2 == 0) {
            github.live(token);
          }
          findings.add(Findings.of("github-pat", "github", token));
        }
        github.clearRequests();
        Verifier verifier =
            Verifier.create(
                IssuerOptions.defaults(Map.of(github.env().getKey(), github.env().getValue())));
        long started = System.nanoTime();
        List<Finding> out = verifier.verify(findings);
        double seconds = (System.nanoTime() - started) / 1e9;
        long active =
            out.stream()
                .filter(f -> f.verification().status() == Verification.Status.ACTIVE)
                .count();
        long unknown =
            out.stream()
                .filter(f -> f.verification().status() == Verification.Status.UNKNOWN)
                .count();
        double serial = tokens * latencyMs / 1000.0;
        System.out.printf(
            "round %d: %d tokens, %d ms latency: %.2f s wall (%d requests, %d active, %d unknown, in flight max %d); serial would be %.0f s, %.1fx faster%n",
            round,
            tokens,
            latencyMs,
            seconds,
            github.requests().size(),
            active,
            unknown,
            github.maxInFlight(),
            serial,
            serial / seconds);
      }
    }
  }
}
