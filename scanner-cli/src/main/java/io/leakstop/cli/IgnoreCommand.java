package io.leakstop.cli;

import io.leakstop.filter.IgnoreFile;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "ignore",
    addMethodSubcommands = false,
    description = {
      "Adds fingerprints to .leakstopignore at the repository root, each with the reason, so later scans leave them out.",
      "A fingerprint names a rule and a secret: the ignore survives moved lines and rebases, and a different secret is still reported."
    })
final class IgnoreCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Parameters(
      arity = "1..*",
      paramLabel = "FINGERPRINT",
      description = "Fingerprints as reports print them (rule-id:20 hex digits).")
  List<String> fingerprints;

  @Option(
      names = "--reason",
      required = true,
      paramLabel = "TEXT",
      description = "Why these are safe to ignore; kept beside each one.")
  String reason;

  @Option(
      names = "--file",
      paramLabel = "FILE",
      description =
          "The ignore file (default: .leakstopignore at the root of the repository holding the current folder).")
  Path file;

  @Override
  public Integer call() {
    Path target = file != null ? file : IgnoreFile.locate(Path.of(""));
    List<String> added;
    try {
      added =
          file != null
              ? IgnoreFile.append(file, fingerprints, reason)
              : IgnoreFile.appendInRepository(Path.of(""), fingerprints, reason);
    } catch (IllegalArgumentException e) {
      throw new Main.UsageError(e.getMessage());
    }
    for (String fp : fingerprints) {
      if (!added.contains(fp)) {
        main.out.println("already ignored: " + fp);
      }
    }
    main.out.println(
        "added "
            + added.size()
            + (added.size() == 1 ? " fingerprint" : " fingerprints")
            + " to "
            + target);
    main.out.flush();
    return 0;
  }
}
