package io.leakstop.source;

/**
 * Bytes to scan and where they came from. {@code path} is the display path used by path-scoped
 * allowlists and messages; it is null when the same content lives at several paths (a git blob),
 * and path rules then apply to each location that {@code provenance} gives. {@code lineage}, when
 * not null, says how the bytes were built from an earlier fragment's (see {@link Lineage}).
 */
public record Fragment(
    byte[] bytes, int length, String path, Provenance provenance, Lineage lineage) {
  public Fragment(byte[] bytes, int length, String path, Provenance provenance) {
    this(bytes, length, path, provenance, null);
  }

  public static Fragment of(String path, byte[] bytes) {
    return new Fragment(bytes, bytes.length, path, Provenance.file(path));
  }
}
