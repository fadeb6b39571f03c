package io.leakstop.rules;

import com.google.re2j.Pattern;
import io.leakstop.cache.BoundedCache;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a user or a rule says is not a leak, as a list of clauses; a candidate is allowed when any
 * clause allows it. A clause tests commits, paths, regexes (on the secret, the whole match or the
 * line) and stopwords (on the secret), joined by OR or, with {@link Condition#ALL}, by AND.
 *
 * <p>This is the one allowlist of the engine: the YAML {@code allow:} blocks, gitleaks' {@code
 * [allowlist]}, {@code [[allowlists]]} and {@code [[rules.allowlists]]} all become clauses.
 */
public record Allowlist(List<Allowlist.Clause> clauses) {
  public static final Allowlist EMPTY = new Allowlist(List.of());

  public Allowlist {
    clauses = clauses.stream().filter(c -> !c.isEmpty()).toList();
  }

  /** One OR clause over the secret, as the YAML {@code allow:} block writes it. */
  public Allowlist(List<String> stopwords, List<Pattern> regexes, List<Pattern> paths) {
    this(
        List.of(
            new Clause(null, Condition.ANY, List.of(), paths, Target.SECRET, regexes, stopwords)));
  }

  /** How the checks of one clause combine. */
  public enum Condition {
    /** Any check that is present allows (gitleaks' default, {@code OR}). */
    ANY,
    /** Every check that is present must allow ({@code AND}). */
    ALL
  }

  /** What a clause's regexes are tested against (gitleaks' {@code regexTarget}). */
  public enum Target {
    SECRET,
    MATCH,
    LINE
  }

  /**
   * What an allowlist is asked about. Text beyond the secret is only asked for when a clause
   * targets it, so implementations may compute it lazily.
   */
  public interface Subject {
    String secret();

    /** The rule regex's whole match, which may be more than the secret. */
    String match();

    /** The line (or lines) holding the match. */
    String line();

    /** The path, or null when there is none (standard input). */
    String path();

    /**
     * The commit that introduced the secret, or null when unknown (files, or before attribution).
     */
    String commit();
  }

  /**
   * One allowlist entry. Immutable; equal when its checks are. A class rather than a record only
   * because it remembers what its regexes decided (see {@link Verdicts}).
   */
  public static final class Clause {
    private final String description;
    private final Condition condition;
    private final List<String> commits;
    private final List<Pattern> paths;
    private final Target target;
    private final List<Pattern> regexes;
    private final List<String> stopwords;
    private final Verdicts pathVerdicts;
    private final Verdicts regexVerdicts;

    /**
     * @param description what it is for, shown nowhere but kept for the reader of the config
     * @param commits commit ids, full or abbreviated to at least 7 hex digits; case does not matter
     */
    public Clause(
        String description,
        Condition condition,
        List<String> commits,
        List<Pattern> paths,
        Target target,
        List<Pattern> regexes,
        List<String> stopwords) {
      this.description = description;
      this.condition = condition == null ? Condition.ANY : condition;
      this.target = target == null ? Target.SECRET : target;
      this.commits =
          commits.stream()
              .map(c -> c.trim().toLowerCase(Locale.ROOT))
              .filter(c -> !c.isEmpty())
              .distinct()
              .toList();
      this.paths = List.copyOf(paths);
      this.regexes = List.copyOf(regexes);
      this.stopwords =
          stopwords.stream()
              .map(s -> s.toLowerCase(Locale.ROOT))
              .filter(s -> !s.isEmpty())
              .distinct()
              .toList();
      this.pathVerdicts = Verdicts.of(this.paths);
      this.regexVerdicts = Verdicts.of(this.regexes);
    }

    public String description() {
      return description;
    }

    public Condition condition() {
      return condition;
    }

    public List<String> commits() {
      return commits;
    }

    public List<Pattern> paths() {
      return paths;
    }

    public Target target() {
      return target;
    }

    public List<Pattern> regexes() {
      return regexes;
    }

