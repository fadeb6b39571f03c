package io.leakstop.scan;

import io.leakstop.ExitCodes;
import io.leakstop.finding.Baseline;
import io.leakstop.finding.Finding;
import io.leakstop.finding.ScanResult;
import io.leakstop.finding.Verification;
import java.util.List;
import java.util.Locale;

/**
 * Which findings fail a run ({@code --fail-on}), and so the exit code: 3 when the scan was
 * incomplete, else 1 when any finding fails, else 0.
 *
 * @param baseline known findings; {@link Baseline#NONE} makes every finding new
 */
public record FailPolicy(FailOn on, Baseline baseline) {
  public enum FailOn {
    /** Findings not in the baseline (without a baseline: all of them). */
    NEW,
    /**
     * Findings their issuer confirmed live, known or not: a live credential needs rotating either
     * way.
     */
    ACTIVE,
    /** Every finding, known or not. */
    ANY;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static FailOn parse(String label) {
      try {
        return valueOf(label.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown --fail-on value '" + label + "' (expected new, active or any)");
      }
    }
  }

  public FailPolicy {
    baseline = baseline == null ? Baseline.NONE : baseline;
  }

  /** Fails on new findings: with no baseline, that is every finding. */
  public static final FailPolicy DEFAULT = new FailPolicy(FailOn.NEW, Baseline.NONE);

  public boolean fails(Finding finding) {
    return switch (on) {
      case NEW -> !baseline.isKnown(finding);
      case ACTIVE -> isActive(finding);
      case ANY -> true;
    };
  }

  public static boolean isActive(Finding finding) {
    Verification v = finding.verification();
    return v != null && v.status() == Verification.Status.ACTIVE;
  }

  public List<Finding> failing(ScanResult result) {
    return result.findings().stream().filter(this::fails).toList();
  }

  public int exitCode(ScanResult result) {
    return ExitCodes.of(result.complete(), !failing(result).isEmpty());
  }

  /**
   * A warning when the policy cannot mean what the user likely wants: {@code active} with findings
   * none of which was verified never fails. Null when there is nothing to say.
   */
  public String warning(ScanResult result) {
    if (on == FailOn.ACTIVE
        && !result.findings().isEmpty()
        && result.findings().stream().allMatch(f -> f.verification() == null)) {
      return "--fail-on active: no finding was verified (add --verify), so none can fail the run";
    }
    return null;
  }
}
