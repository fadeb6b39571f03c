package io.leakstop.detect;

import com.google.re2j.Matcher;
import io.leakstop.cache.BoundedCache;
import io.leakstop.rules.RegexDfa;
import io.leakstop.rules.Rule;
import io.leakstop.rules.RuleSet;
import io.leakstop.source.Lineage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Finds candidate secrets in bytes. Thread-safe, and what it finds depends on the input alone (it
 * remembers only what it derived from its rules, and what a regex found in bytes it met before):
 * one pass of a keyword automaton over the input, then each rule's regex only on the windows around
 * its keyword hits that hold what every match contains ({@link Prerequisites}), then entropy,
 * placeholder, checksum and rule allowlist checks.
 */
public final class Detector {
  private final List<Rule> rules;
  private final KeywordMatcher keywords;

  /**
   * Whether a fragment's {@link Lineage} is followed: {@link DeltaHits} lays the places it reads
   * end to end with a zero byte between them, which must be in no keyword, and orders hits by a key
   * that has room for so many keywords so long (a user's own catalogue could exceed it).
   */
  private final boolean followsLineage;

  /** keyword index → indexes of the rules that listed it. */
  private final int[][] rulesByKeyword;

  /**
   * keyword index → whether its hits are where an escape may start ({@link
   * EncodedRuns.EscapeStarts}).
   */
  private final boolean[] escapeKeyword;

  /**
   * Rules without keywords run over every input; rules that flag files by path alone are not among
   * them (they never see content, see {@link #detectPath}).
   */
  private final int[] unkeyedRules;

  /** Rules that flag files by path alone ({@link Rule#pathOnly}). */
  private final int[] pathOnlyRules;

  /**
   * Per rule, what a window must contain for its regex to be worth running; derived on the rule's
   * first window (a pre-commit scan touches a handful of rules). Racing threads derive equal
   * values; the final fields of {@link Prerequisites} make sharing them safe.
   */
  private final Prerequisites[] prerequisites;

  /**
   * Per rule, its regex as a {@link RegexDfa} (or {@link #NO_DFA}), made on the rule's first window
   * that passes its {@link Prerequisites}; racing threads make equal ones.
   */
  private final Object[] regexDfas;

  private static final Object NO_DFA = new Object();

  /**
   * Path → per rule, {@link #SKIP} or {@link #SCAN} once decided. Racing threads decide alike, so
   * unsynchronised writes into the arrays are harmless.
   */
  private static final int MAX_REMEMBERED_PATHS = 20_000;

  private final BoundedCache<String, byte[]> pathDecisions =
      BoundedCache.ofEntries(MAX_REMEMBERED_PATHS);

  /** A path's decisions before any is made; one function, not one made per path asked about. */
  private final Function<String, byte[]> undecided = path -> new byte[rules().size()];

  /**
   * (rule, window bytes) → what the rule's regex found there: per match, the secret's and the
   * match's start and end, relative to the window. A history holds each line in every version of
   * its file, and a line that passes a rule's {@link Prerequisites} usually holds a secret, which
   * the regex would otherwise find again in every version (bench/RESULTS.md, Figures from
   * comments). Holds about {@link #MAX_REMEMBERED_WINDOW_BYTES}.
   */
  private final BoundedCache<Window, int[]> windowMatches =
      BoundedCache.weighed(
          MAX_REMEMBERED_WINDOW_BYTES, (window, matches) -> window.bytes.length + ENTRY_OVERHEAD);

  private static final long MAX_REMEMBERED_WINDOW_BYTES = 8 << 20;

  /** What an entry costs besides its bytes: key, matches and map node, roughly. */
  private static final int ENTRY_OVERHEAD = 128;

  private static final byte UNDECIDED = 0;
  private static final byte SCAN = 1;
  private static final byte SKIP = 2;

  /** Candidates by where their secret starts, then by rule id. */
  private static final Comparator<Candidate> BY_POSITION =
      Comparator.comparingInt((Candidate c) -> c.span().start()).thenComparing(c -> c.rule().id());

  /** How far a default window reaches along the hit's line, each way. */
  static final int LINE_REACH = 1024;

  /**
   * How many encodings deep a secret is looked for by default: base64 of percent-encoded text, say.
   */
  public static final int DEFAULT_MAX_DECODE_DEPTH = 2;

