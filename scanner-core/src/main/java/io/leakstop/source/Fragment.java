package io.leakstop.source;

/**
 * Bytes to scan and where they came from. {@code path} is the display path used by path-scoped
 * allowlists and messages.
 */
public record Fragment(byte[] bytes, int length, String path, Provenance provenance) {
  public static Fragment of(String path, byte[] bytes) {
    return new Fragment(bytes, bytes.length, path, Provenance.file(path));
  }
}
