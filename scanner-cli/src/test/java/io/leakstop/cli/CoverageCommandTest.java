package io.leakstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakstop.sweep.StateStore;
import io.leakstop.testing.GitRepo;
import io.leakstop.testing.Tokens;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a scan covers and says it left out: symbolic links, UTF-16 files, submodules, the thread
 * count, and the sweep's state lock reached through a link.
 */
class CoverageCommandTest {
  @TempDir Path dir;

  @Test
  void aSymlinkGivenOnTheCommandLineIsFollowedAndLinksInsideTheTreeAreCountedNotFollowed()
      throws Exception {
    String token = Tokens.githubPat();
    Path tree = Files.createDirectories(dir.resolve("tree"));
    Files.writeString(tree.resolve("app.env"), "GITHUB_TOKEN=" + token + "\n");
    Path outside =
        Files.writeString(dir.resolve("outside.env"), "GITHUB_TOKEN=" + Tokens.githubPat() + "\n");
    Files.createSymbolicLink(tree.resolve("inner-file-link.env"), outside);
    Files.createSymbolicLink(tree.resolve("inner-dir-link"), dir);
    Path dirLink = Files.createSymbolicLink(dir.resolve("tree-link"), tree);
    Path fileLink = Files.createSymbolicLink(dir.resolve("file-link.env"), tree.resolve("app.env"));

    Cli.Run throughDir = Cli.run("scan", "--files", dirLink.toString());
    assertEquals(1, throughDir.code(), throughDir.out() + throughDir.err());
    assertTrue(throughDir.out().contains("app.env:1:14"), throughDir.out());
    assertTrue(throughDir.out().contains("1 leak found in 1 item"), throughDir.out());
    assertTrue(
        throughDir.out().contains("skipped 2 symbolic links (not followed)"), throughDir.out());

    Cli.Run throughFile = Cli.run("scan", "--files", fileLink.toString());
    assertEquals(1, throughFile.code(), throughFile.out() + throughFile.err());
    assertTrue(throughFile.out().contains("1 leak found in 1 item"), throughFile.out());
    assertTrue(throughFile.out().contains("file-link.env:1:14"), throughFile.out());
  }

  /** A token in UTF-16, as Windows tools (PowerShell's Out-File, regedit exports) write it. */
  private static byte[] utf16(String text, Charset charset, boolean bom) {
    byte[] body = text.getBytes(charset);
    if (!bom) {
      return body;
    }
    byte[] mark =
        charset == StandardCharsets.UTF_16LE
            ? new byte[] {(byte) 0xFF, (byte) 0xFE}
            : new byte[] {(byte) 0xFE, (byte) 0xFF};
    byte[] out = new byte[mark.length + body.length];
    System.arraycopy(mark, 0, out, 0, mark.length);
    System.arraycopy(body, 0, out, mark.length, body.length);
    return out;
  }

  private static final List<String> UTF16_FILES =
      List.of("le-bom.ps1", "be-bom.ps1", "le.reg", "be.reg");

  private static void writeUtf16Files(Path where, String token) throws Exception {
    String text = "# settings\r\n$x = 1\r\n$env:GITHUB_TOKEN = \"" + token + "\"\r\n";
    Files.write(where.resolve("le-bom.ps1"), utf16(text, StandardCharsets.UTF_16LE, true));
    Files.write(where.resolve("be-bom.ps1"), utf16(text, StandardCharsets.UTF_16BE, true));
    Files.write(where.resolve("le.reg"), utf16(text, StandardCharsets.UTF_16LE, false));
    Files.write(where.resolve("be.reg"), utf16(text, StandardCharsets.UTF_16BE, false));
  }

  private static void assertFoundOnLine3InEach(Cli.Run run) {
    for (String file : UTF16_FILES) {
      assertTrue(run.out().contains(file + ":3:"), file + " in\n" + run.out());
    }
  }

