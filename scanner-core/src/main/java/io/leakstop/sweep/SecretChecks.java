package io.leakstop.sweep;

import io.leakstop.finding.Finding;
import io.leakstop.finding.Revocation;
import io.leakstop.finding.Verification;

/** Asks issuers about secrets: is it live, and (when policy allows and the user asked) revoke it. */
public interface SecretChecks {
  Verification verify(Finding finding);

  /** Whether policy lets this finding's secret be revoked at all (some issuers' revocation has side effects). */
  boolean mayRevoke(Finding finding);

  Revocation revoke(Finding finding);
}
