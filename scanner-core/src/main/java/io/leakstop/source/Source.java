package io.leakstop.source;

import java.io.IOException;

/** Something to scan: files on disk, standard input, git history, the staged index. */
public interface Source {
  /** A short description for summaries, e.g. the scanned path. */
  String describe();

  /**
   * Delivers every fragment to {@code sink}, possibly from several threads, and returns when all
   * were delivered. Per-item problems go to {@link FragmentSink#failed}; an exception means the
   * source as a whole could not be read.
   */
  void feed(FragmentSink sink) throws IOException;
}
