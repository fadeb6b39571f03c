package io.leakstop;

/** Exit codes shared by every command, and the one rule that picks among them. */
public final class ExitCodes {
  public static final int CLEAN = 0;
  public static final int FINDINGS = 1;
  public static final int USAGE = 2;
  public static final int INCOMPLETE = 3;

  private ExitCodes() {}

  /**
   * 3 when the run did not complete (something was left out, a revocation failed), else 1 when
   * anything fails the run (by the fail policy; for a sweep, a new or still active secret), else 0.
   */
  public static int of(boolean complete, boolean failing) {
    if (!complete) {
      return INCOMPLETE;
    }
    return failing ? FINDINGS : CLEAN;
  }
}
