package io.leakstop.detect;

/**
 * Byte offsets {@code [start, end)} in the scanned bytes.
 *
 * @param start offset of the first byte
 * @param end offset just past the last byte
 */
public record Span(int start, int end) {
  /** The span of a candidate that has no place in the bytes (a rule that flags a path alone). */
  public static final Span NONE = new Span(0, 0);

  public Span {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("not a span: [" + start + ", " + end + ")");
    }
  }

  public int length() {
    return end - start;
  }

  /** Whether {@code other} lies wholly inside this span. */
  public boolean contains(Span other) {
    return other.start >= start && other.end <= end;
  }

  /** Whether the two spans share a byte. */
  public boolean overlaps(Span other) {
    return other.start < end && other.end > start;
  }
}
