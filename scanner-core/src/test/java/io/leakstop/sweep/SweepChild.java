package io.leakstop.sweep;

import io.leakstop.sweep.SweepFixture.RecordingIssuer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A sweep in its own JVM, for tests that kill it: {@code WORK JOURNAL DELAY_MS URL...}. The
 * issuer journal lets the test count revocations the killed process made.
 */
public final class SweepChild {
  private SweepChild() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    RecordingIssuer issuer = new RecordingIssuer(Path.of(args[1]), Long.parseLong(args[2]));
    List<Target> targets = new ArrayList<>();
    for (int i = 3; i < args.length; i++) {
      targets.add(Target.of(args[i]));
    }
    List<String> log = new ArrayList<>();
    Sweep.Outcome outcome = new Sweep(SweepFixture.settings(targets, Shard.ALL, work, "state.json", issuer, true, log)).run();
    System.exit(outcome.exitCode());
  }
}
