package io.leakstop.issuer;

import io.leakstop.finding.Finding;
import io.leakstop.finding.Verification;
import io.leakstop.issuer.Catalogue.Family;
import io.leakstop.testing.CatalogueSecrets;
import io.leakstop.testing.CatalogueSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Benchmark, not a test: verifies {@code secrets} distinct secrets spread evenly over the first
 * {@code issuers} verifiable issuers of the catalogue, each a loopback {@link CatalogueSimulator}
 * answering every request after {@code latency} ms, with the default options (each issuer's
 * catalogue concurrency). Half the secrets are live. Target: 1,000 secrets, 20 issuers, 50 ms,
 * under 5 s. Run: {@code bench/verify-issuers.sh [secrets] [issuers] [latency-ms]}.
 */
public final class IssuersVerifyBench {
  private IssuersVerifyBench() {}

  public static void main(String[] args) {
    int secrets = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int issuerCount = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int latencyMs = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    Map<String, Family> families = new LinkedHashMap<>();
    for (Family f : Catalogue.builtin().families()) {
      // Secrets are varied by changing characters: only families checked with the secret alone (no
      // companions, no signature over a key) keep working that way, and only if the example leaves
      // enough characters to vary for three rounds of distinct secrets.
      boolean alone = f.verify() != null && f.companions().isEmpty() && f.host() == null;
      if (alone
          && !families.containsKey(f.issuer())
          && families.size() < issuerCount
          && variable(CatalogueSecrets.finding(f, 0).secret()) >= 5) {
        families.put(f.issuer(), f);
      }
    }
    if (families.size() < issuerCount) {
      throw new IllegalStateException(
          "the catalogue has only " + families.size() + " verifiable issuers");
    }
    List<CatalogueSimulator> simulators = new ArrayList<>();
    try {
      Map<String, String> env = new HashMap<>();
      Map<String, CatalogueSimulator> byIssuer = new HashMap<>();
      for (String issuer : families.keySet()) {
        CatalogueSimulator sim =
            CatalogueSimulator.start(Catalogue.builtin().issuers().get(issuer))
                .latency(Duration.ofMillis(latencyMs));
        simulators.add(sim);
        byIssuer.put(issuer, sim);
        env.put(sim.env().getKey(), sim.env().getValue());
      }
      SplittableRandom random = new SplittableRandom(17);
      Map<String, Finding> seeds = new HashMap<>();
      for (int round = 1; round <= 3; round++) {
        List<Finding> findings = new ArrayList<>();
        List<Family> order = new ArrayList<>(families.values());
        java.util.Set<String> distinct = new java.util.HashSet<>();
        for (int i = 0; i < secrets; i++) {
          Family family = order.get(i % order.size());
          Finding seed =
              seeds.computeIfAbsent(family.label(), l -> CatalogueSecrets.finding(family, 0));
          String secret;
          do {
            secret = variant(family, seed.secret(), random);
          } while (!distinct.add(secret) || byIssuer.get(family.issuer()).state(secret) != null);
          if (i % 2 == 0) {
            byIssuer.get(family.issuer()).live(secret);
          }
          findings.add(Findings.of(seed.ruleId(), family.issuer(), secret));
        }
        Verifier verifier = Verifier.create(IssuerOptions.defaults(env));
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
        double serial = secrets * latencyMs / 1000.0;
        System.out.printf(
            "round %d: %d secrets over %d issuers, %d ms latency: %.2f s wall (%d active, %d unknown); serial would be %.0f s, %.1fx faster%n",
            round,
            secrets,
            families.size(),
            latencyMs,
            seconds,
            active,
            unknown,
            serial,
            serial / seconds);
      }
    } finally {
      simulators.forEach(CatalogueSimulator::close);
    }
  }

  /** How many characters {@link #variant} may change: digits and hex letters in the last third. */
  static int variable(String example) {
    int n = 0;
    for (int i = example.length() * 2 / 3; i < example.length(); i++) {
      char c = example.charAt(i);
      n += (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ? 1 : 0;
    }
    return n;
  }

  /**
   * Another secret of the family's form: the last third of the example's characters, each replaced
   * by one of its kind.
   */
  static String variant(Family family, String example, SplittableRandom random) {
    for (int attempt = 0; attempt < 100; attempt++) {
      StringBuilder b = new StringBuilder(example);
      for (int i = example.length() * 2 / 3; i < b.length(); i++) {
        char c = b.charAt(i);
        if (c >= '0' && c <= '9') {
          b.setCharAt(i, (char) ('0' + random.nextInt(10)));
        } else if (c >= 'a' && c <= 'f') {
          b.setCharAt(i, (char) ('a' + random.nextInt(6)));
        } else if (c >= 'A' && c <= 'F') {
          b.setCharAt(i, (char) ('A' + random.nextInt(6)));
        }
      }
      String candidate = b.toString();
      if (family.accepts(candidate) && !candidate.equals(example)) {
        return candidate;
      }
    }
    throw new IllegalStateException(family.label() + ": cannot vary its example secret");
  }
}