    public List<String> stopwords() {
      return stopwords;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Clause c
          && Objects.equals(description, c.description)
          && condition == c.condition
          && commits.equals(c.commits)
          && paths.equals(c.paths)
          && target == c.target
          && regexes.equals(c.regexes)
          && stopwords.equals(c.stopwords);
    }

    @Override
    public int hashCode() {
      return Objects.hash(description, condition, commits, paths, target, regexes, stopwords);
    }

    @Override
    public String toString() {
      return "Clause[description="
          + description
          + ", condition="
          + condition
          + ", commits="
          + commits
          + ", paths="
          + paths
          + ", target="
          + target
          + ", regexes="
          + regexes
          + ", stopwords="
          + stopwords
          + "]";
    }

    public boolean isEmpty() {
      return commits.isEmpty() && paths.isEmpty() && regexes.isEmpty() && stopwords.isEmpty();
    }

    public boolean allows(Subject subject) {
      if (condition == Condition.ALL) {
        return (commits.isEmpty() || commitAllowed(subject.commit()))
            && (paths.isEmpty() || pathAllowed(subject.path()))
            && (stopwords.isEmpty() || containsStopword(subject.secret()))
            && (regexes.isEmpty() || regexAllowed(target(subject)));
      }
      return commitAllowed(subject.commit())
          || pathAllowed(subject.path())
          || containsStopword(subject.secret())
          || (!regexes.isEmpty() && regexAllowed(target(subject)));
    }

    /** Whether the path alone is enough for this clause to allow everything found there. */
    public boolean allowsPath(String path) {
      if (paths.isEmpty() || !pathAllowed(path)) {
        return false;
      }
      return condition == Condition.ANY
          || (commits.isEmpty() && regexes.isEmpty() && stopwords.isEmpty());
    }

    /** Whether the answer may differ between places holding the same bytes (commits, paths). */
    boolean dependsOnLocation() {
      return !commits.isEmpty() || !paths.isEmpty();
    }

    private String target(Subject subject) {
      return switch (target) {
        case SECRET -> subject.secret();
        case MATCH -> subject.match();
        case LINE -> subject.line();
      };
    }

    private boolean commitAllowed(String commit) {
      if (commit == null || commits.isEmpty()) {
        return false;
      }
      String id = commit.toLowerCase(Locale.ROOT);
      for (String allowed : commits) {
        // Abbreviated ids are how people copy commits from `git log --oneline`.
        if (id.equals(allowed) || (allowed.length() >= 7 && id.startsWith(allowed))) {
          return true;
        }
      }
      return false;
    }

    private boolean pathAllowed(String path) {
      return pathVerdicts.anyFinds(path);
    }

    private boolean containsStopword(String secret) {
      if (stopwords.isEmpty() || secret == null) {
        return false;
      }
      String lower = secret.toLowerCase(Locale.ROOT);
      for (String stopword : stopwords) {
        if (lower.contains(stopword)) {
          return true;
        }
      }
      return false;
    }

    private boolean regexAllowed(String text) {
      return regexVerdicts.anyFinds(text);
    }
  }

  /**
   * Whether any of a list of patterns finds something in a text, remembered per text and shared by
   * every clause with the same patterns. A history holds many versions of each file, each with the
   * same paths and the same candidate secrets: testing the generic rules' path regexes, and their
   * secret regexes, again for every version was much of a history scan's detection time
   * (bench/RESULTS.md, Figures from comments). The generic rules each have their own clause, with
   * the same patterns. A text not remembered is decided by the list's {@link RegexDfa}, which
   * answers as the patterns do a table lookup per character; RE2/J runs only where it cannot tell.
   */
  private static final class Verdicts {
    /**
     * A list's verdicts on at most this many texts are kept; longer texts (whole lines, for a
     * clause that tests lines) are not remembered. Memory stays bounded on any history.
     */
    private static final int MAX_TEXTS = 20_000;

    private static final int MAX_TEXT_LENGTH = 512;

    /** Many configs in one process (a test suite, a sweep) each bring their lists. */
    private static final BoundedCache<List<Pattern>, Verdicts> SHARED =
        BoundedCache.ofEntries(1_000);

    private static final Verdicts NONE = new Verdicts(List.of());

