package io.leakstop.sweep;

import io.leakstop.finding.Finding;
import io.leakstop.finding.Revocation;
import io.leakstop.finding.Verification;
import io.leakstop.detect.Detector;
import io.leakstop.rules.Config;
import io.leakstop.rules.RuleSet;
import io.leakstop.scan.Scanner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/** Repositories on disk, a scanner that knows GitHub tokens, and settings for sweeps over them. */
final class SweepFixture {
  /** Only this rule, so the tests do not depend on the catalogue's contents. */
  static final Scanner SCANNER = new Scanner(new Detector(RuleSet.of(RuleSet.parse("sweep-test.yaml", """
      rules:
        - id: sweep-test-github-pat
          description: GitHub personal access token
          issuer: github
          severity: high
          keywords: [ghp_]
          regex: '\\b(ghp_[A-Za-z0-9]{36})\\b'
          checksum: github
          examples:
            match: ['t = ghp_{{checksum}}']
            no-match: ['ghp_short']
      """))), List.of());

  private SweepFixture() {}

  /** Commits {@code files} (path, content, path, content…) to the working-tree repository at {@code dir}, creating it if needed. */
  static String commit(Path dir, String message, String... files) throws IOException {
    try (Git git = Files.isDirectory(dir.resolve(".git")) ? Git.open(dir.toFile()) : Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
      for (int i = 0; i < files.length; i += 2) {
        Path file = dir.resolve(files[i]);
        Files.createDirectories(file.getParent());
        Files.writeString(file, files[i + 1]);
      }
      git.add().addFilepattern(".").call();
      PersonIdent who = new PersonIdent("Alice Example", "alice@example.com");
      return git.commit().setMessage(message).setAuthor(who).setCommitter(who).call().name();
    } catch (GitAPIException e) {
      throw new IOException(e);
    }
  }

  static Sweep.Settings settings(List<Target> targets, Shard shard, Path work, String stateName, SecretChecks checks, boolean revoke, List<String> log) {
    return new Sweep.Settings(targets, shard, new MirrorCache(work.resolve("cache")), work.resolve(stateName), new GitCredentials(Map.of()),
        SCANNER, NewHistorySource.scan(Config.DEFAULT_MAX_FILE_SIZE), checks, revoke, 2, Clock.systemUTC(), log::add);
  }

  /**
   * An issuer for tests: every secret is live until revoked; revocations are appended (and
   * forced to disk) to a file, so a test can count them across processes, even killed ones.
   */
  static final class RecordingIssuer implements SecretChecks {
    private final Path journal;
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private final long delayMillis;

    RecordingIssuer(Path journal, long delayMillis) throws IOException {
      this.journal = journal;
      this.delayMillis = delayMillis;
      if (Files.exists(journal)) {
        revoked.addAll(Files.readAllLines(journal));
      }
    }

    @Override
    public List<Finding> verify(List<Finding> findings) {
      pause();
      List<Finding> out = new ArrayList<>();
      for (Finding finding : findings) {
        boolean dead = revoked.contains(finding.secret());
        out.add(finding.withVerification(new Verification(dead ? Verification.Status.INACTIVE : Verification.Status.ACTIVE, dead ? null : "octocat",
            List.of("repo"), null, dead ? "revoked" : null, Map.of())));
      }
      return out;
    }

    @Override
    public List<Finding> revoke(List<Finding> findings) {
      pause();
      List<Finding> out = new ArrayList<>();
      for (Finding finding : findings) {
        out.add(finding.withRevocation(revokeOne(finding)));
      }
      return out;
    }

    Revocation revokeOne(Finding finding) {
      try (var out = java.nio.channels.FileChannel.open(journal, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
        out.write(java.nio.ByteBuffer.wrap((finding.secret() + "\n").getBytes(StandardCharsets.UTF_8)));
        out.force(true);
      } catch (IOException e) {
        return new Revocation(Revocation.Status.FAILED, e.getMessage(), null, Instant.now());
      }
      revoked.add(finding.secret());
      return new Revocation(Revocation.Status.REVOKED, null, "req-" + revoked.size(), Instant.now());
    }

    /** How many times each secret was revoked, in every process that used the journal. */
    Map<String, Integer> revocations() throws IOException {
      Map<String, Integer> counts = new java.util.TreeMap<>();
      if (Files.exists(journal)) {
        for (String line : Files.readAllLines(journal)) {
          counts.merge(line, 1, Integer::sum);
        }
      }
      return counts;
    }

    private void pause() {
      if (delayMillis > 0) {
        try {
          Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  static List<String> keys(List<Target> targets) {
    List<String> out = new ArrayList<>();
    targets.forEach(t -> out.add(t.key()));
    return out;
  }
}
