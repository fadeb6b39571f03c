package io.leakstop.sweep;

import io.leakstop.scan.IssuerPolicy;
import io.leakstop.scan.ThreadCount;
import java.nio.file.Path;
import java.util.List;

/**
 * One sweep as asked for: which repositories (a target list, GitHub organisations, GitLab groups),
 * where mirrors, state and reports go, which shard, what to ask the issuers, how much at once.
 * {@link SweepRun} carries it out. Build with {@link #builder()}.
 *
 * @param targets a file of git URLs or local paths, or null
 * @param state the state file, or null for {@code .leakstop-sweep/state.json} (per shard: {@code
 *     state-K-of-N.json})
 * @param shard {@code K/N} or {@code auto/N} as the user wrote it, or null for all
 * @param formats report formats besides HTML
 * @param verify ask issuers whether secrets are live (revocation needs it)
 * @param parallel repositories fetched and scanned at once
 * @param threads threads scanning each repository's history, as asked (capped when the sweep
 *     starts)
 * @param config the config file (never taken from the swept repositories), or null for the built-in
 *     rules
 */
public record SweepRequest(
    Path targets,
    List<String> githubOrgs,
    List<String> gitlabGroups,
    boolean includeForks,
    boolean includeArchived,
    Path cache,
    Path state,
    String shard,
    Path reportDir,
    List<String> formats,
    boolean revoke,
    boolean verify,
    IssuerPolicy.Calls calls,
    boolean showSecrets,
    int parallel,
    int threads,
    Path config) {
  public SweepRequest {
    githubOrgs = List.copyOf(githubOrgs);
    gitlabGroups = List.copyOf(gitlabGroups);
    formats = List.copyOf(formats);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Named setters; unset means the defaults of {@code leakstop sweep}. */
  public static final class Builder {
    private Path targets;
    private List<String> githubOrgs = List.of();
    private List<String> gitlabGroups = List.of();
    private boolean includeForks;
    private boolean includeArchived;
    private Path cache = Path.of(".leakstop-sweep", "cache");
    private Path state;
    private String shard;
    private Path reportDir = Path.of(".leakstop-sweep", "report");
    private List<String> formats = List.of("json");
    private boolean revoke;
    private boolean verify = true;
    private IssuerPolicy.Calls calls = IssuerPolicy.Calls.DEFAULT;
    private boolean showSecrets;
    private int parallel = 4;
    private int threads = ThreadCount.cores();
    private Path config;

    public Builder targets(Path value) {
      targets = value;
      return this;
    }

    public Builder githubOrgs(List<String> value) {
      githubOrgs = value;
      return this;
    }

    public Builder gitlabGroups(List<String> value) {
      gitlabGroups = value;
      return this;
    }

    public Builder includeForks(boolean value) {
      includeForks = value;
      return this;
    }

    public Builder includeArchived(boolean value) {
      includeArchived = value;
      return this;
    }

    public Builder cache(Path value) {
      cache = value;
      return this;
    }

    public Builder state(Path value) {
      state = value;
      return this;
    }

    public Builder shard(String value) {
      shard = value;
      return this;
    }

    public Builder reportDir(Path value) {
      reportDir = value;
      return this;
    }

    public Builder formats(List<String> value) {
      formats = value;
      return this;
    }

    public Builder revoke(boolean value) {
      revoke = value;
      return this;
    }

    public Builder verify(boolean value) {
      verify = value;
      return this;
    }

    public Builder calls(IssuerPolicy.Calls value) {
      calls = value;
      return this;
    }

    public Builder showSecrets(boolean value) {
      showSecrets = value;
      return this;
    }

    public Builder parallel(int value) {
      parallel = value;
      return this;
    }

    public Builder threads(int value) {
      threads = value;
      return this;
    }

    public Builder config(Path value) {
      config = value;
      return this;
    }

    public SweepRequest build() {
      return new SweepRequest(
          targets,
          githubOrgs,
          gitlabGroups,
          includeForks,
          includeArchived,
          cache,
          state,
          shard,
          reportDir,
          formats,
          revoke,
          verify,
          calls,
          showSecrets,
          parallel,
          threads,
          config);
    }
  }
}
