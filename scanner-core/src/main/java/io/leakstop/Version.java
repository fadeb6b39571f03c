package io.leakstop;

/** leakstop's own version, as built. */
public final class Version {
  private Version() {}

  public static String current() {
    String version = Version.class.getPackage().getImplementationVersion();
    return version == null ? "0.1.0" : version;
  }
}
