package io.leakstop.detect;

import com.google.re2j.Pattern;
import io.leakstop.rules.AssignmentGrammar;
import io.leakstop.rules.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What every match of a rule's regex holds from where one of the rule's keywords starts: a literal
 * of the regex's top-level sequence (or of each branch of a group in it) that begins with a
 * keyword, and the rest of the regex after it. The keyword pass reports every occurrence of a
 * keyword, so each match has such a start among its rule's hits; a window whose hits all fail the
 * checks below holds no match, and the regex need not run over it.
 *
 * <p>Checks, cheapest first, each at each hit start: the bytes from there hold the chain of runs
 * the rest of the regex begins with (one chain a branch when it begins with a group of
 * alternatives, see {@link Prerequisites}); for a rule written with the assignment grammar, a key
 * ending there is followed by a separator and the value ({@link AssignmentCheck#metAt}); and the
 * rest of the regex, as its own RE2 regex anchored at the hit, matches there. The last one costs
 * about what the rest of the regex takes to fail, a few dozen bytes, where the whole regex would
 * read the whole window (often a long line of generated HTML) first.
 *
 * <p>Derived from the regex source alone; a rule whose regex it cannot split this way gets no
 * anchor ({@link #of} returns null) and is checked as before.
 */
final class Anchor {
  /** Per alternative, the bytes each position of the literal may hold. */
  private final boolean[][][] literals;

  /** The bytes a literal may start with. */
  private final boolean[] first = new boolean[256];

  /** Per alternative, the chain from the start of the literal; null if some branch has none. */
  private final Prerequisites.Run[][] chains;

  /**
   * The most bytes a chain spans, at most {@link #MAX_CHAIN_REACH}: past it, a chain search lets
   * the hit through.
   */
  private final int chainReach;

  private static final int MAX_CHAIN_REACH = 512;

  /** Null for a rule not written with the assignment grammar, or one whose key ends elsewhere. */
  private final AssignmentCheck assignment;

  /**
   * The literal and the rest of the regex, matched anchored at a hit start; null where its matches
   * have no bound on their length. RE2/J reads on to the end of its input even once no match can
   * start any more, so the input it is given ends one byte past the longest match.
   */
  private final Pattern rest;

  private final int restMaxLength;

  private Anchor(
      List<boolean[][]> literals,
      List<Prerequisites.Run[]> chains,
      AssignmentCheck assignment,
      Pattern rest,
      long restMaxLength) {
    this.literals = literals.toArray(boolean[][][]::new);
    for (boolean[][] literal : literals) {
      for (int b = 0; b < 256; b++) {
        first[b] |= literal[0][b];
      }
    }
    this.chains = chains == null ? null : chains.toArray(Prerequisites.Run[][]::new);
    int reach = 0;
    if (chains != null) {
      for (Prerequisites.Run[] chain : chains) {
        long length = 0;
        for (Prerequisites.Run run : chain) {
          length += run.max();
        }
        reach = (int) Math.max(reach, Math.min(length, MAX_CHAIN_REACH));
      }
    }
    this.chainReach = reach;
    this.assignment = assignment;
    boolean bounded = restMaxLength < MAX_REGEX_REACH;
    this.rest = bounded ? rest : null;
    this.restMaxLength = bounded ? (int) restMaxLength : 0;
  }

  /** A rest whose matches may be longer than this is not run anchored. */
  private static final int MAX_REGEX_REACH = 4096;

  /** The rule's anchor, or null if its regex has none this class can read. */
  static Anchor of(Rule rule) {
    if (rule.regex() == null || rule.keywords().isEmpty()) {
      return null;
    }
    String regex = rule.regex().pattern();
    if (regex.contains("\\Q")) {
      return null;
    }
    List<String> keywords = new ArrayList<>();
    for (String keyword : rule.keywords()) {
      if (keyword.isEmpty() || !keyword.chars().allMatch(c -> c >= ' ' && c < 0x7f)) {
        return null;
      }
      keywords.add(keyword.toLowerCase(Locale.ROOT));
    }
    Prerequisites.Reader reader = new Prerequisites.Reader(regex);
    Splitter splitter = new Splitter(reader, keywords);
    AssignmentGrammar.Assignment parts = AssignmentGrammar.split(regex);
    String rest;
    AssignmentCheck assignment = null;
    if (parts != null) {
      String key = splitter.rest(parts.key(), 0, parts.key().length());
      if (key == null) {
        return null;
      }
      rest =
          parts.flags()
              + "(?:"
              + key
              + "(?:"
              + AssignmentGrammar.separators()
              + "))"
              + parts.value();
      assignment = AssignmentCheck.of(regex);
      if (assignment != null && !assignment.endsStartWithAnyOf(keywords)) {
        assignment = null;
      }
    } else {
      int start = leadingFlagsEnd(regex);
      String tail = splitter.rest(regex, start, regex.length());
      if (tail == null) {
        return null;
      }
      rest = regex.substring(0, start) + tail;
    }
    Pattern compiled;
    try {
      compiled = Pattern.compile(rest, rule.regex().compiled().flags());
    } catch (RuntimeException e) {
      return null;
    }
    List<Prerequisites.Run[]> chains = chains(reader, rest, 0, rest.length());
    return new Anchor(
        splitter.literals, chains, assignment, compiled, maxLength(rest, 0, rest.length()));
  }

  /** Where the flags-only group at the start of {@code regex} ({@code (?i)}) ends; 0 if none. */
  private static int leadingFlagsEnd(String regex) {
    if (regex.startsWith("(?") && Prerequisites.groupBodyStart(regex, 0) < 0) {
      int end = Prerequisites.groupEnd(regex, 0);
      return end < 0 ? 0 : end;
    }
    return 0;
  }

  /**
   * Whether a match may have its literal at one of the hits {@code ranges[i, j)} ({from, to} pairs,
   * each covering keyword occurrences) and end by {@code to}, going by bytes alone: the literal and
   * the chain after it at one hit, and for an assignment, the key's end, separator and value at one
   * (maybe another).
   */
  boolean bytesMayMatch(byte[] data, int[] ranges, int i, int j, int to) {
    Probe probe = new Probe(data, to);
    if (firstLiteral(probe, ranges, i, j, false) < 0) {
      return false;
    }
    if (assignment == null) {
      return true;
    }
    for (int h = i; h < j; h += 2) {
      for (int p = ranges[h]; p < ranges[h + 1] && p < to; p++) {
        if (assignment.metAt(data, p, to)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether the rest of the regex matches, anchored, at one of the hits {@code ranges[i, j)} whose
   * bytes pass, ending by {@code to}; asked only where {@link #bytesMayMatch} holds.
   */
  boolean regexMayMatch(byte[] data, int[] ranges, int i, int j, int to) {
    return firstLiteral(new Probe(data, to), ranges, i, j, true) >= 0;
  }

  /** A window's hits, for the check that needs the window's regex to be run (on a cache miss). */
  record Hits(Anchor anchor, int[] ranges, int from, int to) {
    boolean regexMayMatch(byte[] data, int end) {
      return anchor.regexMayMatch(data, ranges, from, to, end);
    }
  }

  /**
   * The first position in the hits where the literal and its chain are (and the rest of the regex
   * matches, if {@code regex}), or -1.
   */
  private int firstLiteral(Probe probe, int[] ranges, int i, int j, boolean regex) {
    byte[] data = probe.data;
    int to = probe.to;
    for (int h = i; h < j; h += 2) {
      for (int p = ranges[h]; p < ranges[h + 1] && p < to; p++) {
        if (first[data[p] & 0xff]
            && literalAt(data, p, to)
            && (chains == null || probe.chainAt(p))
            && (!regex || rest == null || restMatchesAt(data, p, to))) {
          return p;
        }
      }
    }
    return -1;
  }

  private boolean restMatchesAt(byte[] data, int p, int to) {
    int end = (int) Math.min(to, (long) p + restMaxLength + 1);
    return rest.matcher(new ByteChars(data, p, end - p)).lookingAt();
  }

  /**
   * The most characters a match of {@code regex[from, to)} may hold, {@link Long#MAX_VALUE} if it
   * has no bound or cannot be read.
   */
  static long maxLength(String regex, int from, int to) {
    if (hasTopLevelBar(regex, from, to)) {
      int[] branches = branches(regex, from, to);
      if (branches == null) {
        return Long.MAX_VALUE;
      }
      long most = 0;
      for (int b = 0; b < branches.length; b += 2) {
        most = Math.max(most, maxLength(regex, branches[b], branches[b + 1]));
      }
      return most;
    }
    long total = 0;
    int i = from;
    while (i < to) {
      char c = regex.charAt(i);
      if (assertionEnd(regex, i, to) > 0) {
        i = assertionEnd(regex, i, to);
        continue;
      }
      int end;
      long one;
      if (c == '(') {
        end = Prerequisites.groupEnd(regex, i);
        if (end < 0 || end > to) {
          return Long.MAX_VALUE;
        }
        int body = Prerequisites.groupBodyStart(regex, i);
        one = body < 0 ? 0 : maxLength(regex, body, end - 1);
      } else if (c == '[' || c == '\\' || c == '.') {
        end = Prerequisites.atomEnd(regex, i);
        if (end < 0) {
          return Long.MAX_VALUE;
        }
        one = 1;
      } else if ("*+?{)|".indexOf(c) >= 0) {
        return Long.MAX_VALUE;
      } else {
        end = i + 1;
        one = 1;
      }
      int next = Prerequisites.quantifierEnd(regex, end);
      if (next < 0 || next > to || one == Long.MAX_VALUE) {
        return Long.MAX_VALUE;
      }
      long times = next == end ? 1 : Prerequisites.maximum(regex.substring(end, next));
      if (one > 0 && times == Prerequisites.UNBOUNDED) {
        return Long.MAX_VALUE;
      }
      total += one * times;
      if (total >= Integer.MAX_VALUE) {
        return Long.MAX_VALUE;
      }
      i = next;
    }
    return total;
  }

  /** One window's (or one input's) chain searches, made when first needed. */
  private final class Probe {
    final byte[] data;
    final int to;
    private Prerequisites.ChainSearch[] searches;

    Probe(byte[] data, int to) {
      this.data = data;
      this.to = to;
    }

    boolean chainAt(int p) {
      if (searches == null) {
        searches = new Prerequisites.ChainSearch[chains.length];
      }
      for (int c = 0; c < chains.length; c++) {
        if (!firstRunsAt(chains[c], data, p, to)) {
          continue;
        }
        if (searches[c] == null) {
          searches[c] =
              new Prerequisites.ChainSearch(
                  chains[c], data, to, chainReach + 1, Long.MAX_VALUE / 4);
        }
        if (searches[c].matchesFrom(p)) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * Whether the chain's leading runs of exactly one byte, and the least count of the run after
   * them, are at {@code p}: where most hits fail, checked before the chain search proper.
   */
  private static boolean firstRunsAt(Prerequisites.Run[] chain, byte[] data, int p, int to) {
    int q = p;
    for (Prerequisites.Run run : chain) {
      boolean single = run.min() == 1 && run.max() == 1;
      for (int k = 0; k < run.min(); k++, q++) {
        if (q >= to || !run.bytes()[data[q] & 0xff]) {
          return false;
        }
      }
      if (!single) {
        return true;
      }
    }
    return true;
  }

  private boolean literalAt(byte[] data, int p, int to) {
    for (boolean[][] literal : literals) {
      if (p + literal.length > to) {
        continue;
      }
      int k = 0;
      while (k < literal.length && literal[k][data[p + k] & 0xff]) {
        k++;
      }
      if (k == literal.length) {
        return true;
      }
    }
    return false;
  }

  /**
   * The chains of runs {@code regex[from, to)} begins with: one, or one a branch where it begins
   * with a group of alternatives; each ends before the first thing that is not a run of one-byte
   * atoms (or a plain group of them). Null if some chain would be empty.
   */
  private static List<Prerequisites.Run[]> chains(
      Prerequisites.Reader reader, String regex, int from, int to) {
    int i = from;
    while (i < to && regex.startsWith("(?", i) && Prerequisites.groupBodyStart(regex, i) < 0) {
      i = Prerequisites.groupEnd(regex, i);
      if (i < 0) {
        return null;
      }
    }
    if (i < to && regex.charAt(i) == '(') {
      int end = Prerequisites.groupEnd(regex, i);
      int body = Prerequisites.groupBodyStart(regex, i);
      if (end > 0 && end <= to && body > 0 && Prerequisites.quantifierEnd(regex, end) == end) {
        if (hasTopLevelBar(regex, body, end - 1)) {
          List<Prerequisites.Run[]> all = new ArrayList<>();
          int[] branches = branches(regex, body, end - 1);
          if (branches == null) {
            return null;
          }
          for (int b = 0; b < branches.length; b += 2) {
            List<Prerequisites.Run[]> some = chains(reader, regex, branches[b], branches[b + 1]);
            if (some == null) {
              return null;
            }
            all.addAll(some);
          }
          return all;
        }
      }
    }
    List<Prerequisites.Run> runs = new ArrayList<>();
    readChain(reader, regex, i, to, runs);
    return runs.isEmpty()
        ? null
        : List.<Prerequisites.Run[]>of(runs.toArray(Prerequisites.Run[]::new));
  }

  /**
   * Adds the runs of {@code regex[from, to)} to {@code runs} up to the first that is not a one-byte
   * atom; returns whether it read to the end.
   */
  private static boolean readChain(
      Prerequisites.Reader reader, String regex, int from, int to, List<Prerequisites.Run> runs) {
    int i = from;
    while (i < to) {
      char c = regex.charAt(i);
      if (assertionEnd(regex, i, to) > 0) {
        i = assertionEnd(regex, i, to);
        continue;
      }
      if (c == '(') {
        int end = Prerequisites.groupEnd(regex, i);
        if (end < 0 || end > to || Prerequisites.quantifierEnd(regex, end) != end) {
          return false;
        }
        int body = Prerequisites.groupBodyStart(regex, i);
        if (body > 0
            && (hasTopLevelBar(regex, body, end - 1)
                || !readChain(reader, regex, body, end - 1, runs))) {
          return false;
        }
        i = end;
        continue;
      }
      boolean[] bytes;
      int end;
      if (c == '[' || c == '\\' || c == '.') {
        end = Prerequisites.atomEnd(regex, i);
        bytes = end < 0 ? null : Prerequisites.bytesOf(regex.substring(i, end));
      } else if ("*+?{)|".indexOf(c) >= 0 || c >= 0x80) {
        return false;
      } else {
        end = i + 1;
        bytes = reader.literal(c);
      }
      int next = bytes == null ? -1 : Prerequisites.quantifierEnd(regex, end);
      if (next < 0 || next > to) {
        return false;
      }
      String quantifier = regex.substring(end, next);
      int min = next == end ? 1 : Prerequisites.minimum(quantifier);
      int max = next == end ? 1 : Prerequisites.maximum(quantifier);
      if (min == 0 && wide(bytes)) {
        // Optional filler such as [^\n]{0,200}: it holds nearly every line, and searching through
        // it from every hit costs more than the windows it would turn away.
        return false;
      }
      runs.add(new Prerequisites.Run(bytes, min, max));
      i = next;
    }
    return true;
  }

  /**
   * The top-level branches of {@code regex[from, to)} as {from, to} pairs, one if it has no
   * top-level '|'; null if a token in it cannot be read.
   */
  static int[] branches(String regex, int from, int to) {
    List<Integer> bounds = new ArrayList<>();
    int branch = from;
    for (int i = from; i <= to; ) {
      if (i < to && regex.charAt(i) != '|') {
        i = Prerequisites.tokenEnd(regex, i);
        if (i < 0) {
          return null;
        }
        continue;
      }
      bounds.add(branch);
      bounds.add(i);
      branch = ++i;
    }
    return bounds.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * The index past the empty-width assertion at {@code i} ({@code \b \B \A \z ^ $}), or -1 if there
   * is none.
   */
  static int assertionEnd(String regex, int i, int to) {
    char c = regex.charAt(i);
    if (c == '\\' && i + 1 < to && "bBAz".indexOf(regex.charAt(i + 1)) >= 0) {
      return i + 2;
    }
    return c == '^' || c == '$' ? i + 1 : -1;
  }

  private static boolean wide(boolean[] bytes) {
    int n = 0;
    for (boolean b : bytes) {
      n += b ? 1 : 0;
    }
    return n >= 128;
  }

  static boolean hasTopLevelBar(String regex, int from, int to) {
    for (int i = from; i < to && i >= 0; i = Prerequisites.tokenEnd(regex, i)) {
      if (regex.charAt(i) == '|') {
        return true;
      }
    }
    return false;
  }

  /**
   * Splits a regex (or a part of it: a sequence, the branches of a group) at its first literal that
   * starts with a keyword, collecting the literals it split at.
   */
  private static final class Splitter {
    private final Prerequisites.Reader reader;
    private final List<String> keywords;
    final List<boolean[][]> literals = new ArrayList<>();

    Splitter(Prerequisites.Reader reader, List<String> keywords) {
      this.reader = reader;
      this.keywords = keywords;
    }

    /**
     * What every match of {@code regex[from, to)} holds from where a keyword starts in it: that
     * part of the source, rewritten where the split is inside a group; null if there is none.
     */
    String rest(String regex, int from, int to) {
      if (hasTopLevelBar(regex, from, to)) {
        int[] branches = branches(regex, from, to);
        if (branches == null) {
          return null;
        }
        StringBuilder out = new StringBuilder("(?:");
        for (int b = 0; b < branches.length; b += 2) {
          String rest = rest(regex, branches[b], branches[b + 1]);
          if (rest == null) {
            return null;
          }
          out.append(b == 0 ? "" : "|").append(rest);
        }
        return out.append(')').toString();
      }
      int i = from;
      while (i < to) {
        char c = regex.charAt(i);
        int end = Prerequisites.tokenEnd(regex, i);
        if (end < 0 || end > to) {
          return null;
        }
        int next = Prerequisites.quantifierEnd(regex, end);
        if (next < 0 || next > to) {
          return null;
        }
        if (c == '(' && next == end) {
          int body = Prerequisites.groupBodyStart(regex, i);
          if (body < 0) {
            return null; // flags set in the part a split would drop
          }
          int mark = literals.size();
          String inner = rest(regex, body, end - 1);
          if (inner != null) {
            String open =
                regex.startsWith("(?", i) && regex.charAt(body - 1) == ':'
                    ? regex.substring(i, body)
                    : "(?:";
            return open + inner + ")" + regex.substring(end, to);
          }
          literals.subList(mark, literals.size()).clear();
        } else if (literalChar(regex, i, end) >= 0 && next == end) {
          String rest = restFromLiteral(regex, i, to);
          if (rest != null) {
            return rest;
          }
        }
        i = next;
      }
      return null;
    }

    /**
     * The run of unquantified literal characters starting at {@code i}: if a keyword occurs in it,
     * the source from there, and the literal from there is collected.
     */
    private String restFromLiteral(String regex, int i, int to) {
      List<Integer> starts = new ArrayList<>();
      StringBuilder text = new StringBuilder();
      int j = i;
      while (j < to) {
        int end = Prerequisites.tokenEnd(regex, j);
        int c = end < 0 ? -1 : literalChar(regex, j, end);
        if (c < 0 || Prerequisites.quantifierEnd(regex, end) != end) {
          break;
        }
        starts.add(j);
        text.append((char) c);
        j = end;
      }
      String lower = text.toString().toLowerCase(Locale.ROOT);
      int at = -1;
      for (String keyword : keywords) {
        int o = lower.indexOf(keyword);
        if (o >= 0 && (at < 0 || o < at)) {
          at = o;
        }
      }
      if (at < 0) {
        return null;
      }
      boolean[][] literal = new boolean[text.length() - at][];
      for (int k = at; k < text.length(); k++) {
        literal[k - at] = reader.literal(text.charAt(k));
      }
      literals.add(literal);
      return regex.substring(starts.get(at), to);
    }
  }

  /**
   * The character the token {@code regex[i, end)} matches literally (a plain character or an
   * escaped punctuation mark, below 0x80), or -1.
   */
  static int literalChar(String regex, int i, int end) {
    char c = regex.charAt(i);
    if (end == i + 1) {
      return c < 0x80 && "\\[](){}.*+?^$|".indexOf(c) < 0 ? c : -1;
    }
    if (c == '\\' && end == i + 2) {
      char e = regex.charAt(i + 1);
      return e < 0x80 && !Character.isLetterOrDigit(e) ? e : -1;
    }
    return -1;
  }
}
