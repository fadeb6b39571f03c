package io.leakstop.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.leakstop.ExitCodes;
import io.leakstop.finding.Baseline;
import io.leakstop.finding.Finding;
import io.leakstop.finding.ScanProblem;
import io.leakstop.finding.ScanResult;
import io.leakstop.finding.Verification;
import io.leakstop.scan.FailPolicy.FailOn;
import io.leakstop.testing.Findings;
import io.leakstop.testing.Tokens;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FailPolicyTest {
  private final Finding known =
      Findings.inFile("github-pat", "github", Tokens.githubPat(), "a", 1, 1);
  private final Finding fresh = Findings.inFile("npm-token", "npm", Tokens.npm(), "b", 1, 1);
  private final Baseline baseline = Baseline.of("old.json", Set.of(known.fingerprint()));

  private static Finding verified(Finding f, Verification.Status status) {
    return f.withVerification(new Verification(status, null, List.of(), null, null, Map.of()));
  }

  @Test
  void newFailsOnlyOnFindingsOutsideTheBaseline() {
    FailPolicy policy = new FailPolicy(FailOn.NEW, baseline);
    assertEquals(ExitCodes.CLEAN, policy.exitCode(Findings.result(List.of(known))));
    assertEquals(ExitCodes.FINDINGS, policy.exitCode(Findings.result(List.of(known, fresh))));
    assertEquals(List.of(fresh), policy.failing(Findings.result(List.of(known, fresh))));
    assertEquals(
        ExitCodes.FINDINGS,
        FailPolicy.DEFAULT.exitCode(Findings.result(List.of(known))),
        "no baseline: all are new");
  }

  @Test
  void activeFailsOnlyOnLiveSecretsKnownOrNot() {
    FailPolicy policy = new FailPolicy(FailOn.ACTIVE, baseline);
    ScanResult dead =
        Findings.result(
            List.of(
                verified(fresh, Verification.Status.INACTIVE),
                verified(known, Verification.Status.UNKNOWN)));
    assertEquals(ExitCodes.CLEAN, policy.exitCode(dead));
    assertEquals(
        ExitCodes.FINDINGS,
        policy.exitCode(Findings.result(List.of(verified(known, Verification.Status.ACTIVE)))));
    assertNull(policy.warning(dead));
    assertNotNull(
        policy.warning(Findings.result(List.of(fresh))),
        "without --verify nothing can be active: say so");
  }

  @Test
  void anyFailsOnEveryFindingAndIncompleteWins() {
    assertEquals(
        ExitCodes.FINDINGS,
        new FailPolicy(FailOn.ANY, baseline).exitCode(Findings.result(List.of(known))));
    ScanResult incomplete =
        new ScanResult(
            "x",
            List.of(),
            Findings.result(List.of()).stats(),
            List.of(new ScanProblem("p", "bad")),
            List.of());
    assertEquals(ExitCodes.INCOMPLETE, new FailPolicy(FailOn.ANY, baseline).exitCode(incomplete));
    assertEquals(FailOn.ACTIVE, FailOn.parse(" Active "));
    assertEquals(
        "unknown --fail-on value 'some' (expected new, active or any)",
        assertThrows(IllegalArgumentException.class, () -> FailOn.parse("some")).getMessage());
  }
}
