package io.leakstop.rules;

/**
 * An offline validator for token formats that embed a checksum. A token that fails it cannot have
 * been issued, so it is never reported.
 */
public interface Checksum {
  /** The name rules use to refer to this validator. */
  String name();

  boolean isValid(String token);

  /**
   * Appends the checksum to a token that lacks it. Tests use this to build valid tokens at run time
   * instead of committing any.
   */
  String complete(String tokenWithoutChecksum);
}
