package io.leakstop.cli;

import io.leakstop.scan.IssuerPolicy;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What to ask the issuers: verify, keep only live secrets, revoke; mapped onto {@link
 * IssuerPolicy}.
 */
final class VerifyOptions {
  @Option(
      names = "--verify",
      description = "Ask each secret's issuer whether it is live (read-only requests).")
  boolean verify;

  @Option(
      names = "--only-active",
      description = "Report only secrets the issuer says are live (implies --verify).")
  boolean onlyActive;

  @Option(
      names = "--revoke",
      description =
          "Verify, then revoke the live secrets whose issuer allows it. Cannot be undone.")
  boolean revoke;

  @Mixin IssuerCallOptions calls;

  IssuerPolicy policy() {
    return IssuerPolicy.builder()
        .verify(verify)
        .onlyActive(onlyActive)
        .revoke(revoke)
        .calls(calls.calls())
        .build();
  }
}
