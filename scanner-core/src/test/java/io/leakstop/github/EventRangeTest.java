package io.leakstop.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakstop.testing.GitRepo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event → range decision, against real clones made with the git CLI as actions/checkout makes
 * them.
 */
class EventRangeTest {
  private static final String ZEROS = EventRange.ZEROS;
  @TempDir Path dir;
  private GitRepo origin;
  private String first;
  private String second;
  private String third;

  @BeforeEach
  void history() throws IOException {
    origin = GitRepo.init(dir.resolve("origin"));
    first = origin.write("a.txt", "1").commitAll("one");
    second = origin.write("a.txt", "2").commitAll("two");
    third = origin.write("a.txt", "3").commitAll("three");
  }

  private Repository checkout(String... options) throws IOException {
    Path work = dir.resolve("work" + System.nanoTime());
    List<String> args = new java.util.ArrayList<>(List.of("clone", "-q"));
    args.addAll(List.of(options));
    args.addAll(List.of("file://" + origin.dir(), work.toString()));
    GitRepo.at(dir).git(args.toArray(String[]::new));
    return new FileRepositoryBuilder().findGitDir(work.toFile()).build();
  }

  private static GithubEvent event(String name, Map<String, Object> payload) {
    return new GithubEvent(name, new ObjectMapper().valueToTree(payload));
  }

  private static Map<String, Object> push(
      String ref, String before, String after, boolean forced, int commits) {
    return Map.of(
        "ref",
        ref,
        "before",
        before,
        "after",
        after,
        "forced",
        forced,
        "created",
        before.equals(ZEROS),
        "deleted",
        after.equals(ZEROS),
        "commits",
        java.util.Collections.nCopies(commits, Map.of()),
        "repository",
        Map.of("default_branch", "main"));
  }

  @Test
  void aPushScansBeforeToAfter() throws IOException {
    try (Repository repo = checkout()) {
      ScanRange range =
          EventRange.plan(event("push", push("refs/heads/main", first, third, false, 2)), repo);
      assertEquals(List.of(third), range.refs());
      assertEquals(List.of(first), range.excluded());
      assertTrue(range.description().startsWith("push to main: "), range.description());
    }
  }

  @Test
  void aShallowPushSaysWhichFetchDepthToSet() throws IOException {
    try (Repository repo = checkout("--depth", "1")) {
      ActionException e =
          assertThrows(
              ActionException.class,
              () ->
                  EventRange.plan(
                      event("push", push("refs/heads/main", first, third, false, 2)), repo));
      assertEquals(
          "push to main: its previous tip "
              + first
              + " is not in the checkout (shallow clone); "
              + "set `fetch-depth: 0` on the actions/checkout step (or at least `fetch-depth: 3`)",
          e.getMessage());
      assertEquals(2, e.exitCode());
    }
  }

  @Test
  void aNewBranchScansWhatIsNotOnTheDefaultBranch() throws IOException {
    origin.git("checkout", "-q", "-b", "feature");
    String feature = origin.write("b.txt", "x").commitAll("feature work");
    try (Repository repo = checkout()) {
      ScanRange range =
          EventRange.plan(
              event("push", push("refs/heads/feature", ZEROS, feature, false, 1)), repo);
      assertEquals(List.of(feature), range.refs());
      assertEquals(List.of(third), range.excluded(), "everything on origin/main is left out");
      assertEquals("new branch feature: commits not on main", range.description());
    }
    try (Repository single = checkout("--single-branch", "--branch", "feature")) {
      ActionException e =
          assertThrows(
              ActionException.class,
              () ->
                  EventRange.plan(
                      event("push", push("refs/heads/feature", ZEROS, feature, false, 1)), single));
      assertEquals(
          "new branch feature is compared with the default branch 'main', which is not in the checkout; "
              + "set `fetch-depth: 0` on the actions/checkout step",
          e.getMessage());
    }
  }

  @Test
  void aForcePushScansWhatIsNewOverTheOldTipOrOverTheDefaultBranchWhenTheOldTipIsGone()
      throws IOException {
    origin.git("checkout", "-q", "-b", "topic", second);
    String rewritten = origin.write("c.txt", "y").commitAll("rewritten");
    try (Repository repo = checkout()) {
      ScanRange kept =
          EventRange.plan(event("push", push("refs/heads/topic", third, rewritten, true, 1)), repo);
      assertEquals(List.of(third), kept.excluded(), "the old tip is here: what is new over it");
      assertEquals(List.of(third), kept.replaced(), "and content it had is not new either");
      String gone = "1234567890123456789012345678901234567890";
      ScanRange fallback =
          EventRange.plan(event("push", push("refs/heads/topic", gone, rewritten, true, 1)), repo);
      assertEquals(List.of(rewritten), fallback.refs());
      assertEquals(List.of(third), fallback.excluded(), "falls back to the default branch");
      assertTrue(
          fallback.notices().get(0).contains("previous tip 123456789012"),
          fallback.notices().toString());
    }
  }

  @Test
  void aPullRequestScansHeadOverBase() throws IOException {
    origin.git("checkout", "-q", "-b", "pr");
    String head = origin.write("d.txt", "z").commitAll("pr work");
    Map<String, Object> payload =
        Map.of(
            "pull_request",
            Map.of(
                "number",
                7,
                "commits",
                1,
                "base",
                Map.of("sha", third, "ref", "main"),
                "head",
                Map.of("sha", head, "ref", "pr")));
    try (Repository repo = checkout()) {
      ScanRange range = EventRange.plan(event("pull_request", payload), repo);
      assertEquals(List.of(head), range.refs());
      assertEquals(List.of(third), range.excluded());
      assertEquals(
          "pull request #7: " + third.substring(0, 12) + ".." + head.substring(0, 12),
          range.description());
    }
    try (Repository shallow = checkout("--depth", "1", "--branch", "main")) {
      ActionException e =
          assertThrows(
              ActionException.class,
              () -> EventRange.plan(event("pull_request", payload), shallow));
      assertEquals(
          "pull request #7's head "
              + head
              + " is not in the checkout (shallow clone); "
              + "set `fetch-depth: 0` on the actions/checkout step (or at least `fetch-depth: 3`)",
          e.getMessage());
    }
  }

  @Test
  void scheduledAndManualRunsScanTheFullHistoryAndRefuseAShallowClone() throws IOException {
    try (Repository repo = checkout()) {
      assertTrue(
          EventRange.plan(event("schedule", Map.of("schedule", "0 3 * * *")), repo).fullHistory());
      assertTrue(EventRange.plan(event("workflow_dispatch", Map.of()), repo).fullHistory());
    }
    try (Repository shallow = checkout("--depth", "2")) {
      assertEquals(
          "schedule: full history needs every commit, but the checkout is shallow; set `fetch-depth: 0` on the actions/checkout step",
          assertThrows(
                  ActionException.class,
                  () -> EventRange.plan(event("schedule", Map.of()), shallow))
              .getMessage());
    }
  }

  @Test
  void aDeletedBranchScansNothingAndAnUnknownEventIsAnError() throws IOException {
    try (Repository repo = checkout()) {
      assertTrue(
          EventRange.plan(event("push", push("refs/heads/old", third, ZEROS, false, 0)), repo)
              .skip());
      ActionException e =
          assertThrows(
              ActionException.class, () -> EventRange.plan(event("issues", Map.of()), repo));
      assertEquals(
          "unsupported event 'issues': leakstop github-action runs on push, pull_request, pull_request_target, schedule and workflow_dispatch",
          e.getMessage());
    }
  }
}
