package io.leakstop.cli;

import io.leakstop.scan.Pipeline;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code leakstop revoke}: revokes secrets from a JSON report made with --show-secrets, or one per
 * line.
 */
@Command(
    name = "revoke",
    addMethodSubcommands = false,
    description = {
      "Revokes leaked secrets with their issuers: those in a JSON report written with --show-secrets, "
          + "or one secret per line. Each secret is verified first; only live ones are revoked.",
      "Exit codes: 0 nothing failed, 2 bad input, 3 a revocation failed."
    },
    sortOptions = false)
final class RevokeCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "FILE",
      description = "Report or list of secrets (default: standard input).")
  Path file;

  @Mixin IssuerCallOptions calls;
  @Mixin OutputOptions output;

  @Override
  public Integer call() throws IOException {
    return new Pipeline(main.console()).revoke(file, calls.calls(), output.outputs()).exitCode();
  }
}
