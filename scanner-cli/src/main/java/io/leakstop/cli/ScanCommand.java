package io.leakstop.cli;

import io.leakstop.report.RepositoryLinks;
import io.leakstop.rules.Config;
import io.leakstop.ExitCodes;
import io.leakstop.finding.ScanResult;
import io.leakstop.scan.Scanner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code leakstop scan}: source → detector → filters → verify/revoke → report. Each group of options lives in its
 * own mixin; this class only wires them in pipeline order.
 */
@Command(
    name = "scan",
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
    output.validate();
    Path root = sources.root();
    Config settings = detection.config(root);
    Scanner scanner = detection.scanner(settings).withFilters(detection.filters(root));
    ScanResult result = scanner.scan(sources.source(root, settings, detection.threads(main.err), main.in, main.err));
    result = issuers.apply(result, main.env);
    int exit = output.emit(result, main.out, main.err, RepositoryLinks.discover(root, main.env), main.env);
    if (exit == ExitCodes.FINDINGS) {
      sources.afterReport(result, main.err);
    }
    return exit;
  }
}
