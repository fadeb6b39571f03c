package io.leakstop.rules;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.leakstop.cache.BoundedCache;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether any of some RE2/J patterns finds something in a text, answered by a DFA built lazily from
 * their source: a table lookup per character where RE2/J, which has no DFA, steps an NFA over every
 * thread of every pattern at every character. The answer is RE2/J's own, for texts whose characters
 * are all below 0x100 (paths, and bytes as the detector presents them); for any other text, or once
 * the DFA has as many states as it may hold, {@link #finds} says {@link #UNKNOWN} and the caller
 * asks the patterns.
 *
 * <p>What a single character matches (a literal under its case flags, a class, an escape, a dot) is
 * asked of RE2/J itself, for each of the 256 characters; this class only reads the structure around
 * those atoms: concatenation, alternation, groups, flags, repetition, and the empty-width
 * assertions {@code ^ $ \A \z \b \B}. A pattern using anything else ({@code \Q}, {@code \C}, octal
 * escapes, compile flags other than case, dot-all and multi-line) gets no DFA: {@link #of} returns
 * null.
 *
 * <p>Thread-safe: states are immutable but for their transitions, which are filled in under a lock
 * and read without one (a state seen through a transition is complete, its fields being final).
 */
public final class RegexDfa {
  /** What {@link #finds} says when only the patterns can tell. */
  public static final int UNKNOWN = -1;

  /** States a DFA may hold; past it, texts that would need more are {@link #UNKNOWN}. */
  private static final int MAX_STATES = 4096;

  /** NFA nodes a set of patterns may expand into (counted repetitions are written out). */
  private static final int MAX_NODES = 20_000;

  /** Character sets of atoms under flags, asked of RE2/J once per process. */
  private static final BoundedCache<String, long[]> ATOM_SETS = BoundedCache.ofEntries(4096);

  private static final long[] NOT_AN_ATOM = new long[0];
  private static final String EVERY_CHAR;

  static {
    char[] chars = new char[256];
    for (int c = 0; c < 256; c++) {
      chars[c] = (char) c;
    }
    EVERY_CHAR = new String(chars);
  }

  // Node kinds of the NFA.
  private static final byte CHARS = 0;
  private static final byte SPLIT = 1;
  private static final byte EMPTY = 2;
  private static final byte ASSERT = 3;
  private static final byte MATCH = 4;

  // Empty-width assertions.
  private static final int BEGIN_TEXT = 0;
  private static final int END_TEXT = 1;
  private static final int BEGIN_LINE = 2;
  private static final int END_LINE = 3;
  private static final int WORD_BOUNDARY = 4;
  private static final int NOT_WORD_BOUNDARY = 5;

  // What the character before a position was, as far as assertions care.
  private static final int AT_START = 0;
  private static final int AFTER_WORD = 1;
  private static final int AFTER_NEWLINE = 2;
  private static final int AFTER_OTHER = 3;

  private final byte[] kinds;
  private final int[] outs;
  private final int[] outs2;

  /** Per node: the class table of a CHARS node (indexed by character class), or the assertion. */
  private final boolean[][] accepts;

  private final int[] assertions;
  private final int start;

  /** Character (below 0x100) → its class: characters of a class are alike to every node. */
  private final int[] classOf = new int[256];

  private final int classCount;

  /** Per class: what it makes the character before the next position ({@link #AFTER_WORD}…). */
  private final int[] contextAfter;

  private final boolean[] classIsWord;
  private final boolean[] classIsNewline;

  private final State initial;
  private final Map<State, State> states = new HashMap<>();

  /** Stands for "a match was found" among transitions. */
  private static final State FOUND = new State(new int[0], AT_START, 0, false);

  private static final class State {
    final int[] nodes;
    final int context;
    final State[] next;
    final boolean acceptsAtEnd;
    private final int hash;

    State(int[] nodes, int context, int classes, boolean acceptsAtEnd) {
      this.nodes = nodes;
      this.context = context;
      this.next = new State[classes];
      this.acceptsAtEnd = acceptsAtEnd;
      this.hash = 31 * Arrays.hashCode(nodes) + context;
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof State s && s.context == context && Arrays.equals(s.nodes, nodes);
    }
  }

  /**
   * A DFA answering whether any of {@code patterns} finds something in a text, or null if one of
   * them uses what this class does not read.
   */
  public static RegexDfa of(List<Pattern> patterns) {
    if (patterns.isEmpty()) {
      return null;
    }
    Nfa nfa = new Nfa();
    int match = nfa.add(MATCH, -1, -1, null, 0);
    int start = -1;
    try {
      for (Pattern pattern : patterns) {
        Node parsed = new Parser(pattern.pattern(), pattern.flags()).parse();
        if (parsed == null) {
          return null;
        }
        int entry = nfa.compile(parsed, match);
        start = start < 0 ? entry : nfa.add(SPLIT, entry, start, null, 0);
      }
    } catch (TooLarge e) {
      return null;
    }
    return new RegexDfa(nfa, start);
  }

  /** As {@link #of(List)} for one pattern. */
  public static RegexDfa of(Pattern pattern) {
    return of(List.of(pattern));
  }

  private RegexDfa(Nfa nfa, int start) {
    int n = nfa.kinds.size();
    this.kinds = new byte[n];
    this.outs = new int[n];
    this.outs2 = new int[n];
    this.assertions = new int[n];
    this.accepts = new boolean[n][];
    this.start = start;
    boolean wordAssertions = false;
    boolean lineAssertions = false;
    for (int i = 0; i < n; i++) {
      kinds[i] = nfa.kinds.get(i);
      outs[i] = nfa.outs.get(i);
      outs2[i] = nfa.outs2.get(i);
      assertions[i] = nfa.assertions.get(i);
      if (kinds[i] == ASSERT) {
        wordAssertions |= assertions[i] == WORD_BOUNDARY || assertions[i] == NOT_WORD_BOUNDARY;
        lineAssertions |= assertions[i] == BEGIN_LINE || assertions[i] == END_LINE;
      }
    }
    // Characters alike to every node's set, and to the assertions used, share a class.
    List<long[]> distinctions = new ArrayList<>(nfa.sets);
    if (wordAssertions) {
      distinctions.add(setOf(WORD));
    }
    if (lineAssertions) {
      distinctions.add(setOf(NEWLINE));
    }
    Map<String, Integer> signatures = new HashMap<>();
    List<Integer> representatives = new ArrayList<>();
    for (int c = 0; c < 256; c++) {
      StringBuilder signature = new StringBuilder();
      for (long[] set : distinctions) {
        signature.append(contains(set, c) ? '1' : '0');
      }
      Integer id = signatures.get(signature.toString());
      if (id == null) {
        id = representatives.size();
        signatures.put(signature.toString(), id);
        representatives.add(c);
      }
      classOf[c] = id;
    }
    this.classCount = representatives.size();
    this.contextAfter = new int[classCount];
    this.classIsWord = new boolean[classCount];
    this.classIsNewline = new boolean[classCount];
    for (int k = 0; k < classCount; k++) {
      int c = representatives.get(k);
      classIsWord[k] = wordAssertions && isWord(c);
      classIsNewline[k] = lineAssertions && c == '\n';
      contextAfter[k] =
          classIsWord[k] ? AFTER_WORD : classIsNewline[k] ? AFTER_NEWLINE : AFTER_OTHER;
    }
    for (int i = 0; i < n; i++) {
      if (kinds[i] == CHARS) {
        long[] set = nfa.sets.get(nfa.setOfNode.get(i));
        boolean[] table = new boolean[classCount];
        for (int k = 0; k < classCount; k++) {
          table[k] = contains(set, representatives.get(k));
        }
        accepts[i] = table;
      }
    }
    synchronized (this) {
      this.initial = intern(new int[] {start}, AT_START);
    }
  }

  /**
   * 1 if one of the patterns finds something in {@code text}, 0 if none does, {@link #UNKNOWN} if
   * this DFA cannot tell.
   */
  public int finds(CharSequence text) {
    State state = initial;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (c > 0xff) {
        return UNKNOWN;
      }
      int k = classOf[c];
      State next = state.next[k];
      if (next == null && (next = step(state, k)) == null) {
        return UNKNOWN;
      }
      if (next == FOUND) {
        return 1;
      }
      state = next;
    }
    return state.acceptsAtEnd ? 1 : 0;
  }

  /** As {@link #finds(CharSequence)} for {@code data[from, to)}, one character per byte. */
  public int finds(byte[] data, int from, int to) {
    State state = initial;
    for (int i = from; i < to; i++) {
      int k = classOf[data[i] & 0xff];
      State next = state.next[k];
      if (next == null && (next = step(state, k)) == null) {
        return UNKNOWN;
      }
      if (next == FOUND) {
        return 1;
      }
      state = next;
    }
    return state.acceptsAtEnd ? 1 : 0;
  }

  /**
   * The state after {@code state} reads a character of class {@code k}; null if none may be made.
   */
  private synchronized State step(State state, int k) {
    State known = state.next[k];
    if (known != null) {
      return known;
    }
    Closure closure = closure(state, k);
    State next;
    if (closure.matched) {
      next = FOUND;
    } else {
      int[] nodes = new int[closure.count + 1];
      int m = 0;
      for (int i = 0; i < closure.count; i++) {
        int node = closure.nodes[i];
        if (kinds[node] == CHARS && accepts[node][k]) {
          nodes[m++] = outs[node];
        }
      }
      nodes[m++] = start; // a match may start at any position
      nodes = Arrays.copyOf(nodes, m);
      Arrays.sort(nodes);
      int distinct = 0;
      for (int i = 0; i < nodes.length; i++) {
        if (i == 0 || nodes[i] != nodes[i - 1]) {
          nodes[distinct++] = nodes[i];
        }
      }
      next = intern(Arrays.copyOf(nodes, distinct), contextAfter[k]);
      if (next == null) {
        return null;
      }
    }
    state.next[k] = next;
    return next;
  }

  private State intern(int[] nodes, int context) {
    State probe = new State(nodes, context, 0, false);
    State known = states.get(probe);
    if (known != null) {
      return known;
    }
    if (states.size() >= MAX_STATES) {
      return null;
    }
    State made = new State(nodes, context, classCount, closure(probe, -1).matched);
    states.put(made, made);
    return made;
  }

  /** The nodes reached from {@code state}'s without reading, before a character of class k. */
  private static final class Closure {
    int[] nodes = new int[16];
    int count;
    boolean matched;
  }

  /**
   * What {@code state}'s nodes reach through empty steps at a position followed by a character of
   * class {@code k}, or by the end of the text if {@code k} is -1.
   */
  private Closure closure(State state, int k) {
    boolean atEnd = k < 0;
    int context = state.context;
    boolean beginText = context == AT_START;
    boolean beginLine = beginText || context == AFTER_NEWLINE;
    boolean endLine = atEnd || classIsNewline[k];
    boolean boundary = (context == AFTER_WORD) != (!atEnd && classIsWord[k]);
    Closure out = new Closure();
    boolean[] seen = new boolean[kinds.length];
    int[] stack = new int[16];
    int top = 0;
    for (int node : state.nodes) {
      if (top == stack.length) {
        stack = Arrays.copyOf(stack, top * 2);
      }
      stack[top++] = node;
    }
    while (top > 0) {
      int node = stack[--top];
      if (seen[node]) {
        continue;
      }
      seen[node] = true;
      int follow = -1;
      int follow2 = -1;
      switch (kinds[node]) {
        case CHARS -> {
          if (out.count == out.nodes.length) {
            out.nodes = Arrays.copyOf(out.nodes, out.count * 2);
          }
          out.nodes[out.count++] = node;
        }
        case MATCH -> out.matched = true;
        case EMPTY -> follow = outs[node];
        case SPLIT -> {
          follow = outs[node];
          follow2 = outs2[node];
        }
        default -> {
          boolean holds =
              switch (assertions[node]) {
                case BEGIN_TEXT -> beginText;
                case END_TEXT -> atEnd;
                case BEGIN_LINE -> beginLine;
                case END_LINE -> endLine;
                case WORD_BOUNDARY -> boundary;
                default -> !boundary;
              };
          follow = holds ? outs[node] : -1;
        }
      }
      if (top + 2 > stack.length) {
        stack = Arrays.copyOf(stack, stack.length * 2);
      }
      if (follow2 >= 0) {
        stack[top++] = follow2;
      }
      if (follow >= 0) {
        stack[top++] = follow;
      }
    }
    return out;
  }

  private static final String WORD = "[0-9A-Za-z_]";
  private static final String NEWLINE = "\\n";

  private static boolean isWord(int c) {
    return c < 0x80 && (Character.isLetterOrDigit(c) || c == '_');
  }

  private static boolean contains(long[] set, int c) {
    return (set[c >>> 6] & (1L << c)) != 0;
  }

  /** The characters below 0x100 that {@code atom} (a regex, flags first) matches, or null. */
  private static long[] setOf(String atom) {
    long[] set = ATOM_SETS.computeIfAbsent(atom, RegexDfa::askRe2);
    return set == NOT_AN_ATOM ? null : set;
  }

  private static long[] askRe2(String atom) {
    long[] set = new long[4];
    Matcher m;
    try {
      m = Pattern.compile(atom).matcher(EVERY_CHAR);
    } catch (RuntimeException e) {
      return NOT_AN_ATOM;
    }
    while (m.find()) {
      if (m.end() != m.start() + 1) {
        return NOT_AN_ATOM;
      }
      set[m.start() >>> 6] |= 1L << m.start();
    }
    return set;
  }

  /** Thrown when the patterns expand into more nodes than {@link #MAX_NODES}. */
  private static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super(null, null, false, false);
    }
  }

  /** A parsed pattern: an atom's set, an assertion, or a structure over parts. */
  private record Node(char kind, long[] set, int assertion, List<Node> parts, int min, int max) {
    static Node atom(long[] set) {
      return new Node('c', set, 0, List.of(), 1, 1);
    }

    static Node assertion(int assertion) {
      return new Node('a', null, assertion, List.of(), 1, 1);
    }

    static Node concat(List<Node> parts) {
      return parts.size() == 1 ? parts.get(0) : new Node('+', null, 0, parts, 1, 1);
    }

    static Node alternation(List<Node> parts) {
      return parts.size() == 1 ? parts.get(0) : new Node('|', null, 0, parts, 1, 1);
    }

    static Node repeat(Node part, int min, int max) {
      return new Node('*', null, 0, List.of(part), min, max);
    }
  }

  private static final int UNBOUNDED = -1;

  /** Nodes as parallel lists; each compiled part leads to a known next node. */
  private static final class Nfa {
    final List<Byte> kinds = new ArrayList<>();
    final List<Integer> outs = new ArrayList<>();
    final List<Integer> outs2 = new ArrayList<>();
    final List<Integer> assertions = new ArrayList<>();
    final List<Integer> setOfNode = new ArrayList<>();
    final List<long[]> sets = new ArrayList<>();
    final Map<String, Integer> setIndex = new HashMap<>();

    int add(byte kind, int out, int out2, long[] set, int assertion) {
      if (kinds.size() >= MAX_NODES) {
        throw new TooLarge();
      }
      kinds.add(kind);
      outs.add(out);
      outs2.add(out2);
      assertions.add(assertion);
      int s = -1;
      if (set != null) {
        String key = Arrays.toString(set);
        Integer known = setIndex.get(key);
        if (known == null) {
          known = sets.size();
          sets.add(set);
          setIndex.put(key, known);
        }
        s = known;
      }
      setOfNode.add(s);
      return kinds.size() - 1;
    }

    /** Compiles {@code node} to lead to {@code next}; returns its entry. */
    int compile(Node node, int next) {
      switch (node.kind()) {
        case 'c':
          return add(CHARS, next, -1, node.set(), 0);
        case 'a':
          return add(ASSERT, next, -1, null, node.assertion());
        case 'e':
          return next;
        case '+':
          {
            int entry = next;
            for (int i = node.parts().size() - 1; i >= 0; i--) {
              entry = compile(node.parts().get(i), entry);
            }
            return entry;
          }
        case '|':
          {
            int entry = -1;
            for (int i = node.parts().size() - 1; i >= 0; i--) {
              int branch = compile(node.parts().get(i), next);
              entry = entry < 0 ? branch : add(SPLIT, branch, entry, null, 0);
            }
            return entry;
          }
        default:
          return repeat(node.parts().get(0), node.min(), node.max(), next);
      }
    }

    private int repeat(Node part, int min, int max, int next) {
      int tail;
      if (max == UNBOUNDED) {
        int loop = add(SPLIT, -1, next, null, 0);
        outs.set(loop, compile(part, loop));
        tail = loop;
      } else {
        tail = next;
        for (int k = min; k < max; k++) {
          tail = add(SPLIT, compile(part, tail), next, null, 0);
        }
      }
      for (int k = 0; k < min; k++) {
        tail = compile(part, tail);
      }
      return tail;
    }
  }

  /** Reads a pattern's source into {@link Node}s; null where it meets what it does not read. */
  private static final class Parser {
    private final String regex;
    private int pos;
    private boolean caseInsensitive;
    private boolean dotAll;
    private boolean multiLine;
    private final boolean readable;

    Parser(String regex, int flags) {
      this.regex = regex;
      this.caseInsensitive = (flags & Pattern.CASE_INSENSITIVE) != 0;
      this.dotAll = (flags & Pattern.DOTALL) != 0;
      this.multiLine = (flags & Pattern.MULTILINE) != 0;
      int known =
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL | Pattern.MULTILINE | Pattern.LONGEST_MATCH;
      this.readable = (flags & ~known) == 0;
    }

    Node parse() {
      if (!readable) {
        return null;
      }
      try {
        Node node = alternation();
        return pos == regex.length() ? node : null;
      } catch (Unreadable e) {
        return null;
      }
    }

    private static final class Unreadable extends RuntimeException {
      private static final long serialVersionUID = 1L;

      Unreadable() {
        super(null, null, false, false);
      }
    }

    private Node alternation() {
      List<Node> branches = new ArrayList<>();
      branches.add(concatenation());
      while (pos < regex.length() && regex.charAt(pos) == '|') {
        pos++;
        branches.add(concatenation());
      }
      return Node.alternation(branches);
    }

    private Node concatenation() {
      List<Node> parts = new ArrayList<>();
      while (pos < regex.length() && regex.charAt(pos) != '|' && regex.charAt(pos) != ')') {
        Node atom = atom();
        if (atom == null) {
          continue; // a flags group: it changed the flags and matches nothing
        }
        boolean quantified = false;
        while (pos < regex.length()) {
          int[] bounds = quantifier();
          if (bounds == null) {
            break;
          }
          if (quantified) {
            throw new Unreadable(); // RE2 rejects nested repetition; never guess
          }
          quantified = true;
          atom = Node.repeat(atom, bounds[0], bounds[1]);
        }
        parts.add(atom);
      }
      return parts.isEmpty() ? new Node('e', null, 0, List.of(), 1, 1) : Node.concat(parts);
    }

    /** The quantifier at {@code pos} as {min, max}, consuming it (and its lazy mark); or null. */
    private int[] quantifier() {
      char c = regex.charAt(pos);
      int[] bounds;
      int end;
      if (c == '*') {
        bounds = new int[] {0, UNBOUNDED};
        end = pos + 1;
      } else if (c == '+') {
        bounds = new int[] {1, UNBOUNDED};
        end = pos + 1;
      } else if (c == '?') {
        bounds = new int[] {0, 1};
        end = pos + 1;
      } else if (c == '{') {
        java.util.regex.Matcher m = COUNTED.matcher(regex).region(pos, regex.length());
        if (!m.lookingAt()) {
          return null; // a literal brace
        }
        int min = count(m.group(1));
        int max = m.group(2) == null ? min : m.group(3).isEmpty() ? UNBOUNDED : count(m.group(3));
        if (min > 1000 || max > 1000 || (max != UNBOUNDED && max < min)) {
          throw new Unreadable();
        }
        bounds = new int[] {min, max};
        end = m.end();
      } else {
        return null;
      }
      pos = end < regex.length() && regex.charAt(end) == '?' ? end + 1 : end;
      return bounds;
    }

    /** A repetition count, read without overflow: anything past RE2's limit is unreadable. */
    private static int count(String digits) {
      String significant = digits.replaceFirst("^0+(?=.)", "");
      if (significant.length() > 4) {
        throw new Unreadable();
      }
      return Integer.parseInt(significant);
    }

    private static final java.util.regex.Pattern COUNTED =
        java.util.regex.Pattern.compile("\\{(\\d+)(,(\\d*))?}");

    /** The atom at {@code pos}, consuming it; null for a flags-only group. */
    private Node atom() {
      char c = regex.charAt(pos);
      switch (c) {
        case '(':
          return group();
        case '^':
          pos++;
          return Node.assertion(multiLine ? BEGIN_LINE : BEGIN_TEXT);
        case '$':
          pos++;
          return Node.assertion(multiLine ? END_LINE : END_TEXT);
        case '*':
        case '+':
        case '?':
          throw new Unreadable();
        case '[':
          {
            int end = classEnd(pos);
            return set(regex.substring(pos, pos = end));
          }
        case '\\':
          return escape();
        case '.':
          pos++;
          return set(".");
        case '{':
          if (COUNTED.matcher(regex).region(pos, regex.length()).lookingAt()) {
            throw new Unreadable(); // a repetition of nothing
          }
          pos++;
          return set("\\{");
        default:
          {
            pos++;
            if (Character.isHighSurrogate(c) || Character.isLowSurrogate(c)) {
              throw new Unreadable();
            }
            if (Character.isLetterOrDigit(c) || c >= 0x80 || c == ' ') {
              return set(String.valueOf(c));
            }
            if (c < 0x20 || c == 0x7f) {
              return set(String.format("\\x{%x}", (int) c));
            }
            return set("\\" + c);
          }
      }
    }

    private Node escape() {
      if (pos + 1 >= regex.length()) {
        throw new Unreadable();
      }
      char e = regex.charAt(pos + 1);
      int end;
      switch (e) {
        case 'A':
          pos += 2;
          return Node.assertion(BEGIN_TEXT);
        case 'z':
          pos += 2;
          return Node.assertion(END_TEXT);
        case 'b':
          pos += 2;
          return Node.assertion(WORD_BOUNDARY);
        case 'B':
          pos += 2;
          return Node.assertion(NOT_WORD_BOUNDARY);
        case 'x':
          end = regex.startsWith("{", pos + 2) ? regex.indexOf('}', pos) + 1 : pos + 4;
          break;
        case 'p':
        case 'P':
          end = regex.startsWith("{", pos + 2) ? regex.indexOf('}', pos) + 1 : pos + 3;
          break;
        case 'd':
        case 'D':
        case 's':
        case 'S':
        case 'w':
        case 'W':
        case 'a':
        case 'f':
        case 't':
        case 'n':
        case 'r':
        case 'v':
          end = pos + 2;
          break;
        default:
          if (e < 0x80 && !Character.isLetterOrDigit(e)) {
            end = pos + 2;
            break;
          }
          throw new Unreadable(); // \Q, \C, octal, back-references, or an invalid escape
      }
      if (end <= pos || end > regex.length()) {
        throw new Unreadable();
      }
      return set(regex.substring(pos, pos = end));
    }

    /** The index past the class opening at {@code open}. */
    private int classEnd(int open) {
      int end = RegexDfa.classEnd(regex, open);
      if (end < 0) {
        throw new Unreadable();
      }
      return end;
    }

    /** The atom's characters under the flags in force. */
    private Node set(String atom) {
      String flags = (caseInsensitive ? "i" : "") + (dotAll ? "s" : "");
      long[] set = setOf(flags.isEmpty() ? atom : "(?" + flags + ":" + atom + ")");
      if (set == null) {
        throw new Unreadable();
      }
      return Node.atom(set);
    }

    /** A group, or null for a flags-only group ({@code (?i)}), which sets flags and goes on. */
    private Node group() {
      int open = pos;
      pos++;
      boolean savedCase = caseInsensitive;
      boolean savedDot = dotAll;
      boolean savedLine = multiLine;
      if (regex.startsWith("?P<", pos) || regex.startsWith("?<", pos)) {
        int close = regex.indexOf('>', pos);
        if (close < 0) {
          throw new Unreadable();
        }
        pos = close + 1;
      } else if (regex.startsWith("?", pos)) {
        pos++;
        boolean negated = false;
        while (true) {
          if (pos >= regex.length()) {
            throw new Unreadable();
          }
          char f = regex.charAt(pos++);
          switch (f) {
            case 'i' -> caseInsensitive = !negated;
            case 's' -> dotAll = !negated;
            case 'm' -> multiLine = !negated;
            case 'U' -> {
              // Ungreedy: whether a match exists does not depend on it.
            }
            case '-' -> {
              if (negated) {
                throw new Unreadable();
              }
              negated = true;
            }
            case ')' -> {
              if (pos - open == 3) {
                throw new Unreadable(); // "(?)"
              }
              return null; // the flags hold to the end of the enclosing group
            }
            case ':' -> {
              Node body = alternation();
              expectClose();
              restore(savedCase, savedDot, savedLine);
              return body;
            }
            default -> throw new Unreadable();
          }
        }
      }
      Node body = alternation();
      expectClose();
      restore(savedCase, savedDot, savedLine);
      return body;
    }

    private void expectClose() {
      if (pos >= regex.length() || regex.charAt(pos) != ')') {
        throw new Unreadable();
      }
      pos++;
    }

    private void restore(boolean savedCase, boolean savedDot, boolean savedLine) {
      caseInsensitive = savedCase;
      dotAll = savedDot;
      multiLine = savedLine;
    }
  }

  /** The index just past the class starting at {@code open}, or -1 if it does not close. */
  public static int classEnd(String regex, int open) {
    int i = open + 1;
    if (i < regex.length() && regex.charAt(i) == '^') {
      i++;
    }
    if (i < regex.length() && regex.charAt(i) == ']') {
      i++;
    }
    for (; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '[' && regex.startsWith("[:", i)) {
        int close = regex.indexOf(":]", i + 2);
        if (close < 0) {
          return -1;
        }
        i = close + 1;
      } else if (c == ']') {
        return i + 1;
      }
    }
    return -1;
  }
}