    private final List<Pattern> patterns;
    private final BoundedCache<String, Boolean> byText = BoundedCache.ofEntries(MAX_TEXTS);

    /**
     * The patterns as one alternation, each in a group of its own (so that its inline flags stay
     * its own): one pass over a text instead of one per pattern finds the same. Empty for a single
     * pattern, for patterns compiled with flags outside their text, or when the alternation would
     * not compile (too large a program). Compiled when first needed, not as the catalogue loads:
     * most rules' allowlists are never asked in a scan. Null until then; two threads may both
     * compile it, to equal immutable patterns.
     */
    private volatile Optional<Pattern> any;

    /**
     * The patterns as one {@link RegexDfa}, made on the first text asked about (most lists of a
     * catalogue are never asked); {@link #NO_DFA} for patterns it does not read.
     */
    private volatile Object dfa;

    private static final Object NO_DFA = new Object();

    private Verdicts(List<Pattern> patterns) {
      this.patterns = patterns;
    }

    private Optional<Pattern> any() {
      Optional<Pattern> compiled = any;
      if (compiled == null) {
        compiled = any = Optional.ofNullable(patterns.size() < 2 ? null : alternation(patterns));
      }
      return compiled;
    }

    /** What the DFA says of {@code text}: 1, 0, or {@link RegexDfa#UNKNOWN}. */
    private int dfaFinds(String text) {
      Object made = dfa;
      if (made == null) {
        RegexDfa of = RegexDfa.of(patterns);
        dfa = made = of == null ? NO_DFA : of;
      }
      return made instanceof RegexDfa d ? d.finds(text) : RegexDfa.UNKNOWN;
    }

    private static Pattern alternation(List<Pattern> patterns) {
      StringBuilder regex = new StringBuilder();
      for (Pattern pattern : patterns) {
        if (pattern.flags() != 0) {
          return null;
        }
        if (regex.length() > 0) {
          regex.append('|');
        }
        regex.append("(?:").append(pattern.pattern()).append(')');
      }
      try {
        return Pattern.compile(regex.toString());
      } catch (RuntimeException tooLarge) {
        return null;
      }
    }

    static Verdicts of(List<Pattern> patterns) {
      if (patterns.isEmpty()) {
        return NONE;
      }
      return SHARED.computeIfAbsent(patterns, Verdicts::new);
    }

    boolean anyFinds(String text) {
      if (text == null || patterns.isEmpty()) {
        return false;
      }
      if (text.length() > MAX_TEXT_LENGTH) {
        return findsIn(text);
      }
      Boolean verdict = byText.get(text);
      if (verdict == null) {
        verdict = findsIn(text);
        byText.put(text, verdict);
      }
      return verdict;
    }

    private boolean findsIn(String text) {
      int told = dfaFinds(text);
      if (told != RegexDfa.UNKNOWN) {
        return told == 1;
      }
      Optional<Pattern> alternation = any();
      if (alternation.isPresent()) {
        return alternation.get().matcher(text).find();
      }
      for (Pattern pattern : patterns) {
        if (pattern.matcher(text).find()) {
          return true;
        }
      }
      return false;
    }
  }

  public boolean isEmpty() {
    return clauses.isEmpty();
  }

  public boolean allows(Subject subject) {
    for (Clause clause : clauses) {
      if (clause.allows(subject)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether everything found at {@code path} is allowed, so it need not be scanned for this rule.
   */
  public boolean allowsPath(String path) {
    if (path == null) {
      return false;
    }
    for (Clause clause : clauses) {
      if (clause.allowsPath(path)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a candidate allowed nowhere before attribution may still be allowed at one of its
   * locations (a listed commit, another path of the same blob).
   */
  public boolean dependsOnLocation() {
    for (Clause clause : clauses) {
      if (clause.dependsOnLocation()) {
        return true;
      }
    }
    return false;
  }

  public Allowlist plus(Allowlist other) {
    Objects.requireNonNull(other, "other");
    if (other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    List<Clause> all = new ArrayList<>(clauses);
    all.addAll(other.clauses);
    return new Allowlist(all);
  }
}
