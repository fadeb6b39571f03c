package io.leakstop.source;

import java.util.Locale;

/**
 * What a scan says of a file it ran out of memory on. The file is left out and named as a problem
 * (the scan is then incomplete, exit 3); the heap its array and the detector's work took is free
 * again once the reading thread lets go of them, so the rest of the scan goes on.
 */
public final class OutOfMemory {
  private OutOfMemory() {}

  /** The problem line for a file of {@code size} bytes (negative when unknown). */
  public static String problem(long size) {
    String what = size >= 0 ? " (" + mib(size) + ")" : "";
    return "not scanned: out of memory reading it"
        + what
        + " with a heap of at most "
        + mib(Runtime.getRuntime().maxMemory())
        + "; give Java more (LEAKSTOP_JAVA_OPTS=-Xmx…) or leave it out (--max-file-size, --exclude)";
  }

  /** The problem line when the scan ran out of memory outside any one file's reading. */
  public static String incomplete() {
    return "out of memory with a heap of at most "
        + mib(Runtime.getRuntime().maxMemory())
        + ": the scan is incomplete; give Java more (LEAKSTOP_JAVA_OPTS=-Xmx…)";
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }
}
