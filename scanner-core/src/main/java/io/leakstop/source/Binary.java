package io.leakstop.source;

/** Tells binary content from text the way git does: a NUL byte in the first 8000 bytes. */
public final class Binary {
  /** How many leading bytes decide. */
  public static final int PROBE = 8000;

  private Binary() {}

  public static boolean isBinary(byte[] data, int length) {
    int n = Math.min(length, PROBE);
    for (int i = 0; i < n; i++) {
      if (data[i] == 0) {
        return true;
      }
    }
    return false;
  }
}
