package io.leakstop.detect;

/**
 * Where a candidate starts, as an editor shows it.
 *
 * @param line 1-based line
 * @param column 1-based column, in characters
 */
public record Position(int line, int column) {
  /** The position of a candidate not located yet. */
  public static final Position UNKNOWN = new Position(0, 0);
}
