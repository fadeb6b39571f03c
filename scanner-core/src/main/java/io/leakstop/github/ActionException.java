package io.leakstop.github;

import io.leakstop.ExitCodes;

/** The action cannot run as configured; the message says what to change. Exit code 2. */
public final class ActionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ActionException(String message) {
    super(message);
  }

  public int exitCode() {
    return ExitCodes.USAGE;
  }
}
