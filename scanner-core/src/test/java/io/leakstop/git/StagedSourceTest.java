package io.leakstop.git;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.leakstop.finding.Finding;
import io.leakstop.finding.Fingerprint;
import io.leakstop.finding.ScanResult;
import io.leakstop.rules.Config;
import io.leakstop.scan.Scanner;
import io.leakstop.source.PathFilter;
import io.leakstop.testing.GitRepo;
import io.leakstop.testing.TestKeys;
import io.leakstop.testing.Tokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedSourceTest {
  @TempDir Path tmp;

  @Test
  void scansTheStagedVersionWithItsLineNumbersAndIgnoresDeletions() throws IOException {
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    String committed = Tokens.githubPat();
    repo.write("old.env", "T=" + committed + "\n").write("app.py", "x = 1\n").commitAll("base");
    String staged = Tokens.githubPat();
    repo.write("app.py", "x = 1\n\n\ntoken = '" + staged + "'\n");
    repo.write("new/cfg.txt", "A=" + Tokens.githubPat() + "\n");
    repo.git("add", "app.py", "new/cfg.txt");
    repo.git("rm", "-q", "old.env");
    // The working tree moves on after staging: the commit would still carry the staged content.
    repo.write("app.py", "x = 1\n");
    repo.write("unstaged.txt", "T=" + Tokens.githubPat() + "\n");
    ScanResult result =
        GitHistorySourceTest.SCANNER.scan(new StagedSource(repo.dir(), PathFilter.NONE, 1 << 20));
    assertEquals(2, result.findings().size(), result.findings().toString());
    Finding f = result.findings().get(0);
    assertEquals("app.py:4:10", f.location().display());
    assertEquals(staged, f.secret());
    assertEquals(null, f.location().commit());
    assertEquals("new/cfg.txt:1:3", result.findings().get(1).location().display());
  }

  @Test
  void aFreshRepositoryWithoutCommitsScansTheWholeIndex() throws IOException {
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    repo.write("a.txt", "T=" + Tokens.githubPat() + "\n");
    repo.git("add", "a.txt");
    ScanResult result =
        GitHistorySourceTest.SCANNER.scan(new StagedSource(repo.dir(), PathFilter.NONE, 1 << 20));
    assertEquals(1, result.findings().size());
    assertEquals(1, result.exitCode());
  }

  @Test
  void aStagedKeyStoreIsFoundByNameWithItsBlobAndAnExcludedOneIsNot() throws IOException {
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    repo.write("README.md", "hello\n").commitAll("base");
    Files.createDirectories(repo.dir().resolve("deploy"));
    Files.write(repo.dir().resolve("deploy/client.pfx"), TestKeys.keyStoreBytes(3000));
    Files.createDirectories(repo.dir().resolve("third_party"));
    Files.write(repo.dir().resolve("third_party/ca.p12"), TestKeys.keyStoreBytes(300));
    repo.git("add", "deploy/client.pfx", "third_party/ca.p12");
    ScanResult result =
        Scanner.forConfig(Config.DEFAULT)
            .scan(new StagedSource(repo.dir(), new PathFilter(List.of("third_party")), 1 << 20));
    assertEquals(1, result.findings().size(), result.findings().toString());
    Finding f = result.findings().get(0);
    assertEquals("pkcs12-file", f.ruleId());
    assertEquals("deploy/client.pfx:1:1", f.location().display());
    String blob = repo.git("rev-parse", ":deploy/client.pfx").trim();
    assertEquals(blob, f.location().blobId());
    assertEquals(Fingerprint.of("pkcs12-file", "deploy/client.pfx:" + blob), f.fingerprint());
    assertEquals(null, f.location().commit());
    assertEquals(1, result.stats().skippedBinary(), "its content is not scanned");
  }
}
