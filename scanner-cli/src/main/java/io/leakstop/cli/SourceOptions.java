package io.leakstop.cli;

import io.leakstop.rules.Config;
import io.leakstop.source.FileSource;
import io.leakstop.source.PathFilter;
import io.leakstop.source.Source;
import io.leakstop.source.StreamSource;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What to scan: a path (files or git), or standard input. */
final class SourceOptions {
  @Parameters(index = "0", arity = "0..1", paramLabel = "PATH", description = "What to scan (default: the current folder).")
  Path path;

  @Option(names = "--files", description = "Scan the files under PATH as they are on disk.")
  boolean files;

  @Option(names = "--stdin", description = "Scan standard input (e.g. a CI log), reported as <stdin>.")
  boolean stdin;

  /** The scanned root, or null for standard input. */
  Path root() {
    if (stdin) {
      if (files || path != null) {
        throw new Main.UsageError("--stdin scans standard input; it takes no PATH or --files");
      }
      return null;
    }
    Path root = path == null ? Path.of(".") : path;
    if (!Files.exists(root)) {
      throw new Main.UsageError(root + ": no such file or directory");
    }
    return root;
  }

  Source source(Path root, Config settings, int threads, InputStream in) {
    if (root == null) {
      return new StreamSource("<stdin>", in);
    }
    return new FileSource(root, new PathFilter(settings.excludes()), settings.maxFileSize(), threads);
  }
}
