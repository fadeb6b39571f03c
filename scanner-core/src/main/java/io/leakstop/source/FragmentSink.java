package io.leakstop.source;

/** Where a source delivers fragments and news of what it left out. Thread-safe. */
public interface FragmentSink {
  void accept(Fragment fragment);

  /**
   * A file at {@code path}, whatever its content, size or kind and whether it is read at all: rules
   * that flag a file by its path alone (a key store) judge it here. Sources call this once for each
   * file they consider, after their path excludes and before the binary and size checks; {@code
   * provenance} locates the file (at line 1, column 1).
   */
  default void file(String path, Provenance provenance) {}

  /**
   * Content deliberately not scanned (binary, over the size limit, a symbolic link): said in the
   * summary.
   */
  void skipped(String where, SkipReason reason);

  /** Content that could not be read: the scan goes on but is incomplete. */
  void failed(String where, String problem);

  /** Something the user should know about the scan's coverage, said once (e.g. a shallow clone). */
  default void notice(String message) {}

  enum SkipReason {
    BINARY,
    TOO_LARGE,
    /**
     * A symbolic link met inside a scanned tree: not followed, so nothing outside the tree is read.
     */
    SYMLINK
  }
}
