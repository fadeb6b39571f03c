package io.leakstop.cli;

import io.leakstop.scan.ExitCodes;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * gitleaks' command names over leakstop's scan: {@code leakstop dir PATH -r report.json} does what
 * {@code gitleaks dir PATH -r report.json} did, with gitleaks' report fields, ignore file and exit
 * code. Each sets the scan's source mode, maps gitleaks' flags, then runs {@link ScanCommand}.
 */
final class GitleaksCommands {
  private GitleaksCommands() {}

  /** The shared part: gitleaks' flags onto scan's options, and gitleaks' exit code for leaks. */
  abstract static class GitleaksScan extends ScanCommand {
    @Mixin GitleaksOptions gitleaks;

    /** Sets the source mode (files, history, staged, standard input). */
    abstract void chooseSource();

    @Override
    public Integer call() throws IOException {
      chooseSource();
      if (gitleaks.reportPath != null) {
        if (output.output != null) {
          throw new Main.UsageError("-r and --report-path name the same report; give one");
        }
        output.output = gitleaks.reportPath;
      }
      String given = gitleaks.format != null ? gitleaks.format : "text".equals(output.format) ? null : output.format;
      output.format = GitleaksOptions.format(given, output.output);
      if (gitleaks.maxTargetMegabytes != null) {
        detection.maxFileSize = gitleaks.maxTargetMegabytes + "MB";
      }
      detection.gitleaksIgnore = gitleaks.ignorePath;
      int code = super.call();
      return code == ExitCodes.FINDINGS ? gitleaks.exitCode : code;
    }
  }

  @Command(name = "dir", description = "gitleaks-compatible: scans the files under PATH as they are on disk (scan --files).", sortOptions = false)
  static final class Dir extends GitleaksScan {
    @Override
    void chooseSource() {
      sources.files = true;
    }
  }

  @Command(name = "stdin", description = "gitleaks-compatible: scans standard input (scan --stdin).", sortOptions = false)
  static final class Stdin extends GitleaksScan {
    @Override
    void chooseSource() {
      sources.stdin = true;
    }
  }
}
