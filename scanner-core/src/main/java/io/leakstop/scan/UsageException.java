package io.leakstop.scan;

/**
 * A mistake in what was asked (an option's value, a file it names, options that exclude each
 * other): reported as one line with exit code {@link ExitCodes#USAGE}.
 */
public class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}