  @Test
  void utf16FilesWithAndWithoutByteOrderMarkAreScannedWithTheirLineNumbers() throws Exception {
    writeUtf16Files(dir, Tokens.githubPat());
    Files.write(
        dir.resolve("image.bin"),
        new byte[] {0, 0, 1, 2, 0, 0, 3, 4, (byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13});
    Cli.Run run = Cli.run("scan", "--files", dir.toString());
    assertEquals(1, run.code(), run.out() + run.err());
    assertFoundOnLine3InEach(run);
    assertTrue(
        run.out().contains("4 leaks found (1 distinct secret) in 4 items")
            && run.out().contains("skipped 1 binary"),
        run.out());
  }

  @Test
  void utf16FilesAreScannedInHistoryInTheWorkingTreeAndWhenStaged() throws Exception {
    GitRepo repo = GitRepo.init(dir.resolve("repo"));
    writeUtf16Files(repo.dir(), Tokens.githubPat());
    repo.commitAll("windows scripts");
    // Grown through deltas: later versions are rebuilt from their base in the pack.
    for (int i = 0; i < 3; i++) {
      writeUtf16Files(repo.dir(), Tokens.githubPat());
      repo.commitAll("rotate " + i);
    }
    repo.git("gc", "-q");
    Cli.Run history = Cli.run("scan", repo.dir().toString());
    assertEquals(1, history.code(), history.out() + history.err());
    assertFoundOnLine3InEach(history);
    assertTrue(history.out().contains("16 leaks found"), history.out());
    assertFalse(history.out().contains("binary"), history.out());

    writeUtf16Files(repo.dir(), Tokens.githubPat());
    Cli.Run worktree = Cli.run("scan", repo.dir().toString());
    assertTrue(worktree.out().contains("20 leaks found"), worktree.out());

    repo.git("add", "-A");
    Cli.Run staged = Cli.run("scan", "--staged", repo.dir().toString());
    assertEquals(1, staged.code(), staged.out() + staged.err());
    assertFoundOnLine3InEach(staged);
    assertTrue(staged.out().contains("4 leaks found"), staged.out());
    assertFalse(staged.out().contains("binary"), staged.out());
  }

  @Test
  void utf16OnStandardInputIsScanned() {
    byte[] log =
        utf16(
            "build started\r\nGITHUB_TOKEN=" + Tokens.githubPat() + "\r\n",
            StandardCharsets.UTF_16LE,
            false);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        Main.run(
            System.getenv(),
            new ByteArrayInputStream(log),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            "scan",
            "--stdin");
    assertEquals(1, code, out.toString(StandardCharsets.UTF_8));
    assertTrue(
        out.toString(StandardCharsets.UTF_8).contains("<stdin>:2:14"),
        out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aSubmoduleIsNamedInTheNoticesAndItsCheckoutIsScannedWithFiles() throws Exception {
    String token = Tokens.githubPat();
    GitRepo library = GitRepo.init(dir.resolve("library"));
    library.write("lib.env", "GITHUB_TOKEN=" + token + "\n").commitAll("library");
    GitRepo app = GitRepo.init(dir.resolve("app"));
    app.write("README.md", "an app\n").commitAll("app");
    app.git("submodule", "add", "-q", library.dir().toString(), "vendor/library");
    app.commit("add the library as a submodule");

    Cli.Run history = Cli.run("scan", app.dir().toString());
    assertEquals(0, history.code(), history.out() + history.err());
    assertTrue(history.err().contains("submodule vendor/library is not scanned"), history.err());
    assertEquals(
        1, history.err().lines().filter(l -> l.contains("vendor/library")).count(), history.err());

    Cli.Run files = Cli.run("scan", "--files", app.dir().toString());
    assertEquals(1, files.code(), files.out() + files.err());
    assertTrue(files.out().contains("vendor/library/lib.env:1:14"), files.out());
  }

  @Test
  void anExcessiveThreadCountIsCappedWithANotice() throws Exception {
    Files.writeString(dir.resolve("a.txt"), "hello\n");
    Cli.Run run = Cli.run("scan", "--files", "--threads", "1000000", dir.toString());
    assertEquals(0, run.code(), run.out() + run.err());
    int cap = 4 * Runtime.getRuntime().availableProcessors();
    assertTrue(
        run.err().contains("--threads 1000000 is more than 4 per core; using " + cap), run.err());
  }

  @Test
  @SuppressWarnings("try") // the resource is only held: its lock is what the body tries
  void aSweepStateReachedThroughASymlinkIsLockedAsTheFileItself() throws Exception {
    GitRepo.init(dir.resolve("repo")).write("a.txt", "hello\n").commitAll("a");
    Path targets = Files.writeString(dir.resolve("targets.txt"), "repo\n");
    Path state = dir.resolve("state/state.json");
    Files.createDirectories(state.getParent());
    Path link = Files.createSymbolicLink(dir.resolve("state-link.json"), state);
    try (StateStore held = StateStore.open(state)) {
      Cli.Run run =
          Cli.run(
              "sweep",
              "--targets",
              targets.toString(),
              "--state",
              link.toString(),
              "--no-verify",
              "--cache",
              dir.resolve("cache").toString(),
              "--report-dir",
              dir.resolve("report").toString());
      assertEquals(3, run.code(), run.out() + run.err());
      assertTrue(run.err().contains("another sweep is using this state file"), run.err());
    }
    assertFalse(
        Files.exists(dir.resolve("state-link.json.lock")), "the lock sits next to the real file");
  }
}