  public static final int MAX_DECODE_DEPTH = 8;

  /**
   * Decoded bytes scanned per input and level at most: bounds the work a hostile file can cause.
   */
  static final int MAX_DECODED_BYTES = 1 << 20;

  private final int maxDecodeDepth;

  public Detector(RuleSet ruleSet) {
    this(ruleSet, DEFAULT_MAX_DECODE_DEPTH);
  }

  /**
   * @param maxDecodeDepth how many nested encodings (base64, percent, escapes) are decoded to look
   *     for secrets in what they hide; 0 scans the bytes as written only
   */
  public Detector(RuleSet ruleSet, int maxDecodeDepth) {
    if (maxDecodeDepth < 0 || maxDecodeDepth > MAX_DECODE_DEPTH) {
      throw new IllegalArgumentException(
          "the decode depth must be from 0 to " + MAX_DECODE_DEPTH + ", not " + maxDecodeDepth);
    }
    this.maxDecodeDepth = maxDecodeDepth;
    this.rules = ruleSet.rules();
    List<String> distinct = new ArrayList<>();
    List<List<Integer>> owners = new ArrayList<>();
    List<Integer> unkeyed = new ArrayList<>();
    List<Integer> pathOnly = new ArrayList<>();
    java.util.Map<String, Integer> index = new java.util.HashMap<>();
    for (int r = 0; r < rules.size(); r++) {
      Rule rule = rules.get(r);
      if (rule.pathOnly()) {
        // Kept out of the keyword pass and of the rules run over every input: an input no keyword
        // hits still ends the scan of its bytes there.
        pathOnly.add(r);
        continue;
      }
      if (rule.keywords().isEmpty()) {
        unkeyed.add(r);
      }
      for (String keyword : rule.keywords()) {
        String key = keyword.toLowerCase(Locale.ROOT);
        Integer k = index.get(key);
        if (k == null) {
          k = distinct.size();
          index.put(key, k);
          distinct.add(key);
          owners.add(new ArrayList<>());
        }
        if (!owners.get(k).contains(r)) {
          owners.get(k).add(r);
        }
      }
    }
    int ruleKeywords = distinct.size();
    if (maxDecodeDepth > 0) {
      // The keyword pass also finds where escapes may start, so that decoding needs no pass of its
      // own over the input for them.
      for (String keyword : EncodedRuns.escapeKeywords()) {
        if (!index.containsKey(keyword)) {
          index.put(keyword, distinct.size());
          distinct.add(keyword);
          owners.add(new ArrayList<>());
        }
      }
    }
    this.escapeKeyword = new boolean[distinct.size()];
    if (maxDecodeDepth > 0) {
      for (String keyword : EncodedRuns.escapeKeywords()) {
        escapeKeyword[index.get(keyword)] = true;
      }
    }
    this.keywords = new KeywordMatcher(distinct);
    boolean zeroInKeyword = false;
    for (String keyword : distinct) {
      zeroInKeyword |= keyword.indexOf('\0') >= 0;
    }
    this.followsLineage = !zeroInKeyword && DeltaHits.canOrder(distinct.size(), keywords);
    this.rulesByKeyword = new int[owners.size()][];
    for (int k = 0; k < owners.size(); k++) {
      rulesByKeyword[k] = toArray(owners.get(k));
    }
    this.unkeyedRules = toArray(unkeyed);
    this.pathOnlyRules = toArray(pathOnly);
    this.prerequisites = new Prerequisites[rules.size()];
    this.regexDfas = new Object[rules.size()];
  }

