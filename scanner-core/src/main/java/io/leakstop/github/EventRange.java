package io.leakstop.github;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Picks what a workflow run scans, from its event: a push scans what it added ({@code
 * before..after}; a new branch, what is not on the default branch; a force push, what is not in the
 * old tip), a pull request its head over its base, a scheduled or manual run the full history. It
 * checks that the commits it needs are in the checkout and, when they are not, says which {@code
 * fetch-depth} to set on {@code actions/checkout}.
 */
final class EventRange {
  static final String ZEROS = "0000000000000000000000000000000000000000";
  private static final String FULL_DEPTH = "set `fetch-depth: 0` on the actions/checkout step";

  private EventRange() {}

  public static ScanRange plan(GithubEvent event, Repository repo) {
    try {
      return switch (event.name()) {
        case "push" -> push(event, repo);
        case "pull_request", "pull_request_target" -> pullRequest(event, repo);
        case "schedule", "workflow_dispatch" -> fullHistory(event, repo);
        default ->
            throw new ActionException(
                "unsupported event '"
                    + event.name()
                    + "': leakstop github-action runs on push, pull_request, pull_request_target, schedule and workflow_dispatch");
      };
    } catch (IOException e) {
      throw new ActionException("cannot read the repository: " + e.getMessage());
    }
  }

  private static ScanRange push(GithubEvent event, Repository repo) throws IOException {
    String ref = required(event, "/ref");
    String before = required(event, "/before");
    String after = required(event, "/after");
    String branch = shortName(ref);
    if (after.equals(ZEROS) || event.flag("/deleted")) {
      return ScanRange.nothing("push deleted " + branch + ": nothing to scan");
    }
    int pushed = event.payload().path("commits").size();
    String depth =
        pushed > 0 ? FULL_DEPTH + " (or at least `fetch-depth: " + (pushed + 1) + "`)" : FULL_DEPTH;
    requireCommit(repo, after, "the pushed commit " + after, FULL_DEPTH);
    String defaultBranch = event.text("/repository/default_branch");
    boolean isDefault = defaultBranch != null && ref.equals(Constants.R_HEADS + defaultBranch);
    if (before.equals(ZEROS) || event.flag("/created")) {
      return againstDefaultBranch(
          repo,
          branch,
          after,
          defaultBranch,
          isDefault,
          "new " + kind(ref) + " " + branch,
          List.of());
    }
    if (!isCommit(repo, before)) {
      if (event.flag("/forced")) {
        // The old tip of a force push is gone from the remote; no fetch-depth brings it back.
        List<String> notices =
            List.of(
                "the previous tip "
                    + abbreviate(before)
                    + " of this force push is not in the checkout, so the scan covers everything not on the default branch");
        return againstDefaultBranch(
            repo, branch, after, defaultBranch, isDefault, "force push to " + branch, notices);
      }
      throw new ActionException(
          "push to "
              + branch
              + ": its previous tip "
              + before
              + " is not in the checkout (shallow clone); "
              + depth);
    }
    if (event.flag("/forced")) {
      ScanRange range =
          ScanRange.of(
              after,
              List.of(before),
              "force push to " + branch + ": what is not in " + abbreviate(before),
              List.of());
      return range.replacing(before);
    }
    return ScanRange.of(
        after,
        List.of(before),
        "push to " + branch + ": " + abbreviate(before) + ".." + abbreviate(after),
        List.of());
  }

  private static ScanRange againstDefaultBranch(
      Repository repo,
      String branch,
      String after,
      String defaultBranch,
      boolean isDefault,
      String what,
      List<String> notices)
      throws IOException {
    if (isDefault || defaultBranch == null) {
      List<String> all = new ArrayList<>(notices);
      requireFullDepth(
          repo, what + " has no base to compare with, so its whole history is scanned");
      return ScanRange.of(after, List.of(), what + ": all of its history", all);
    }
    String base = findRef(repo, defaultBranch);
    if (base == null) {
      throw new ActionException(
          what
              + " is compared with the default branch '"
              + defaultBranch
              + "', which is not in the checkout; "
              + FULL_DEPTH);
    }
    return ScanRange.of(after, List.of(base), what + ": commits not on " + defaultBranch, notices);
  }

  private static ScanRange pullRequest(GithubEvent event, Repository repo) throws IOException {
    String base = required(event, "/pull_request/base/sha");
    String head = required(event, "/pull_request/head/sha");
    String number = event.text("/pull_request/number");
    int commits = event.payload().at("/pull_request/commits").asInt(0);
    String depth =
        FULL_DEPTH + (commits > 0 ? " (or at least `fetch-depth: " + (commits + 2) + "`)" : "");
    String what = "pull request" + (number == null ? "" : " #" + number);
    requireCommit(repo, head, what + "'s head " + head, depth);
    requireCommit(repo, base, what + "'s base " + base, depth);
    return ScanRange.of(
        head, List.of(base), what + ": " + abbreviate(base) + ".." + abbreviate(head), List.of());
  }

  private static ScanRange fullHistory(GithubEvent event, Repository repo) throws IOException {
    String what = event.name() + ": full history";
    requireFullDepth(repo, what + " needs every commit");
    return ScanRange.fullHistory(what);
  }

  private static void requireFullDepth(Repository repo, String why) throws IOException {
    if (!repo.getObjectDatabase().getShallowCommits().isEmpty()) {
      throw new ActionException(why + ", but the checkout is shallow; " + FULL_DEPTH);
    }
  }

  private static void requireCommit(Repository repo, String id, String what, String fix)
      throws IOException {
    if (!isCommit(repo, id)) {
      throw new ActionException(what + " is not in the checkout (shallow clone); " + fix);
    }
  }

  private static boolean isCommit(Repository repo, String id) throws IOException {
    if (!ObjectId.isId(id)) {
      return false;
    }
    try (RevWalk walk = new RevWalk(repo)) {
      // A pushed tag's "after" is the tag object: what it tags must be a commit.
      return walk.peel(walk.parseAny(ObjectId.fromString(id))) instanceof RevCommit;
    } catch (MissingObjectException e) {
      return false;
    }
  }

  /**
   * The default branch as the checkout knows it: the remote-tracking ref first, then a local
   * branch.
   */
  private static String findRef(Repository repo, String branch) throws IOException {
    for (String name :
        List.of(Constants.R_REMOTES + "origin/" + branch, Constants.R_HEADS + branch)) {
      Ref ref = repo.exactRef(name);
      if (ref != null && ref.getObjectId() != null && isCommit(repo, ref.getObjectId().name())) {
        return ref.getObjectId().name();
      }
    }
    return null;
  }

  private static String required(GithubEvent event, String pointer) {
    String value = event.text(pointer);
    if (value == null || value.isBlank()) {
      throw new ActionException(
          event.name() + " event payload has no " + pointer.substring(1).replace('/', '.'));
    }
    return value;
  }

  private static String shortName(String ref) {
    for (String prefix : List.of(Constants.R_HEADS, Constants.R_TAGS)) {
      if (ref.startsWith(prefix)) {
        return ref.substring(prefix.length());
      }
    }
    return ref;
  }

  private static String kind(String ref) {
    return ref.startsWith(Constants.R_TAGS) ? "tag" : "branch";
  }

  static String abbreviate(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }
}
