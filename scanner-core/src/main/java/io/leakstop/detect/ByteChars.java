package io.leakstop.detect;

import java.nio.charset.StandardCharsets;

/**
 * A view of bytes as chars, one char per byte (ISO-8859-1), so that regex offsets are byte offsets
 * and no window is copied before matching. Secrets are ASCII; anything else only needs to not
 * match.
 */
final class ByteChars implements CharSequence {
  private final byte[] data;
  private final int offset;
  private final int length;

  ByteChars(byte[] data, int offset, int length) {
    this.data = data;
    this.offset = offset;
    this.length = length;
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public char charAt(int index) {
    return (char) (data[offset + index] & 0xff);
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return new ByteChars(data, offset + start, end - start);
  }

  @Override
  public String toString() {
    return new String(data, offset, length, StandardCharsets.ISO_8859_1);
  }
}