  private static int[] toArray(List<Integer> values) {
    int[] out = new int[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  public List<Rule> rules() {
    return rules;
  }

  public List<Candidate> detect(String text) {
    return detect(text.getBytes(StandardCharsets.UTF_8), null);
  }

  /**
   * Candidates in {@code data}, ordered by position. {@code path} (may be null) only serves rules
   * that do not apply to some paths.
   */
  public List<Candidate> detect(byte[] data, String path) {
    return detect(data, data.length, path);
  }

  public List<Candidate> detect(byte[] data, int length, String path) {
    return detect(data, length, path, null);
  }

  /**
   * As {@link #detect(byte[], int, String)}, for bytes built from an earlier fragment's as {@code
   * lineage} (may be null) says: the same candidates, found reading fewer bytes (see {@link
   * DeltaHits}).
   */
  public List<Candidate> detect(byte[] data, int length, String path, Lineage lineage) {
    HitWindows windows = hitWindows(data, length, lineage);
    List<Candidate> found;
    try {
      found = candidates(windows, data, length, path);
      if (maxDecodeDepth > 0) {
        List<Candidate> decoded =
            decoded(data, 0, length, path, maxDecodeDepth, windows.escapeStarts(), lineage);
        if (!decoded.isEmpty()) {
          found = withDecoded(found, decoded);
        }
      }
    } finally {
      windows.release();
    }
    if (found.isEmpty()) {
      return List.of();
    }
    return locate(found, data, length);
  }

  /**
   * Whether some rule flags files by path alone; without one, {@link #detectPath} finds nothing.
   */
  public boolean flagsPaths() {
    return pathOnlyRules.length > 0;
  }

  /**
   * What the rules that flag files by path alone ({@link Rule#pathOnly}) find in a file at {@code
   * path}, whatever its content, size or kind (binary too: it is never read): one candidate per
   * rule whose path regex finds something in the path and whose allowlist does not allow it,
   * located at line 1, column 1 (see {@link Candidate#ofPath}). A history names each path once per
   * change to it, so what a rule decided for a path is remembered with the path scopes of the
   * content rules ({@link #skipsPath}): the regex runs once per distinct path.
   */
  public List<Candidate> detectPath(String path) {
    List<Candidate> found = List.of();
    for (int r : pathOnlyRules) {
      if (skipsPath(r, path)) {
        continue;
      }
      Rule rule = rules.get(r);
      Candidate candidate = Candidate.ofPath(rule, path);
      if (rule.allow().isEmpty()
          || !rule.allow().allows(candidate.subject(NO_BYTES, 0, path, null))) {
        if (found.isEmpty()) {
          found = new ArrayList<>(1);
        }
        found.add(candidate);
      }
    }
    return found;
  }

  private static final byte[] NO_BYTES = {};

  private static final int[] NO_MATCHES = {};

  /**
   * Each thread's {@link HitWindows}, each taken by one keyword pass at a time and cleared when it
   * is done: their per-rule tables, made anew for every blob, were a large share of what a history
   * scan allocated. Two: a pass over an input, and one over a decoded view of a line in it.
   */
  private final ThreadLocal<HitWindows[]> spareWindows =
      ThreadLocal.withInitial(() -> new HitWindows[2]);

  /**
   * The keyword pass over {@code data}: what each rule's regex is to look at. The caller {@link
   * HitWindows#release releases} them when done.
   */
  private HitWindows hitWindows(byte[] data, int length, Lineage lineage) {
    HitWindows[] spares = spareWindows.get();
    HitWindows windows = null;
    for (int i = 0; i < spares.length && windows == null; i++) {
      if (spares[i] == null) {
        spares[i] = new HitWindows(rules, rulesByKeyword, escapeKeyword, keywords);
      }
      if (!spares[i].taken) {
        windows = spares[i];
      }
    }
    if (windows == null) {
      // Passes nested deeper than the spares go: not kept.
      windows = new HitWindows(rules, rulesByKeyword, escapeKeyword, keywords);
    }
    windows.take(length);
    if (lineage == null || !followsLineage) {
      keywords.scan(data, 0, length, windows);
    } else {
      int[] hits = DeltaHits.find(keywords, data, length, lineage);
      for (int i = 0; i < hits.length; i += 2) {
        windows.hit(hits[i], hits[i + 1]);
      }
    }
    for (int r : unkeyedRules) {
      windows.addWhole(r);
    }
    return windows;
  }

  /** Candidates in {@code data} as written, not located yet, ordered by position. */
  private List<Candidate> candidates(byte[] data, int length, String path) {
    HitWindows windows = hitWindows(data, length, null);
    try {
      return candidates(windows, data, length, path);
    } finally {
      windows.release();
    }
  }

  private List<Candidate> candidates(HitWindows windows, byte[] data, int length, String path) {
    if (windows.isEmpty()) {
      return List.of();
    }
    List<Candidate> found = new ArrayList<>();
    for (int r : windows.touchedRules()) {
      Rule rule = rules.get(r);
      if (path == null ? !rule.appliesTo(null) : skipsPath(r, path)) {
        continue;
      }
      Prerequisites needs = prerequisites[r];
      if (needs == null) {
        needs = prerequisites[r] = Prerequisites.of(rule);
      }
      // A rule's hits, {from, to} pairs in order; with an anchor, each match starts its anchor's
      // literal at one of them.
      int[] hits = windows.hits(r);
      int hitsEnd = windows.hitsEnd(r);
      Anchor anchor = windows.inOrder(r) ? needs.anchor() : null;
      if (anchor != null && !anchor.bytesMayMatch(data, hits, 0, hitsEnd, length)) {
        continue; // no window need be made
      }
      int[] spans = windows.mergedSpans(r, data, length);
      int h = 0;
      for (int i = 0; i < spans.length; i += 2) {
        int first = h;
        while (h < hitsEnd && hits[h] < spans[i + 1]) {
          h += 2;
        }
        if (anchor != null && !anchor.bytesMayMatch(data, hits, first, h, spans[i + 1])) {
          continue;
        }
        if (!needs.metIn(data, spans[i], spans[i + 1])) {
          continue;
        }
        Anchor.Hits anchored = anchor == null ? null : new Anchor.Hits(anchor, hits, first, h);
        matchWindow(r, data, length, path, spans[i], spans[i + 1], anchored, found);
      }
    }
    if (found.isEmpty()) {
      return List.of();
    }
    found.sort(BY_POSITION);
    return withoutGenericOverlaps(found);
  }

  /**
   * Secrets hidden by encoded runs in {@code data[from, to)}, each at its run's position. A run is
   * scanned in its line, the decoded text standing in for the encoded one, so that the name a
   * Kubernetes {@code data:} value or an {@code Authorization: Basic} header is given still counts.
   * {@code lineage} (may be null) says how {@code data} was built, when it is a whole fragment.
   */
  private List<Candidate> decoded(
      byte[] data,
      int from,
      int to,
      String path,
      int depth,
      EncodedRuns.EscapeStarts starts,
      Lineage lineage) {
    List<Candidate> out = new ArrayList<>();
    for (EncodedRuns.Run run :
        EncodedRuns.find(data, from, to, MAX_DECODED_BYTES, starts, lineage)) {
      int lineStart =
          HitWindows.lineStart(data, run.start(), Math.max(from, run.start() - LINE_REACH));
      int lineEnd =
          HitWindows.lineEnd(data, run.end(), (int) Math.min(to, (long) run.end() + LINE_REACH));
      byte[] decoded = run.decoded();
      int before = run.start() - lineStart;
      byte[] view = new byte[before + decoded.length + lineEnd - run.end()];
      System.arraycopy(data, lineStart, view, 0, before);
      System.arraycopy(decoded, 0, view, before, decoded.length);
      System.arraycopy(data, run.end(), view, before + decoded.length, lineEnd - run.end());
      int decodedEnd = before + decoded.length;
      List<Candidate> inView = new ArrayList<>();
      Span decodedInView = new Span(before, decodedEnd);
      for (Candidate c : candidates(view, view.length, path)) {
        if (c.span().overlaps(decodedInView)) {
          inView.add(c);
        }
      }
      if (depth > 1) {
        // A view is one line: it is looked through in full rather than from its keyword pass.
        inView.addAll(decoded(view, before, decodedEnd, path, depth - 1, null, null));
      }
      for (Candidate c : inView) {
        String decoding =
            c.decoding() == null ? run.encoding() : run.encoding() + "+" + c.decoding();
        Span encoded = new Span(run.start(), run.end());
        out.add(Candidate.found(c.rule(), c.secret(), encoded, encoded).withDecoding(decoding));
      }
    }
    return out;
  }

  /**
   * Both, ordered by position. A decoded secret that its rule found as written inside the same run
   * (a token in a percent-encoded URL) is left out; so is a match on encoded text that was decoded
   * into a finding (a generic one, or any where the decoded finding's rule is issuer-specific, such
   * as the base64-wrapped-JWT rule beside the JWT decoded from it): the decoded secret is the
   * credential.
   */
  private static List<Candidate> withDecoded(List<Candidate> found, List<Candidate> decoded) {
    List<Candidate> kept = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Candidate d : decoded) {
      boolean asWritten =
          found.stream()
              .anyMatch(
                  c ->
                      c.rule() == d.rule()
                          && c.secret().equals(d.secret())
                          && d.span().contains(c.span()));
      if (!asWritten && seen.add(d.rule().id() + '\0' + d.secret() + '\0' + d.span().start())) {
        kept.add(d);
      }
    }
    List<Candidate> all = new ArrayList<>(found.size() + kept.size());
    for (Candidate c : found) {
      if (kept.stream()
          .noneMatch(d -> (isGeneric(c) || !isGeneric(d)) && d.span().contains(c.span()))) {
        all.add(c);
      }
    }
    all.addAll(kept);
    all.sort(BY_POSITION);
    return all;
  }

  /**
   * Whether rule {@code r} does not apply to {@code path} or its allowlist allows the whole file.
   * Remembered per path, since a history holds many versions of each file. The allowlist remembers
   * what its own path regexes decided (it is also asked per candidate); this spares the rule's path
   * regex (gitleaks' {@code path}, tested for every blob by a rule without keywords) and the walk
   * over its clauses.
   */
  private boolean skipsPath(int r, String path) {
    byte[] decided = pathDecisions.computeIfAbsent(path, undecided);
    if (decided[r] == UNDECIDED) {
      Rule rule = rules.get(r);
      decided[r] = !rule.appliesTo(path) || rule.allow().allowsPath(path) ? SKIP : SCAN;
    }
    return decided[r] == SKIP;
  }

  /**
   * Runs rule {@code r}'s regex over one window (windows of one rule never overlap), unless its
   * {@link RegexDfa} says it finds nothing there (most windows that reach here), or the window's
   * {@code anchored} hits (null for none) show it cannot match.
   */
  private void matchWindow(
      int r,
      byte[] data,
      int length,
      String path,
      int from,
      int to,
      Anchor.Hits anchored,
      List<Candidate> found) {
    Rule rule = rules.get(r);
    RegexDfa dfa = regexDfa(r);
    int told = dfa == null ? RegexDfa.UNKNOWN : dfa.finds(data, from, to);
    if (told == 0) {
      return;
    }
    Window window = new Window(r, data, from, to);
    int[] matches = windowMatches.get(window);
    if (matches == null) {
      matches =
          told == 1 || anchored == null || anchored.regexMayMatch(data, to)
              ? regexMatches(rule, data, from, to)
              : NO_MATCHES;
      windowMatches.put(window.owningItsBytes(), matches);
    }
    for (int m = 0; m < matches.length; m += 4) {
      int start = from + matches[m];
      int end = from + matches[m + 1];
      String secret = new String(data, start, end - start, StandardCharsets.UTF_8);
      Candidate candidate =
          Candidate.found(
              rule,
              secret,
              new Span(start, end),
              new Span(from + matches[m + 2], from + matches[m + 3]));
      if (accepts(rule, candidate, data, length, path)) {
        found.add(candidate);
      }
    }
  }

  /** Rule {@code r}'s {@link RegexDfa}, or null if its regex has none. */
  private RegexDfa regexDfa(int r) {
    Object dfa = regexDfas[r];
    if (dfa == null) {
      RegexDfa made = RegexDfa.of(rules.get(r).regex().compiled());
      regexDfas[r] = dfa = made == null ? NO_DFA : made;
    }
    return dfa instanceof RegexDfa d ? d : null;
  }

  /**
   * Per match of the rule's regex in {@code data[from, to)}: secret start and end, match start and
   * end.
   */
  private static int[] regexMatches(Rule rule, byte[] data, int from, int to) {
    Matcher matcher = rule.regex().matcher(new ByteChars(data, from, to - from));
    int[] matches = new int[0];
    while (matcher.find()) {
      int group = rule.secretGroupIn(matcher);
      int s = matcher.start(group);
      int e = matcher.end(group);
      if (s < 0 || e <= s) {
        continue;
      }
      matches = Arrays.copyOf(matches, matches.length + 4);
      matches[matches.length - 4] = s;
      matches[matches.length - 3] = e;
      matches[matches.length - 2] = matcher.start();
      matches[matches.length - 1] = matcher.end();
    }
    return matches;
  }

  /** A rule and the bytes of a window, compared by content; a key of {@link #windowMatches}. */
  private static final class Window {
    final int rule;
    final byte[] bytes;
    final int from;
    final int to;
    final int hash;

    Window(int rule, byte[] bytes, int from, int to) {
      this(rule, bytes, from, to, hash(rule, bytes, from, to));
    }

    private static int hash(int rule, byte[] bytes, int from, int to) {
      int h = rule;
      for (int i = from; i < to; i++) {
        h = 31 * h + bytes[i];
      }
      return h;
    }

    /** This key with a copy of its bytes, so that it does not hold on to the whole input. */
    Window owningItsBytes() {
      return new Window(rule, Arrays.copyOfRange(bytes, from, to), 0, to - from, hash);
    }

    private Window(int rule, byte[] bytes, int from, int to, int hash) {
      this.rule = rule;
      this.bytes = bytes;
      this.from = from;
      this.to = to;
      this.hash = hash;
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Window w
          && w.rule == rule
          && w.hash == hash
          && Arrays.equals(bytes, from, to, w.bytes, w.from, w.to);
    }
  }

  /**
   * Entropy, placeholder, checksum, then the rule's allowlist (which includes the config's global
   * one). The commit is unknown here: allowlists naming commits are checked again per location.
   */
  private static boolean accepts(
      Rule rule, Candidate candidate, byte[] data, int length, String path) {
    String secret = candidate.secret();
    if (rule.minEntropy() > 0 && Entropy.shannon(secret) < rule.minEntropy()) {
      return false;
    }
    if (Placeholders.isPlaceholder(secret)) {
      return false;
    }
    if (rule.checksum() != null && !rule.checksum().isValid(secret)) {
      return false;
    }
    return rule.allow().isEmpty()
        || !rule.allow().allows(candidate.subject(data, length, path, null));
  }

  /**
   * Drops a generic rule's candidate where an issuer-specific rule found a secret in the same
   * bytes: the specific rule names the credential and can verify it.
   */
  private static List<Candidate> withoutGenericOverlaps(List<Candidate> sorted) {
    if (sorted.size() < 2) {
      return sorted;
    }
    List<Candidate> kept = new ArrayList<>(sorted.size());
    for (Candidate c : sorted) {
      if (isGeneric(c) && overlapsSpecific(sorted, c)) {
        continue;
      }
      kept.add(c);
    }
    return kept;
  }

  private static boolean overlapsSpecific(List<Candidate> sorted, Candidate generic) {
    for (Candidate other : sorted) {
      if (other.span().start() >= generic.span().end()) {
        break;
      }
      if (!isGeneric(other) && other.span().overlaps(generic.span())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isGeneric(Candidate c) {
    return "generic".equals(c.rule().issuer());
  }

  /**
   * Fills in line, column and line bounds, walking the data once for all candidates, and the
   * companions of rules that declare some.
   */
  private static List<Candidate> locate(List<Candidate> sorted, byte[] data, int length) {
    List<Candidate> located = new ArrayList<>(sorted.size());
    int line = 1;
    int lineStart = 0;
    int pos = 0;
    for (Candidate c : sorted) {
      int start = c.span().start();
      for (; pos < start; pos++) {
        if (data[pos] == '\n') {
          line++;
          lineStart = pos + 1;
        }
      }
      int lineEnd = start;
      while (lineEnd < length && data[lineEnd] != '\n') {
        lineEnd++;
      }
      int column = 1;
      for (int i = lineStart; i < start; i++) {
        if ((data[i] & 0xc0) != 0x80) {
          column++;
        }
      }
      located.add(
          c.located(
              new Position(line, column),
              new Span(lineStart, lineEnd),
              Companions.near(c.rule(), data, length, start, lineStart, lineEnd)));
    }
    return located;
  }

  /**
   * Collects keyword hits per rule, then turns them into merged byte windows for the regex. Used
   * again for input after input: {@link #take} before a pass, {@link #release} after it.
   */
  private static final class HitWindows implements KeywordMatcher.Hits {
    /**
     * A rule's hit array or the escape starts grown past this many entries are dropped on release
     * rather than kept for the next input.
     */
    private static final int KEPT_ENTRIES = 1 << 12;

    private final List<Rule> rules;
    private final int[][] rulesByKeyword;
    private final boolean[] escapeKeyword;
    private final KeywordMatcher keywords;
    private int length;

    /** Whether a pass holds these now. */
    private boolean taken;

    /** Per rule, its hits so far; arrays of rules untouched by this input hold stale ones. */
    private int[][] hits;

    private int[] counts;
    private int[] touched = new int[8];
    private int touchedCount;
    private int[] escapeStarts = new int[0];
    private int escapeCount;

    /** Per rule, whether a hit was joined to one that started after it; null while none was. */
    private boolean[] outOfOrder;

    /** The input holds no line end in [noLineEndFrom, noLineEndTo). */
    private int noLineEndFrom;

    private int noLineEndTo;

    HitWindows(
        List<Rule> rules,
        int[][] rulesByKeyword,
        boolean[] escapeKeyword,
        KeywordMatcher keywords) {
      this.rules = rules;
      this.rulesByKeyword = rulesByKeyword;
      this.escapeKeyword = escapeKeyword;
      this.keywords = keywords;
    }

    /** Starts a pass over an input of {@code length} bytes. */
    void take(int length) {
      this.length = length;
      this.taken = true;
    }

    /** Ends the pass: forgets its hits (keeping arrays of a moderate size) and frees these. */
    void release() {
      for (int t = 0; t < touchedCount; t++) {
        int rule = touched[t];
        counts[rule] = 0;
        if (hits[rule].length > KEPT_ENTRIES) {
          hits[rule] = null;
        }
        if (outOfOrder != null) {
          outOfOrder[rule] = false;
        }
      }
      touchedCount = 0;
      escapeCount = 0;
      if (escapeStarts.length > KEPT_ENTRIES) {
        escapeStarts = new int[0];
      }
      noLineEndFrom = 0;
      noLineEndTo = 0;
      taken = false;
    }

    @Override
    public void hit(int keyword, int end) {
      int start = end - keywords.keywordLength(keyword);
      for (int r : rulesByKeyword[keyword]) {
        add(r, start, end);
      }
      if (escapeKeyword[keyword]) {
        if (escapeCount == escapeStarts.length) {
          escapeStarts = Arrays.copyOf(escapeStarts, Math.max(8, escapeCount * 2));
        }
        escapeStarts[escapeCount++] = start;
      }
    }

    /**
     * Where the keyword pass saw escapes may start; hits come in order of end, so the starts are
     * sorted too.
     */
    EncodedRuns.EscapeStarts escapeStarts() {
      return new EncodedRuns.EscapeStarts(escapeStarts, escapeCount);
    }

    void addWhole(int rule) {
      add(rule, 0, length);
    }

    private void add(int rule, int start, int end) {
      if (hits == null) {
        hits = new int[rules.size()][];
        counts = new int[rules.size()];
      }
      int[] ruleHits = hits[rule];
      int n = counts[rule];
      if (n == 0) {
        if (ruleHits == null) {
          ruleHits = hits[rule] = new int[8];
        }
        if (touchedCount == touched.length) {
          touched = Arrays.copyOf(touched, touchedCount * 2);
        }
        touched[touchedCount++] = rule;
      } else if (ruleHits[n - 1] >= start) {
        // Overlapping hits (e.g. "secret" inside "client_secret") extend the previous one.
        ruleHits[n - 1] = Math.max(ruleHits[n - 1], end);
        if (start < ruleHits[n - 2]) {
          // The longer keyword, reported after, started first: the pair no longer covers it.
          if (outOfOrder == null) {
            outOfOrder = new boolean[rules.size()];
          }
          outOfOrder[rule] = true;
        }
        return;
      }
      if (n + 2 > ruleHits.length) {
        ruleHits = hits[rule] = Arrays.copyOf(ruleHits, ruleHits.length * 2);
      }
      ruleHits[n] = start;
      ruleHits[n + 1] = end;
      counts[rule] = n + 2;
    }

    boolean isEmpty() {
      return touchedCount == 0;
    }

    /**
     * The rule's hits as {from, to} pairs up to {@link #hitsEnd}, ordered, each covering the
     * keyword occurrences it joined.
     */
    int[] hits(int rule) {
      return hits[rule];
    }

    int hitsEnd(int rule) {
      return counts[rule];
    }

    /** Whether each of the rule's keyword occurrences starts inside one of its {@link #hits}. */
    boolean inOrder(int rule) {
      return outOfOrder == null || !outOfOrder[rule];
    }

    int[] touchedRules() {
      return Arrays.copyOf(touched, touchedCount);
    }

    /**
     * Windows around the rule's hits as {from, to} pairs, overlapping ones merged so that each byte
     * is matched at most once per rule. By default a window is the hit's line (at most {@link
     * #LINE_REACH} bytes either side of the hit): RE2/J has no DFA, so the bytes handed to it are
     * what the detector's speed depends on. A rule with a {@code window} (secrets spanning lines,
     * like PEM keys) gets that many bytes either side, from a line start.
     */
    int[] mergedSpans(int rule, byte[] data, int length) {
      int window = rules.get(rule).window();
      int[] ruleHits = hits[rule];
      int n = counts[rule];
      int[] spans = new int[n];
      int out = 0;
      for (int i = 0; i < n; i += 2) {
        int start = ruleHits[i];
        int end = ruleHits[i + 1];
        int from;
        int to;
        if (window > 0) {
          int back = Math.max(0, start - window);
          from = knownLineStart(data, back, Math.max(0, back - LINE_REACH));
          to = (int) Math.min(length, (long) end + window);
        } else {
          from = knownLineStart(data, start, Math.max(0, start - LINE_REACH));
          to = knownLineEnd(data, end, (int) Math.min(length, (long) end + LINE_REACH));
          if (endsWithTagClose(data, start, to) && to < length) {
            // <fooToken>\n    value\n</fooToken>: the assignment grammar reads the next line.
            to = knownLineEnd(data, to + 1, (int) Math.min(length, (long) to + 1 + LINE_REACH));
          }
        }
        if (out > 0 && from <= spans[out - 1]) {
          spans[out - 1] = Math.max(spans[out - 1], to);
        } else {
          spans[out++] = from;
          spans[out++] = to;
        }
      }
      return Arrays.copyOf(spans, out);
    }

    /**
     * {@link #lineEnd}, skipping the bytes an earlier call found no line end in: a long line with
     * many hits (generated HTML, minified code) would otherwise be walked again for each of them,
     * and for each rule they belong to.
     */
    private int knownLineEnd(byte[] data, int pos, int limit) {
      int i = pos >= noLineEndFrom && pos < noLineEndTo ? noLineEndTo : pos;
      if (i >= limit) {
        return limit;
      }
      i = lineEnd(data, i, limit);
      remember(Math.min(pos, i), i);
      return i;
    }

    /** {@link #lineStart}, skipping the bytes an earlier call found no line end in. */
    private int knownLineStart(byte[] data, int pos, int limit) {
      int i = pos > noLineEndFrom && pos <= noLineEndTo ? noLineEndFrom : pos;
      if (i <= limit) {
        return limit;
      }
      i = lineStart(data, i, limit);
      remember(i, pos);
      return i;
    }

    /** Notes that {@code data[from, to)} holds no line end, joining the span known so far. */
    private void remember(int from, int to) {
      if (from <= noLineEndTo && to >= noLineEndFrom) {
        noLineEndFrom = Math.min(from, noLineEndFrom);
        noLineEndTo = Math.max(to, noLineEndTo);
      } else {
        noLineEndFrom = from;
        noLineEndTo = to;
      }
    }

    static int lineEnd(byte[] data, int pos, int limit) {
      int i = pos;
      while (i < limit && data[i] != '\n') {
        i++;
      }
      return i;
    }

    /**
     * Whether the line ending at {@code lineEnd} ends with '>' (trailing blanks aside) after {@code
     * from}.
     */
    private static boolean endsWithTagClose(byte[] data, int from, int lineEnd) {
      int i = lineEnd - 1;
      while (i >= from && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r')) {
        i--;
      }
      return i >= from && data[i] == '>';
    }

    static int lineStart(byte[] data, int pos, int limit) {
      int i = pos;
      while (i > limit && data[i - 1] != '\n') {
        i--;
      }
      return i;
    }
  }
}
