package io.leakstop.sweep;

import io.leakstop.finding.Finding;
import java.util.List;

/**
 * Asks issuers about secrets, a batch at a time: are they live; and revoke them where policy
 * allows.
 */
public interface SecretChecks {
  /** The same findings, each with a verification. */
  List<Finding> verify(List<Finding> findings);

  /**
   * The same findings, each with a revocation: revoked, or why not (policy, not supported).
   * Findings come verified; only live ones are passed.
   */
  List<Finding> revoke(List<Finding> findings);
}
