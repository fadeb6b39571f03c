package io.leakstop;

/** Exit codes shared by every command. */
public final class ExitCodes {
  public static final int CLEAN = 0;
  public static final int FINDINGS = 1;
  public static final int USAGE = 2;
  public static final int INCOMPLETE = 3;

  private ExitCodes() {}
}
