package io.leakstop.scan;

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
 */
public record ScanStats(
    long fragments, long bytes, long skippedBinary, List<String> tooLarge, long filtered, Duration elapsed) {
  public ScanStats {
    tooLarge = List.copyOf(tooLarge);
  }

  public double megabytesPerSecond() {
    double seconds = Math.max(elapsed.toNanos(), 1) / 1e9;
    return bytes / 1e6 / seconds;
  }
}
