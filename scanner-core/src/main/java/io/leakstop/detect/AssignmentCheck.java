package io.leakstop.detect;

import io.leakstop.rules.AssignmentGrammar;
import io.leakstop.rules.RegexDfa;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a window must hold for a rule written with the assignment grammar ({@code
 * KEY{{assign}}VALUE}) to match in it, read off the key, the value and the grammar's separators: a
 * word every key ends with ({@code token} in {@code …token[\w.-]{0,25}?}), at most the key's tail
 * of name bytes after it, a byte a separator starts with, then only bytes separators hold (on that
 * line, or also the next after an XML element's {@code >}) up to the start of a run of the value's
 * first class as long as its least count. The generic rules' keywords ({@code token}, {@code
 * password}) are on thousands of ordinary lines, and a run of their value class ({@code
 * [^\s"'…]{20,200}}) on most of them; a separator right after the name with the value right after
 * it is what those lines lack ({@code token.length()}, {@code <span class="token keyword">}).
 *
 * <p>Every condition holds for each match: the regex is {@code (?:KEY SEP|ENV KEY SEP)VALUE}. Where
 * the key or value has another shape, that part adds no condition; a rule whose key ends in no word
 * gets no check at all.
 */
final class AssignmentCheck {
  private static final boolean[] SEPARATOR_FIRST = new boolean[256];

  /** Every byte a separator may hold: each of its atoms' bytes, literals in both cases. */
  private static final boolean[] SEPARATOR_BYTES = new boolean[256];

  static {
    for (char c : AssignmentGrammar.SEPARATOR_FIRST_BYTES.toCharArray()) {
      SEPARATOR_FIRST[c] = true;
    }
    String separators = AssignmentGrammar.separators();
    for (int i = 0; i < separators.length(); ) {
      char c = separators.charAt(i);
      if (c == '\\' || c == '[' || c == '.') {
        int end = Prerequisites.atomEnd(separators, i);
        for (int b = 0; b < 256; b++) {
          SEPARATOR_BYTES[b] |= Prerequisites.bytesOf(separators.substring(i, end))[b];
        }
        i = end;
      } else if (c == '(') {
        int body = Prerequisites.groupBodyStart(separators, i);
        i = body < 0 ? separators.indexOf(')', i) + 1 : body;
      } else if (c == '{') {
        i = Prerequisites.quantifierEnd(separators, i);
      } else if ("|)?*+".indexOf(c) >= 0) {
        i++;
      } else {
        SEPARATOR_BYTES[Character.toLowerCase(c)] = true;
        SEPARATOR_BYTES[Character.toUpperCase(c)] = true;
        i++;
      }
    }
  }

  /** The words, lower case, any of which every key match ends with before its tail. */
  private final byte[][] endings;

  /** The first bytes of the endings, both cases. */
  private final boolean[] endingFirst = new boolean[256];

  /** The key's tail after the word: bytes of {@code tail}, at most {@code tailMax} of them. */
  private final boolean[] tail;

  private final int tailMax;

  /** The value starts with at least {@code valueMin} bytes of {@code value}; 0 for no condition. */
  private final boolean[] value;

  private final int valueMin;

  /** The most bytes the value's run may have; {@link Prerequisites#UNBOUNDED} for no bound. */
  private final int valueMax;

  /**
   * The bytes what follows the value's run may start with, {@link #END} for the end; null for no
   * condition.
   */
  private final boolean[] after;

  private AssignmentCheck(
      List<String> endings,
      boolean[] tail,
      int tailMax,
      boolean[] value,
      int valueMin,
      int valueMax,
      boolean[] after) {
    this.valueMax = valueMax;
    this.after = after;
    this.endings = new byte[endings.size()][];
    for (int i = 0; i < endings.size(); i++) {
      byte[] word = endings.get(i).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
      this.endings[i] = word;
      endingFirst[word[0]] = true;
      endingFirst[Character.toUpperCase((char) word[0])] = true;
    }
    this.tail = tail;
    this.tailMax = tailMax;
    this.value = value;
    this.valueMin = valueMin;
  }

  /**
   * The check for {@code regex}, or null if it was not written with the grammar or its key ends in
   * no word.
   */
  static AssignmentCheck of(String regex) {
    AssignmentGrammar.Assignment parts = AssignmentGrammar.split(regex);
    if (parts == null) {
      return null;
    }
    String key = parts.key();
    List<int[]> tokens = tokens(key, 0, key.length());
    if (tokens == null || tokens.isEmpty()) {
      return null;
    }
    boolean[] tail = new boolean[256];
    int tailMax = 0;
    int[] last = tokens.get(tokens.size() - 1);
    if (last[2] != last[1] && Prerequisites.minimum(key.substring(last[1], last[2])) == 0) {
      boolean[] bytes = Prerequisites.bytesOf(key.substring(last[0], last[1]));
      if (bytes == null) {
        return null;
      }
      tail = bytes;
      tailMax = Prerequisites.maximum(key.substring(last[1], last[2]));
      key = key.substring(0, last[0]);
    }
    List<String> endings = endings(key, 0, key.length());
    if (endings == null || endings.isEmpty()) {
      return null;
    }
    boolean[] value = null;
    int valueMin = 0;
    String v = parts.value();
    int body = 0;
    if (v.startsWith("(")) {
      // A group counts only if it is neither optional nor a choice.
      int end = Prerequisites.groupEnd(v, 0);
      body =
          end < 0 || Prerequisites.quantifierEnd(v, end) != end
              ? -1
              : Prerequisites.groupBodyStart(v, 0);
      for (int i = body; i >= 0 && i < end - 1; i = Prerequisites.tokenEnd(v, i)) {
        if (v.charAt(i) == '|') {
          body = -1;
        }
      }
    }
    int valueMax = Prerequisites.UNBOUNDED;
    boolean[] after = null;
    int valueEnd = v.startsWith("(") ? Prerequisites.groupEnd(v, 0) : -1;
    // A group that is all of the value's group, such as (?-i:…), is read through.
    while (body >= 0 && valueEnd > 0 && v.startsWith("(", body)) {
      int innerEnd = Prerequisites.groupEnd(v, body);
      int innerBody = Prerequisites.groupBodyStart(v, body);
      if (innerEnd != valueEnd - 1
          || innerBody < 0
          || Anchor.hasTopLevelBar(v, innerBody, innerEnd - 1)) {
        break;
      }
      body = innerBody;
      valueEnd = innerEnd;
    }
    if (body >= 0) {
      int end = Prerequisites.atomEnd(v, body);
      int next = end < 0 ? -1 : Prerequisites.quantifierEnd(v, end);
      boolean[] bytes = end < 0 ? null : Prerequisites.bytesOf(v.substring(body, end));
      if (bytes != null && next >= 0) {
        value = bytes;
        valueMin = next == end ? 1 : Prerequisites.minimum(v.substring(end, next));
        valueMax = next == end ? 1 : Prerequisites.maximum(v.substring(end, next));
        if (valueEnd > 0 && next == valueEnd - 1) {
          // The value is one run; what follows it starts with one of these bytes, or at the end.
          int outerEnd = Prerequisites.groupEnd(v, 0);
          boolean[] first = new boolean[257];
          if (innerGroupsClose(v, valueEnd, outerEnd)
              && firstBytes(v, outerEnd, v.length(), first) == NOT_NULLABLE) {
            after = first;
          }
        }
      }
    }
    return new AssignmentCheck(endings, tail, tailMax, value, valueMin, valueMax, after);
  }

  /** Whether {@code regex[from, to)} holds only the closing parentheses of unquantified groups. */
  private static boolean innerGroupsClose(String regex, int from, int to) {
    for (int i = from; i < to; i++) {
      if (regex.charAt(i) != ')') {
        return false;
      }
    }
    return true;
  }

  private static final int NOT_NULLABLE = 0;
  private static final int NULLABLE = 1;
  private static final int UNREADABLE = -1;

  /** Stands for the end of the input in a set of first bytes. */
  private static final int END = 256;

  /**
   * Adds to {@code first} the bytes a match of {@code regex[from, to)} may start with ({@link #END}
   * for an end-of-line or end-of-input assertion); returns whether it may match the empty string
   * anywhere ({@link #NULLABLE}), or {@link #UNREADABLE}. Empty-width assertions other than {@code
   * $} are read as matching everywhere, and literals in both cases: a superset either way.
   */
  private static int firstBytes(String regex, int from, int to, boolean[] first) {
    if (Anchor.hasTopLevelBar(regex, from, to)) {
      int[] branches = Anchor.branches(regex, from, to);
      if (branches == null) {
        return UNREADABLE;
      }
      int result = NOT_NULLABLE;
      for (int b = 0; b < branches.length; b += 2) {
        int r = firstBytes(regex, branches[b], branches[b + 1], first);
        if (r == UNREADABLE) {
          return UNREADABLE;
        }
        result = r == NULLABLE ? NULLABLE : result;
      }
      return result;
    }
    int i = from;
    while (i < to) {
      char c = regex.charAt(i);
      if (c == '\\' && i + 1 < to && "bB".indexOf(regex.charAt(i + 1)) >= 0) {
        i += 2;
        continue;
      }
      if (c == '^') {
        i++;
        continue;
      }
      if (c == '$' || (c == '\\' && i + 1 < to && regex.charAt(i + 1) == 'z')) {
        first[END] = true;
        first['\n'] = true;
        return NOT_NULLABLE;
      }
      int end;
      int r;
      if (c == '(') {
        end = Prerequisites.groupEnd(regex, i);
        if (end < 0 || end > to) {
          return UNREADABLE;
        }
        int body = Prerequisites.groupBodyStart(regex, i);
        r = body < 0 ? NULLABLE : firstBytes(regex, body, end - 1, first);
      } else {
        boolean[] bytes;
        if (c == '[' || c == '\\' || c == '.') {
          end = Prerequisites.atomEnd(regex, i);
          bytes = end < 0 ? null : Prerequisites.bytesOf(regex.substring(i, end));
        } else if ("*+?{)|".indexOf(c) >= 0 || c >= 0x80) {
          return UNREADABLE;
        } else {
          end = i + 1;
          bytes = new boolean[256];
          bytes[Character.toLowerCase(c)] = true;
          bytes[Character.toUpperCase(c)] = true;
        }
        if (bytes == null) {
          return UNREADABLE;
        }
        for (int b = 0; b < 256; b++) {
          first[b] |= bytes[b];
        }
        r = NOT_NULLABLE;
      }
      if (r == UNREADABLE) {
        return UNREADABLE;
      }
      int next = Prerequisites.quantifierEnd(regex, end);
      if (next < 0 || next > to) {
        return UNREADABLE;
      }
      if (r == NOT_NULLABLE
          && (next == end || Prerequisites.minimum(regex.substring(end, next)) > 0)) {
        return NOT_NULLABLE;
      }
      i = next;
    }
    return NULLABLE;
  }

  /**
   * The top-level tokens of {@code regex[from, to)}: {start, end of the atom, end of its
   * quantifier}; null if one is unreadable.
   */
  private static List<int[]> tokens(String regex, int from, int to) {
    List<int[]> tokens = new ArrayList<>();
    int i = from;
    while (i < to) {
      char c = regex.charAt(i);
      int end;
      if (c == '\\') {
        end = Prerequisites.atomEnd(regex, i);
        end = end < 0 ? i + 2 : end; // an assertion or back-reference: no literal
      } else if (c == '[') {
        end = RegexDfa.classEnd(regex, i);
      } else if (c == '(') {
        end = Prerequisites.groupEnd(regex, i);
      } else {
        end = i + 1;
      }
      if (end < 0 || end > to) {
        return null;
      }
      int next = Prerequisites.quantifierEnd(regex, end);
      if (next < 0 || next > to) {
        return null;
      }
      tokens.add(new int[] {i, end, next});
      i = next;
    }
    return tokens;
  }

  /**
   * Words, one of which every match of {@code regex[from, to)} ends with: its trailing literal
   * letters, digits and underscores, or those of each branch of a group it ends with; null if there
   * are none.
   */
  private static List<String> endings(String regex, int from, int to) {
    List<int[]> tokens = tokens(regex, from, to);
    if (tokens == null || tokens.isEmpty()) {
      return null;
    }
    int[] last = tokens.get(tokens.size() - 1);
    if (last[2] != last[1]) {
      return null;
    }
    if (regex.charAt(last[0]) == '(') {
      int body = Prerequisites.groupBodyStart(regex, last[0]);
      boolean plain =
          regex.startsWith("(?:", last[0])
              || regex.startsWith("(?P<", last[0])
              || regex.startsWith("(?<", last[0])
              || regex.charAt(last[0] + 1) != '?';
      if (body < 0 || !plain) {
        return null;
      }
      List<String> all = new ArrayList<>();
      int branch = body;
      for (int i = body; ; ) {
        if (i == last[1] - 1 || regex.charAt(i) == '|') {
          List<String> words = endings(regex, branch, i);
          if (words == null) {
            return null;
          }
          all.addAll(words);
          if (i == last[1] - 1) {
            return all;
          }
          branch = ++i;
          continue;
        }
        i = Prerequisites.tokenEnd(regex, i);
        if (i < 0) {
          return null;
        }
      }
    }
    StringBuilder word = new StringBuilder();
    for (int t = tokens.size() - 1; t >= 0; t--) {
      int[] token = tokens.get(t);
      char c = regex.charAt(token[0]);
      boolean literal =
          token[1] == token[0] + 1
              && token[2] == token[1]
              && c < 0x80
              && (Character.isLetterOrDigit(c) || c == '_');
      if (!literal) {
        break;
      }
      word.insert(0, c);
    }
    return word.length() == 0 ? null : List.of(word.toString());
  }

  /** Whether {@code data[from, to)} may hold a match; see the class comment. */
  boolean metIn(byte[] data, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!endingFirst[data[i] & 0xff]) {
        continue;
      }
      for (byte[] word : endings) {
        if (endsWordAt(data, i, to, word) && separatorAfter(data, i + word.length, to)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether a key may end with one of the words starting at {@code at}, followed there by a
   * separator and the value: {@link #metIn} at one position.
   */
  boolean metAt(byte[] data, int at, int to) {
    if (!endingFirst[data[at] & 0xff]) {
      return false;
    }
    for (byte[] word : endings) {
      if (endsWordAt(data, at, to, word) && separatorAfter(data, at + word.length, to)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether each word a key may end with starts with one of {@code keywords} (lower case), so that
   * the keyword pass reports where each starts.
   */
  boolean endsStartWithAnyOf(List<String> keywords) {
    for (byte[] word : endings) {
      String text = new String(word, StandardCharsets.US_ASCII);
      if (keywords.stream().noneMatch(text::startsWith)) {
        return false;
      }
    }
    return true;
  }

  private static boolean endsWordAt(byte[] data, int at, int to, byte[] word) {
    if (at + word.length > to) {
      return false;
    }
    for (int k = 0; k < word.length; k++) {
      int b = data[at + k];
      if ((b >= 'A' && b <= 'Z' ? b + 32 : b) != word[k]) {
        return false;
      }
    }
    return true;
  }

  /** Whether a separator starts within the key's tail after {@code end}, the value after it. */
  private boolean separatorAfter(byte[] data, int end, int to) {
    for (int q = end; q < to && q - end <= tailMax; q++) {
      int b = data[q] & 0xff;
      if (SEPARATOR_FIRST[b] && valueAfter(data, q, to)) {
        return true;
      }
      if (!tail[b]) {
        return false;
      }
    }
    return false;
  }

  /**
   * Whether a run of {@code valueMin} value bytes starts where a separator starting at {@code q}
   * may end: after separator bytes only, on its line or, after a {@code >}, the next.
   */
  private boolean valueAfter(byte[] data, int q, int to) {
    if (valueMin == 0) {
      return true;
    }
    boolean lineEndAllowed = data[q] == '>';
    for (int p = q + 1; p < to; p++) {
      if (runAt(data, p, to)) {
        return true;
      }
      int b = data[p] & 0xff;
      if (!SEPARATOR_BYTES[b]) {
        return false;
      }
      if (b == '\n') {
        if (!lineEndAllowed) {
          return false;
        }
        lineEndAllowed = false;
      }
    }
    return false;
  }

  /**
   * Whether a value may start at {@code p}: a run of at least {@code valueMin} value bytes, and
   * where the value's run is what the value is, a byte (or the end) that what follows it may start
   * with, right after some length the run allows.
   */
  private boolean runAt(byte[] data, int p, int to) {
    if (p + valueMin > to) {
      return false;
    }
    int limit = valueMax == Prerequisites.UNBOUNDED ? to : (int) Math.min(to, (long) p + valueMax);
    int i = p;
    while (i < limit && value[data[i] & 0xff]) {
      i++;
    }
    if (i - p < valueMin) {
      return false;
    }
    if (after == null) {
      return true;
    }
    for (int e = p + valueMin; e <= i; e++) {
      if (e == to ? after[END] : after[data[e] & 0xff]) {
        return true;
      }
    }
    return false;
  }
}
