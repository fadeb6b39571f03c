package io.leakstop.finding;

import java.time.Duration;
import java.util.List;

/**
 * What a scan covered.
 *
 * @param fragments files or blobs scanned
 * @param bytes bytes scanned
 * @param skippedBinary binary files or blobs left out
 * @param tooLarge paths left out for exceeding the size limit
 * @param filtered findings dropped by allow comments and filters
 * @param skippedSymlinks symbolic links met inside a scanned tree, not followed
 */
public record ScanStats(
    long fragments,
    long bytes,
    long skippedBinary,
    List<String> tooLarge,
    long filtered,
    Duration elapsed,
    long skippedSymlinks) {
  public ScanStats {
    tooLarge = List.copyOf(tooLarge);
  }

  /** Stats of a source that has no symbolic links to skip (git objects, a stream). */
  public ScanStats(
      long fragments,
      long bytes,
      long skippedBinary,
      List<String> tooLarge,
      long filtered,
      Duration elapsed) {
    this(fragments, bytes, skippedBinary, tooLarge, filtered, elapsed, 0);
  }
}
