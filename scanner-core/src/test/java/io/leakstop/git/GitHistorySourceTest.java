package io.leakstop.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakstop.detect.Detector;
import io.leakstop.filter.FindingFilter;
import io.leakstop.finding.Finding;
import io.leakstop.finding.Fingerprint;
import io.leakstop.finding.ScanResult;
import io.leakstop.gitleaks.GitleaksIgnore;
import io.leakstop.rules.Config;
import io.leakstop.rules.RuleSet;
import io.leakstop.scan.Scanner;
import io.leakstop.source.Location;
import io.leakstop.source.PathFilter;
import io.leakstop.testing.GitRepo;
import io.leakstop.testing.TestKeys;
import io.leakstop.testing.Tokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitHistorySourceTest {
  static final Scanner SCANNER =
      new Scanner(
          new Detector(
              RuleSet.of(
                  RuleSet.parse(
                      "test.yaml",
                      """
          issuer: github
          rules:
            - id: gh
              keywords: [ghp_]
              regex: '\\b(ghp_[A-Za-z0-9]{36})\\b'
              checksum: github
              allow:
                paths: ['(^|/)fixtures/']
          """))),
          List.of());

  @TempDir Path tmp;

  static HistoryOptions options() {
    return new HistoryOptions(List.of(), List.of(), null, true, PathFilter.NONE, 1 << 20, 2, null);
  }

  /**
   * Scans with the pack reader and again with JGit's public reader alone, and checks that both give
   * the same findings (path, line, column, blob, commit), problems, skips and scanned blobs: so
   * every scenario of this suite runs both ways. Returns the pack reader's result.
   */
  static ScanResult scan(Path repo, HistoryOptions options) throws IOException {
    ScanResult packs = scanWith(repo, options, HistoryOptions.ObjectReading.PACKS);
    ScanResult jgit = scanWith(repo, options, HistoryOptions.ObjectReading.JGIT);
    assertEquals(
        packs.findings(), jgit.findings(), "findings with the pack reader, then with JGit's");
    assertEquals(
        packs.problems().stream().map(p -> p.where()).toList(),
        jgit.problems().stream().map(p -> p.where()).toList());
    assertEquals(packs.notices(), jgit.notices());
    assertEquals(packs.stats().fragments(), jgit.stats().fragments(), "blobs scanned");
    assertEquals(packs.stats().tooLarge(), jgit.stats().tooLarge());
    assertEquals(packs.exitCode(), jgit.exitCode());
    Path packed = packedCopy(repo);
    if (packed != null) {
      // The test repositories' objects are mostly loose, which both ways read through JGit: a
      // packed copy has the pack reader read them. Same findings, from the same commits.
      assertEquals(
          packs.findings(),
          scanWith(packed, options, HistoryOptions.ObjectReading.PACKS).findings(),
          "packed copy");
      assertEquals(
          packs.findings(),
          scanWith(packed, options, HistoryOptions.ObjectReading.JGIT).findings(),
          "packed copy, JGit");
    }
    return packs;
  }

  /**
   * A copy of {@code repo} with its objects repacked (deltas included); null if git cannot repack
   * it (damage).
   */
  private static Path packedCopy(Path repo) throws IOException {
    Path copy = Files.createTempDirectory(repo.getParent(), repo.getFileName() + "-packed");
    try (var files = Files.walk(repo)) {
      for (Path from : (Iterable<Path>) files::iterator) {
        Path to = copy.resolve(repo.relativize(from).toString());
        if (Files.isDirectory(from)) {
          Files.createDirectories(to);
        } else {
          Files.copy(from, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    try {
      GitRepo.at(copy).git("repack", "-adq", "--window=10", "--depth=50");
      return copy;
    } catch (IOException damaged) {
      return null;
    }
  }

  /**
   * Damage inside a pack file is the pack reader's to report (JGit drops the pack): one way only.
   */
  static ScanResult scanWith(
      Path repo, HistoryOptions options, HistoryOptions.ObjectReading reading) throws IOException {
    return SCANNER.scan(GitHistorySource.open(repo, options.withObjectReading(reading)));
  }

  static void assertAt(
      Finding f, String path, int line, int column, String commit, String summary) {
    Location at = f.location();
    assertEquals(
        path + ":" + line + ":" + column + " " + commit,
        at.display() + " " + at.commit().id(),
        f.toString());
    assertEquals(GitRepo.AUTHOR, at.commit().authorName());
    assertEquals(GitRepo.EMAIL, at.commit().authorEmail());
    assertEquals(summary, at.commit().summary());
  }

  @Test
  void theObjectReaderIsChosenByNameAndAnUnknownOneIsAConfigurationError() {
    assertEquals(HistoryOptions.ObjectReading.PACKS, HistoryOptions.ObjectReading.parse(null));
    assertEquals(HistoryOptions.ObjectReading.PACKS, HistoryOptions.ObjectReading.parse(""));
    assertEquals(HistoryOptions.ObjectReading.PACKS, HistoryOptions.ObjectReading.parse("packs"));
    assertEquals(HistoryOptions.ObjectReading.JGIT, HistoryOptions.ObjectReading.parse(" JGit "));
    io.leakstop.rules.ConfigException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            io.leakstop.rules.ConfigException.class,
            () -> HistoryOptions.ObjectReading.parse("native"));
    assertEquals(
        "LEAKSTOP_OBJECT_READER: 'native' is not an object reader (packs or jgit)", e.getMessage());
  }

  @Test
  void secretAddedThenRemovedIsFoundAtTheCommitThatAddedIt() throws IOException {
    String token = Tokens.githubPat();
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    repo.write("README.md", "hello\n").commitAll("first");
    repo.date("2024-03-01T10:00:00Z");
    String added =
        repo.write("src/config.py", "a = 1\nb = 2\nTOKEN = '" + token + "'\n")
            .commitAll("add config\n\nbody");
    repo.date(null);
    repo.write("src/config.py", "a = 1\n").commitAll("remove token");
    ScanResult result = scan(repo.dir(), options());
    assertEquals(1, result.findings().size(), result.findings().toString());
    Finding f = result.findings().get(0);
    assertAt(f, "src/config.py", 3, 10, added, "add config");
    assertEquals(token, f.secret());
    assertEquals(Instant.parse("2024-03-01T10:00:00Z"), f.location().commit().authorDate());
    assertEquals(repo.git("rev-parse", added + ":src/config.py").trim(), f.location().blobId());
    assertEquals(1, result.exitCode());
    assertTrue(result.notices().isEmpty());
  }

  /**
   * Packed, each version of a file is a delta of another, and the keyword pass reads only what the
   * delta inserted and where its pieces meet ({@code DeltaHits}): secrets inserted among copied
   * lines, edited around, and carried whole into a copy at a new path are found as when every
   * version is read whole ({@link #scan} compares the two and a packed copy).
   */
  @Test
  void secretsInVersionsBuiltFromEachOtherAreFoundWhereTheyEntered() throws IOException {
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    StringBuilder lines = new StringBuilder();
    for (int i = 1; i <= 300; i++) {
      lines.append("line ").append(i).append(" key = value_").append(i).append('\n');
    }
    String base = lines.toString();
    repo.write("app.conf", base).commitAll("base");
    String first = Tokens.githubPat();
    int middle = base.indexOf("line 150 ");
    String withFirst =
        base.substring(0, middle) + "TOKEN = '" + first + "'\n" + base.substring(middle);
    String addedFirst = repo.write("app.conf", withFirst).commitAll("add first");
    String copied =
        repo.write("other/copy.conf", withFirst.replace("line 10 ", "line ten ")).commitAll("copy");
    String second = Tokens.githubPat();
    String addedSecond =
        repo.write(
                "app.conf",
                withFirst.replace("line 149 ", "line 149a ").replace("line 151 ", "line 151b ")
                    + "SECOND = '"
                    + second
                    + "'\n")
            .commitAll("edit around, add second");
    ScanResult result = scan(repo.dir(), options());
    assertEquals(3, result.findings().size(), result.findings().toString());
    assertAt(result.findings().get(0), "app.conf", 150, 10, addedFirst, "add first");
    assertAt(result.findings().get(1), "app.conf", 302, 11, addedSecond, "edit around, add second");
    assertAt(result.findings().get(2), "other/copy.conf", 150, 10, copied, "copy");
  }

  @Test
  void aSecretKeptWhileItsFileIsEditedIsReportedOnlyWhereItEntered() throws IOException {
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    String added =
        repo.write("app.ini", "[main]\ntoken = " + Tokens.githubPat() + "\n")
            .commitAll("add token");
    repo.write(
            "app.ini",
            "[main]\nname = demo\ntoken = " + repo.git("show", "HEAD:app.ini").split("token = ")[1])
        .commitAll("edit");
    String edited = repo.head();
    repo.write(
            "app.ini",
            "[main]\nname = demo2\ntoken = "
                + repo.git("show", "HEAD:app.ini").split("token = ")[1])
        .commitAll("edit again");
    ScanResult result = scan(repo.dir(), options());
    assertEquals(1, result.findings().size(), result.findings().toString());
    assertAt(result.findings().get(0), "app.ini", 2, 9, added, "add token");
    assertEquals(3, result.stats().fragments(), "every version is scanned");
    ScanResult range = scan(repo.dir(), options().withRefs(List.of("HEAD"), List.of(edited)));
    assertEquals(
        0, range.findings().size(), "a range that only edits around an older secret adds no leak");
  }

  @Test
  void findsSecretsOnUnmergedBranchesAndBehindTagsOnly() throws IOException {
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    repo.write("a.txt", "x\n").commitAll("base");
    repo.git("checkout", "-q", "-b", "feature");
    String onBranch = repo.write("f.txt", "k=" + Tokens.githubPat() + "\n").commitAll("on feature");
    repo.git("checkout", "-q", "main");
    repo.git("checkout", "-q", "-b", "tmp");
    String tagged =
        repo.write("t.txt", "\n\nk=" + Tokens.githubPat() + "\n").commitAll("tagged only");
    repo.git("tag", "-a", "v1", "-m", "release");
    repo.git("checkout", "-q", "main");
    repo.git("branch", "-q", "-D", "tmp");
    GitHistorySource source = GitHistorySource.open(repo.dir(), options());
    ScanResult result = scan(repo.dir(), options());
    assertEquals(2, result.findings().size(), result.findings().toString());
    assertAt(result.findings().get(0), "f.txt", 1, 3, onBranch, "on feature");
    assertAt(result.findings().get(1), "t.txt", 3, 3, tagged, "tagged only");
    assertEquals(tagged, source.tips().get("refs/tags/v1"));
    assertEquals(onBranch, source.tips().get("refs/heads/feature"));
  }

  @Test
  void aMergeResolutionThatAddsASecretIsAttributedToTheMerge() throws IOException {
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    repo.write("conf.txt", "value = base\n").commitAll("base");
    repo.git("checkout", "-q", "-b", "side");
    repo.write("conf.txt", "value = side\n").commitAll("side");
    repo.git("checkout", "-q", "main");
    repo.write("conf.txt", "value = main\n").commitAll("main change");
    try {
      repo.git("merge", "-q", "side");
    } catch (IOException conflict) {
      // expected: both sides changed the line
    }
    repo.write("conf.txt", "value = merged\nkey = " + Tokens.githubPat() + "\n");
    String merge = repo.commitAll("Merge branch 'side'");
    assertEquals(2, repo.git("rev-list", "--parents", "-n1", "HEAD").trim().split(" ").length - 1);
    ScanResult result = scan(repo.dir(), options());
    assertEquals(1, result.findings().size(), result.findings().toString());
    assertAt(result.findings().get(0), "conf.txt", 2, 7, merge, "Merge branch 'side'");
  }

  /**
   * A merge's added blobs are checked for moves from a parent once the walk is over, from what the
   * rest of history introduced (see GitHistorySource.Moves): a blob a parent had at another path is
   * not introduced by the merge, also when that path is excluded from the scan or the walk is
   * limited; a blob two unrelated merges made alike is introduced by both.
   */
  @Test
  void mergesThatMoveABlobFromAParentOrRepeatAnotherMergesAreAttributedWhereTheBlobEntered()
      throws IOException {
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    String moved = "T=" + Tokens.githubPat() + "\n";
    String hidden = "T=" + Tokens.githubPat() + "\n";
    String twice = "T=" + Tokens.githubPat() + "\n";
    // Folders the merge has as its first parent has them: a diff for additions alone steps over
    // them, and does not see that the second parent had the moved blobs there.
    String base =
        repo.write("keep.txt", "base\n")
            .write("m/keep.txt", "m\n")
            .write("vendor/keep.txt", "v\n")
            .commitAll("base");
    repo.git("checkout", "-q", "-b", "side");
    String sideAdds = repo.write("m/a.txt", moved).commitAll("side adds");
    repo.git("checkout", "-q", "-b", "hidden", base);
    String hiddenAdds = repo.write("vendor/s.txt", hidden).commitAll("hidden adds");
    repo.git("checkout", "-q", "main");
    repo.write("keep.txt", "main\n").commitAll("main change");
    repo.git("merge", "-q", "--no-commit", "side");
    repo.git("mv", "m/a.txt", "b.txt");
    repo.commitAll("Merge side, moving its file");
    repo.git("merge", "-q", "--no-commit", "hidden");
    repo.git("mv", "vendor/s.txt", "app.txt");
    repo.commitAll("Merge hidden, moving its file");
    // Two merges of the same two branches, neither behind the other, resolved alike.
    repo.git("checkout", "-q", "-b", "p", base);
    String p = repo.write("p.txt", "p\n").commitAll("p work");
    repo.git("checkout", "-q", "-b", "q", base);
    String q = repo.write("q.txt", "q\n").commitAll("q work");
    repo.git("merge", "-q", "--no-commit", p);
    String intoQ = repo.write("both.txt", twice).commitAll("Merge p into q");
    repo.git("checkout", "-q", "p");
    repo.git("merge", "-q", "--no-commit", q);
    String intoP = repo.write("both.txt", twice).commitAll("Merge q into p");

    HistoryOptions excludingVendor =
        new HistoryOptions(
            List.of(), List.of(), null, true, new PathFilter(List.of("vendor")), 1 << 20, 2, null);
    for (HistoryOptions options :
        List.of(options(), excludingVendor, options().withRefs(List.of(), List.of(base)))) {
      Set<String> found = new TreeSet<>();
      for (Finding f : scan(repo.dir(), options).findings()) {
        found.add(f.location().path() + " " + f.location().commit().id());
      }
      Set<String> expected =
          new TreeSet<>(List.of("m/a.txt " + sideAdds, "both.txt " + intoQ, "both.txt " + intoP));
      if (options != excludingVendor) {
        expected.add("vendor/s.txt " + hiddenAdds);
      }
      assertEquals(expected, found, "excluded " + options.excludes() + ", " + options.excluded());
    }
  }

  /** {@link #scan}'s checks with the built-in rules and {@code filters}, both object readers. */
  private static ScanResult scanBuiltin(
      Path repo, HistoryOptions options, List<FindingFilter> filters) throws IOException {
    Scanner scanner = Scanner.forConfig(Config.DEFAULT).withFilters(filters);
    ScanResult packs =
        scanner.scan(
            GitHistorySource.open(
                repo, options.withObjectReading(HistoryOptions.ObjectReading.PACKS)));
    ScanResult jgit =
        scanner.scan(
            GitHistorySource.open(
                repo, options.withObjectReading(HistoryOptions.ObjectReading.JGIT)));
    assertEquals(packs.findings(), jgit.findings(), "with the pack reader, then with JGit's");
    return packs;
  }

  @Test
  void aKeyStoreCommittedOnABranchIsFoundByNameAtThatCommitThroughTheMerge() throws IOException {
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    repo.write("README.md", "hello\n").commitAll("base");
    repo.git("checkout", "-q", "-b", "certs");
    Files.createDirectories(repo.dir().resolve("a/b"));
    Files.write(repo.dir().resolve("a/b/c.PFX"), TestKeys.keyStoreBytes(5000));
    String added = repo.commitAll("add client certificate");
    repo.git("checkout", "-q", "main");
    repo.write("main.txt", "x\n").commitAll("main moves on");
    repo.git("merge", "-q", "--no-ff", "-m", "Merge branch 'certs'", "certs");
    repo.git("branch", "-q", "-D", "certs");
    // Over the size limit and binary: its content is never read, its name is enough.
    HistoryOptions options =
        new HistoryOptions(List.of(), List.of(), null, true, PathFilter.NONE, 1024, 2, null);
    ScanResult result = scanBuiltin(repo.dir(), options, List.of());
    assertEquals(1, result.findings().size(), result.findings().toString());
    Finding f = result.findings().get(0);
    assertAt(f, "a/b/c.PFX", 1, 1, added, "add client certificate");
    assertEquals("pkcs12-file", f.ruleId());
    String blob = repo.git("rev-parse", added + ":a/b/c.PFX").trim();
    assertEquals(blob, f.location().blobId());
    assertEquals(Fingerprint.of("pkcs12-file", "a/b/c.PFX:" + blob), f.fingerprint());
    assertEquals(1, result.stats().tooLarge().size(), "its content was left out as before");
    assertTrue(result.stats().tooLarge().get(0).startsWith("a/b/c.PFX"));

    ScanResult excluded =
        scanBuiltin(
            repo.dir(),
            new HistoryOptions(
                List.of(), List.of(), null, true, new PathFilter(List.of("a/b")), 1024, 2, null),
            List.of());
    assertEquals(List.of(), excluded.findings());
    ScanResult ignored =
        scanBuiltin(
            repo.dir(),
            options,
            List.of(GitleaksIgnore.parse(".gitleaksignore", added + ":a/b/c.PFX:pkcs12-file:1\n")));
    assertEquals(List.of(), ignored.findings());
  }

  @Test
  void aRenamedFileIsReportedOnceWhereItWasIntroduced() throws IOException {
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    String added = repo.write("old/name.env", "T=" + Tokens.githubPat() + "\n").commitAll("add");
    repo.git("mv", "old", "new");
    repo.commit("rename");
    repo.write("other.txt", "unrelated\n").commitAll("later");
    ScanResult result = scan(repo.dir(), options());
    assertEquals(1, result.findings().size(), result.findings().toString());
    assertAt(result.findings().get(0), "old/name.env", 1, 3, added, "add");
  }

  @Test
  void aSecretInTwoFilesIsTwoLocationsOfOneSecret() throws IOException {
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    String content = "# header\nT=" + Tokens.githubPat() + "\n";
    String added =
        repo.write("a/one.env", content).write("b/two.env", content).commitAll("copy twice");
    ScanResult result = scan(repo.dir(), options());
    assertEquals(2, result.findings().size(), result.findings().toString());
    assertAt(result.findings().get(0), "a/one.env", 2, 3, added, "copy twice");
    assertAt(result.findings().get(1), "b/two.env", 2, 3, added, "copy twice");
    assertEquals(1, result.distinctSecrets().size());
    assertEquals(1, result.stats().fragments(), "the shared blob is scanned once");
  }

  @Test
  void pathExcludesAndRulePathAllowlistsApplyPerLocation() throws IOException {
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    String content = "T=" + Tokens.githubPat() + "\n";
    String added =
        repo.write("fixtures/x.env", content)
            .write("vendor/y.env", content)
            .write("src/z.env", content)
            .commitAll("three");
    HistoryOptions options = options();
    options =
        new HistoryOptions(
            List.of(), List.of(), null, true, new PathFilter(List.of("vendor")), 1 << 20, 2, null);
    ScanResult result = scan(repo.dir(), options);
    assertEquals(1, result.findings().size(), result.findings().toString());
    assertAt(result.findings().get(0), "src/z.env", 1, 3, added, "three");
  }

  @Test
  void rangeSinceAndBranchSelectHistory() throws IOException {
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    repo.date("2020-01-01T00:00:00Z");
    String old = repo.write("old.txt", "T=" + Tokens.githubPat() + "\n").commitAll("old");
    repo.date("2024-06-01T00:00:00Z");
    String recent = repo.write("new.txt", "T=" + Tokens.githubPat() + "\n").commitAll("new");
    repo.git("checkout", "-q", "-b", "other", old);
    String other = repo.write("other.txt", "T=" + Tokens.githubPat() + "\n").commitAll("other");
    repo.git("checkout", "-q", "main");

    ScanResult range = scan(repo.dir(), options().withRefs(List.of("main"), List.of(old)));
    assertEquals(1, range.findings().size(), range.findings().toString());
    assertAt(range.findings().get(0), "new.txt", 1, 3, recent, "new");

    ScanResult since =
        scan(
            repo.dir(),
            options().withSince(Instant.parse("2023-01-01T00:00:00Z")).withWorktree(false));
    assertEquals(
        List.of("new.txt", "other.txt"),
        since.findings().stream().map(f -> f.location().path()).toList());
    assertEquals(other, since.findings().get(1).location().commit().id());

    ScanResult branch = scan(repo.dir(), options().withRefs(List.of("other"), List.of()));
    assertEquals(
        List.of("old.txt", "other.txt"),
        branch.findings().stream().map(f -> f.location().path()).toList());
  }

  @Test
  void worksOnBareRepositoriesAndLinkedWorktrees() throws IOException {
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    String added = repo.write("k.txt", "T=" + Tokens.githubPat() + "\n").commitAll("add");
    GitRepo.at(tmp)
        .git("clone", "-q", "--bare", repo.dir().toString(), tmp.resolve("bare.git").toString());
    ScanResult bare = scan(tmp.resolve("bare.git"), options());
    assertEquals(1, bare.findings().size(), bare.findings().toString());
    assertAt(bare.findings().get(0), "k.txt", 1, 3, added, "add");

    repo.git("worktree", "add", "-q", "-b", "wt", tmp.resolve("linked").toString());
    GitRepo linked = GitRepo.at(tmp.resolve("linked"));
    String inLinked =
        linked.write("l.txt", "T=" + Tokens.githubPat() + "\n").commitAll("in linked");
    linked.write("draft.txt", "T=" + Tokens.githubPat() + "\n");
    ScanResult result = scan(linked.dir(), options());
    assertEquals(
        List.of("draft.txt", "k.txt", "l.txt"),
        result.findings().stream().map(f -> f.location().path()).toList());
    assertEquals(
        null, result.findings().get(0).location().commit(), "an uncommitted file has no commit");
    assertAt(result.findings().get(2), "l.txt", 1, 3, inLinked, "in linked");
    assertEquals(2, scan(linked.dir(), options().withWorktree(false)).findings().size());
  }

  @Test
  void aShallowCloneScansWhatIsThereAndSaysHistoryIsTruncated() throws IOException {
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    repo.write("gone.txt", "T=" + Tokens.githubPat() + "\n").commitAll("old secret");
    repo.write("gone.txt", "nothing\n").commitAll("removed");
    repo.write("kept.txt", "T=" + Tokens.githubPat() + "\n").commitAll("kept secret");
    repo.write("more.txt", "m\n").commitAll("tip");
    GitRepo.at(tmp)
        .git(
            "clone",
            "-q",
            "--depth",
            "2",
            "file://" + repo.dir(),
            tmp.resolve("shallow").toString());
    ScanResult result = scan(tmp.resolve("shallow"), options());
    assertEquals(
        List.of("kept.txt"), result.findings().stream().map(f -> f.location().path()).toList());
    assertEquals(
        repo.git("rev-parse", "HEAD~1").trim(),
        result.findings().get(0).location().commit().id(),
        "attributed to the shallow boundary commit, the oldest one present");
    assertEquals(1, result.notices().size());
    assertTrue(result.notices().get(0).contains("shallow clone"), result.notices().toString());
    assertTrue(result.complete());
  }

  @Test
  void aCorruptObjectIsReportedByIdAndTheScanGoesOn() throws IOException {
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    String good = repo.write("good.txt", "T=" + Tokens.githubPat() + "\n").commitAll("good");
    repo.write("bad.txt", "T=" + Tokens.githubPat() + "\nmore text so the object is not tiny\n")
        .commitAll("bad");
    String blob = repo.git("rev-parse", "HEAD:bad.txt").trim();
    Path object =
        repo.dir().resolve(".git/objects/" + blob.substring(0, 2) + "/" + blob.substring(2));
    byte[] bytes = Files.readAllBytes(object);
    for (int i = 10; i < bytes.length; i++) {
      bytes[i] = (byte) 0x5a;
    }
    object.toFile().setWritable(true);
    Files.write(object, bytes);
    ScanResult result = scan(repo.dir(), options().withWorktree(false));
    assertEquals(1, result.findings().size(), result.findings().toString());
    assertAt(result.findings().get(0), "good.txt", 1, 3, good, "good");
    assertEquals(1, result.problems().size(), result.problems().toString());
    assertTrue(
        result.problems().get(0).where().contains(blob.substring(0, 12)),
        result.problems().toString());
    assertEquals(3, result.exitCode());
  }

  @Test
  void largeBlobsAreSkippedAndCounted() throws IOException {
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    repo.write("big.txt", "x".repeat(5000) + "\nT=" + Tokens.githubPat() + "\n").commitAll("big");
    ScanResult result =
        scan(
            repo.dir(),
            new HistoryOptions(List.of(), List.of(), null, true, PathFilter.NONE, 4096, 2, null));
    assertEquals(0, result.findings().size());
    assertEquals(1, result.stats().tooLarge().size());
    assertTrue(
        result.stats().tooLarge().get(0).startsWith("big.txt"),
        result.stats().tooLarge().toString());
  }

  /**
   * main: a commit with a secret, packed into the repository's one pack; then a loose commit adding
   * another secret, and an untracked file with a third. Returns the loose commit.
   */
  private static String packedThenLoose(GitRepo repo) throws IOException {
    repo.write(
            "packed.txt",
            "T=" + Tokens.githubPat() + "\n" + "filler line so the pack is not tiny\n".repeat(20))
        .commitAll("packed");
    repo.git("repack", "-adq");
    String loose = repo.write("loose.txt", "T=" + Tokens.githubPat() + "\n").commitAll("loose");
    repo.write("untracked.txt", "T=" + Tokens.githubPat() + "\n");
    return loose;
  }

  private static Path onlyPack(GitRepo repo, String extension) throws IOException {
    try (var files = Files.list(repo.dir().resolve(".git/objects/pack"))) {
      List<Path> packs = files.filter(f -> f.toString().endsWith(extension)).toList();
      assertEquals(1, packs.size(), packs.toString());
      packs.get(0).toFile().setWritable(true);
      return packs.get(0);
    }
  }

  private static String problems(ScanResult result) {
    return result.problems().stream()
        .map(p -> p.where() + ": " + p.message())
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  /**
   * What a repository with a damaged pack still gives: the loose commit's and the working tree's
   * secrets.
   */
  private static void assertLooseAndUntrackedScanned(ScanResult result, String loose, String pack) {
    assertEquals(
        List.of("loose.txt", "untracked.txt"),
        result.findings().stream().map(f -> f.location().path()).toList(),
        problems(result));
    assertEquals(loose, result.findings().get(0).location().commit().id());
    assertTrue(problems(result).contains("pack " + pack), problems(result));
    assertEquals(3, result.exitCode());
  }

  @Test
  void aTruncatedPackIsNamedAndWhatIsIntactLooseOrInTheWorkingTreeIsScanned() throws IOException {
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    String loose = packedThenLoose(repo);
    Path pack = onlyPack(repo, ".pack");
    try (var channel =
        java.nio.channels.FileChannel.open(pack, java.nio.file.StandardOpenOption.WRITE)) {
      channel.truncate(channel.size() / 2);
    }
    ScanResult result = scanWith(repo.dir(), options(), HistoryOptions.ObjectReading.PACKS);
    assertLooseAndUntrackedScanned(result, loose, pack.getFileName().toString());
    assertTrue(problems(result).contains("cut short"), problems(result));
  }

  @Test
  void anEmptyPackIsNamedAndTheRestIsScanned() throws IOException {
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    String loose = packedThenLoose(repo);
    Path pack = onlyPack(repo, ".pack");
    Files.write(pack, new byte[0]);
    ScanResult result = scanWith(repo.dir(), options(), HistoryOptions.ObjectReading.PACKS);
    assertLooseAndUntrackedScanned(result, loose, pack.getFileName().toString());
    assertTrue(problems(result).contains("the file is empty"), problems(result));
  }

  @Test
  void aPackWithoutItsIndexIsNamedAndTheRestIsScanned() throws IOException {
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    String loose = packedThenLoose(repo);
    Files.delete(onlyPack(repo, ".idx"));
    ScanResult result = scanWith(repo.dir(), options(), HistoryOptions.ObjectReading.PACKS);
    assertLooseAndUntrackedScanned(result, loose, onlyPack(repo, ".pack").getFileName().toString());
    assertTrue(problems(result).contains("has no index"), problems(result));
  }

  /** Overwrites all of a loose object but its first bytes, so that it no longer inflates. */
  private static void damageLoose(GitRepo repo, String id) throws IOException {
    Path object = repo.dir().resolve(".git/objects/" + id.substring(0, 2) + "/" + id.substring(2));
    byte[] bytes = Files.readAllBytes(object);
    for (int i = 4; i < bytes.length; i++) {
      bytes[i] = (byte) 0x5a;
    }
    object.toFile().setWritable(true);
    Files.write(object, bytes);
  }

  @Test
  void aCorruptCommitAtABranchTipIsNamedAndTheOtherBranchesAreScanned() throws IOException {
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    String onMain = repo.write("main.txt", "T=" + Tokens.githubPat() + "\n").commitAll("on main");
    repo.git("checkout", "-q", "-b", "side");
    String sideTip = repo.write("side.txt", "T=" + Tokens.githubPat() + "\n").commitAll("on side");
    repo.git("checkout", "-q", "main");
    String mainTip =
        repo.write("more.txt", "T=" + Tokens.githubPat() + "\n").commitAll("more on main");
    damageLoose(repo, sideTip);
    ScanResult result = scan(repo.dir(), options());
    assertEquals(
        List.of("main.txt", "more.txt"),
        result.findings().stream().map(f -> f.location().path()).toList(),
        problems(result));
    assertEquals(onMain, result.findings().get(0).location().commit().id());
    assertEquals(mainTip, result.findings().get(1).location().commit().id());
    assertEquals(1, result.problems().size(), problems(result));
    assertEquals("commit " + sideTip + " (refs/heads/side)", result.problems().get(0).where());
    assertEquals(3, result.exitCode());
  }

  @Test
  void anUnreadableParentTreeIsNamedAndTheChildsNewBlobsAreStillScanned() throws IOException {
    GitRepo repo = GitRepo.init(tmp.resolve("r"));
    String parent = repo.write("a.txt", "parent only\n").commitAll("parent");
    String child = repo.write("child.txt", "T=" + Tokens.githubPat() + "\n").commitAll("child");
    String parentTree = repo.git("rev-parse", parent + "^{tree}").trim();
    damageLoose(repo, parentTree);
    ScanResult result = scan(repo.dir(), options().withWorktree(false));
    assertEquals(1, result.findings().size(), problems(result));
    assertAt(result.findings().get(0), "child.txt", 1, 3, child, "child");
    assertEquals(1, result.problems().size(), problems(result));
    assertEquals("tree " + parentTree + " of commit " + parent, result.problems().get(0).where());
    assertEquals(3, result.exitCode());
  }
}
