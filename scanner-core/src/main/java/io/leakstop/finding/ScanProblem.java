package io.leakstop.finding;

/** Something that could not be scanned, and why. Never contains a secret. */
public record ScanProblem(String where, String message) {
  @Override
  public String toString() {
    return where + ": " + message;
  }
}
