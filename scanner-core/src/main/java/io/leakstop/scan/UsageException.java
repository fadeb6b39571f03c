package io.leakstop.scan;

import io.leakstop.ExitCodes;

/**
 * A mistake in what was asked (an option's value, a file it names, options that exclude each
 * other): reported as one line with exit code {@link ExitCodes#USAGE}.
 */
public class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
