package io.leakstop.cli;

import io.leakstop.scan.Pipeline;
import io.leakstop.scan.ScanRequest;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code leakstop scan}: maps each group of options onto a {@link ScanRequest} and runs the {@link
 * Pipeline} (source → detector → filters → verify/revoke → report → exit code).
 */
@Command(
    name = "scan",
    addMethodSubcommands = false,
    description = "Scans files, standard input or a git repository for leaked secrets.",
    sortOptions = false)
class ScanCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Mixin SourceOptions sources;
  @Mixin DetectionOptions detection;
  @Mixin VerifyOptions issuers;
  @Mixin OutputOptions output;

  @Override
  public Integer call() throws IOException {
    ScanRequest request =
        ScanRequest.builder()
            .source(sources.choice(main.err))
            .detection(detection.detection())
            .issuers(issuers.policy())
            .outputs(output.outputs())
            .build();
    return new Pipeline(main.console()).run(request).exitCode();
  }
}
