package io.leakstop.sweep;

import io.leakstop.finding.Finding;
import io.leakstop.issuer.IssuerOptions;
import io.leakstop.issuer.Revoker;
import io.leakstop.issuer.Verifier;
import java.util.List;

/**
 * The sweep's checks done by the issuers themselves: {@link Verifier} and {@link Revoker} (which
 * applies the catalogue's revocation policy and keeps the audit log).
 */
public final class IssuerChecks implements SecretChecks {
  private final Verifier verifier;
  private final Revoker revoker;

  /**
   * @throws IllegalArgumentException when an issuer URL from the environment is not acceptable
   */
  public IssuerChecks(IssuerOptions options) {
    this.verifier = Verifier.create(options);
    this.revoker = Revoker.create(options);
  }

  @Override
  public List<Finding> verify(List<Finding> findings) {
    return verifier.verify(findings);
  }

  @Override
  public List<Finding> revoke(List<Finding> findings) {
    return revoker.revoke(findings);
  }
}
