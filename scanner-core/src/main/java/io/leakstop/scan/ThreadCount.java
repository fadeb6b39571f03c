package io.leakstop.scan;

import java.util.function.Consumer;

/**
 * How many threads a scan may use. More than a few per core only adds stacks and contention (a scan
 * reads and matches; it does not wait on the network), and a huge count would start that many
 * threads, or overflow the read-ahead bounds derived from it.
 */
public final class ThreadCount {
  public static final int PER_CORE = 4;

  private ThreadCount() {}

  /** The default: one thread per core. */
  public static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** The most threads a scan uses on this machine. */
  public static int max() {
    return PER_CORE * cores();
  }

  /** {@code requested}, at most {@link #max()}. */
  public static int capped(int requested) {
    return Math.min(requested, max());
  }

  /**
   * {@code requested}, at most {@link #max()}; when capped, says so to {@code notices}, naming
   * {@code option}.
   */
  public static int capped(String option, int requested, Consumer<String> notices) {
    String notice = notice(option, requested);
    if (notice != null) {
      notices.accept(notice);
    }
    return capped(requested);
  }

  /** What to tell the user when {@code requested} is capped, else null. */
  public static String notice(String option, int requested) {
    return requested > max()
        ? option + " " + requested + " is more than " + PER_CORE + " per core; using " + max()
        : null;
  }
}
