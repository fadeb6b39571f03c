package io.leakstop.sweep;

import io.leakstop.issuer.IssuerOptions;
import io.leakstop.rules.Config;
import io.leakstop.scan.Scanner;
import io.leakstop.testing.CatalogueSimulator;
import io.leakstop.testing.GitRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Repositories on disk, a scanner that knows GitHub tokens, and settings for sweeps over them. */
final class SweepFixture {
  static final Scanner SCANNER = Scanner.forConfig(Config.DEFAULT);

  private SweepFixture() {}

  /**
   * Commits {@code files} (path, content, path, content…) to the repository at {@code dir},
   * creating it if needed.
   */
  static String commit(Path dir, String message, String... files) throws IOException {
    GitRepo repo = Files.isDirectory(dir.resolve(".git")) ? GitRepo.at(dir) : GitRepo.init(dir);
    for (int i = 0; i < files.length; i += 2) {
      repo.write(files[i], files[i + 1]);
    }
    return repo.commitAll(message);
  }

  static Sweep.Settings settings(
      List<Target> targets,
      Shard shard,
      Path work,
      String stateName,
      SecretChecks checks,
      boolean revoke,
      List<String> log) {
    return new Sweep.Settings(
        targets,
        shard,
        new MirrorCache(work.resolve("cache")),
        work.resolve(stateName),
        new GitCredentials(Map.of()),
        SCANNER,
        HistoryScan.of(Config.DEFAULT, 2),
        checks,
        revoke,
        2,
        Clock.systemUTC(),
        log::add);
  }

  /** Real verification and revocation, pointed at {@code simulator}, auditing next to the state. */
  static IssuerChecks issuer(CatalogueSimulator simulator, Path work) {
    return new IssuerChecks(
        IssuerOptions.defaults(Map.ofEntries(simulator.env()))
            .withAuditLog(work.resolve("audit.jsonl")));
  }

  /** How many times each token was sent to be revoked. */
  static Map<String, Integer> revocations(CatalogueSimulator simulator) {
    Map<String, Integer> counts = new java.util.TreeMap<>();
    simulator.bodyTokens().forEach(t -> counts.merge(t, 1, Integer::sum));
    return counts;
  }

  static List<String> keys(List<Target> targets) {
    List<String> out = new ArrayList<>();
    targets.forEach(t -> out.add(t.key()));
    return out;
  }
}
