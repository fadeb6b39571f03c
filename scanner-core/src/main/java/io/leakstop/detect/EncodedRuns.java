package io.leakstop.detect;

import io.leakstop.source.Lineage;
import java.io.ByteArrayOutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds runs of encoded text in bytes and decodes them: base64 (standard and URL-safe), percent
 * encoding, and escapes of Java, JavaScript and JSON strings (backslash-u and backslash-x). A run
 * is kept only when what it hides is text, so the hashes, ids and paths of ordinary code cost a
 * table lookup every few bytes and are seldom decoded.
 */
final class EncodedRuns {
  /** Shortest base64 run worth decoding: 15 bytes of text, e.g. {@code user:password12}. */
  static final int MIN_BASE64 = 20;

  /** Longest run decoded: larger ones are images, archives and keys, which hide no assignment. */
  static final int MAX_RUN = 64 * 1024;

  /**
   * The whole groups of four characters that every decodable base64 run starts with: its {@link
   * #MIN_BASE64} characters rounded down to groups.
   */
  private static final int WINDOW = MIN_BASE64 / 4 * 4;

  private static final byte OTHER = 0;
  private static final byte BASE64 = 1;

  /** '-' and '_': URL-safe base64, also in identifiers. */
  private static final byte BASE64_URL = 2;

  private static final byte PAD = 3;
  private static final byte[] CLASS = new byte[256];
  private static final int[] SEXTET = new int[256];
  private static final int[] HEX = new int[256];

  /**
   * For a byte at position {@code q} ({@code (q & 3) << 8 | byte}): the alignments ({@code a}, a
   * bit each, for groups starting at positions {@code a} modulo 4) at which it can stand in a run
   * that decodes to text; none for bytes outside both alphabets and for '='.
   */
  private static final byte[] ALIGNMENTS = new byte[4 * 256];

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long PERCENTS = ONES * '%';
  private static final long BACKSLASHES = ONES * '\\';

  static {
    java.util.Arrays.fill(HEX, -1);
    for (int i = 0; i < 16; i++) {
      HEX["0123456789abcdef".charAt(i)] = i;
      HEX["0123456789ABCDEF".charAt(i)] = i;
    }
    java.util.Arrays.fill(SEXTET, -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < alphabet.length(); i++) {
      CLASS[alphabet.charAt(i)] = BASE64;
      SEXTET[alphabet.charAt(i)] = i;
    }
    CLASS['-'] = BASE64_URL;
    CLASS['_'] = BASE64_URL;
    SEXTET['-'] = 62;
    SEXTET['_'] = 63;
    CLASS['='] = PAD;
    boolean[][] fits = fitsInGroup();
    for (int b = 0; b < 256; b++) {
      if (SEXTET[b] < 0) {
        continue;
      }
      for (int q = 0; q < 4; q++) {
        int alignments = 0;
        for (int a = 0; a < 4; a++) {
          alignments |= fits[(q - a) & 3][SEXTET[b]] ? 1 << a : 0;
        }
        ALIGNMENTS[q << 8 | b] = (byte) alignments;
      }
    }
  }

  /**
   * Whether a sextet at each position of a group of four (first index) can be part of a group that
   * decodes to text: each of the bytes it shares with a neighbour can be text with some neighbour.
   * In a group, the decoded bytes straddle positions 0 and 1, 1 and 2, 2 and 3; a sextet there that
   * makes every such byte a control or a non-ASCII byte rules its run out.
   */
  private static boolean[][] fitsInGroup() {
    boolean[][] left = new boolean[4][64];
    boolean[][] right = new boolean[4][64];
    for (int position = 0; position < 3; position++) {
      for (int s = 0; s < 64; s++) {
        for (int t = 0; t < 64; t++) {
          if (isAsciiText(straddling(position, s, t))) {
            left[position][s] = true;
            right[position + 1][t] = true;
          }
        }
      }
    }
    boolean[][] fits = new boolean[4][64];
    for (int position = 0; position < 4; position++) {
      for (int s = 0; s < 64; s++) {
        fits[position][s] =
            (position == 3 || left[position][s]) && (position == 0 || right[position][s]);
      }
    }
    return fits;
  }

  /**
   * The decoded byte made of sextet {@code s} at {@code position} of a group and {@code t} next.
   */
  private static byte straddling(int position, int s, int t) {
    int shift = 2 * position + 2;
    return (byte) (s << shift | t >> (6 - shift));
  }

  /** One decoded run: where its encoded text sits and what it decodes to. */
  record Run(int start, int end, String encoding, byte[] decoded) {}

  private EncodedRuns() {}

  /**
   * Where escapes may start, found by the detector's keyword pass, which reads every byte anyway:
   * (at least) every position of a '%' or '\\' that starts an escape, ascending, {@code count} of
   * them.
   */
  record EscapeStarts(int[] positions, int count) {}

  /**
   * The keywords whose hits are the escape starts of {@link EscapeStarts}: backslash-u, backslash-x
   * and '%' with two hex digits (case-insensitively, as keywords match: a superset).
   */
  static List<String> escapeKeywords() {
    List<String> keywords = new ArrayList<>();
    keywords.add("\\u");
    keywords.add("\\x");
    String digits = "0123456789abcdef";
    for (int high = 0; high < 16; high++) {
      for (int low = 0; low < 16; low++) {
        keywords.add("%" + digits.charAt(high) + digits.charAt(low));
      }
    }
    return keywords;
  }

  /**
   * The runs in {@code data[from, to)} that decode to text, in order, up to {@code budget} decoded
   * bytes.
   */
  static List<Run> find(byte[] data, int from, int to, int budget) {
    return find(data, from, to, budget, null);
  }

  /**
   * {@link #find(byte[], int, int, int)} looking for escapes only where {@code escapes} (for the
   * whole of {@code data[from, to)}; null for none) says they may start: the same runs, with one
   * pass fewer over the input.
   */
  static List<Run> find(byte[] data, int from, int to, int budget, EscapeStarts escapes) {
    return find(data, from, to, budget, escapes, null);
  }

  /**
   * {@link #find(byte[], int, int, int, EscapeStarts)} for bytes built from an earlier fragment's
   * as {@code lineage} says (null for none; followed only when {@code data[from, to)} is the whole
   * fragment): the same runs, with the base64 runs of the copied bytes taken from the base's
   * ({@link Base64Spans}).
   */
  static List<Run> find(
      byte[] data, int from, int to, int budget, EscapeStarts escapes, Lineage lineage) {
    List<Run> runs = new ArrayList<>(0);
    budget =
        escapes == null
            ? escaped(data, from, to, budget, runs)
            : escapedAt(data, from, to, budget, escapes.positions(), escapes.count(), runs);
    if (lineage == null || from != 0) {
      base64(data, from, to, from, to, new Found(runs, budget, null));
    } else {
      int[] spans = Base64Spans.find(data, to, lineage);
      for (int s = 0; s < spans.length; s += 2) {
        budget = kept(base64Around(data, from, to, spans[s], spans[s + 1]), budget, runs);
      }
    }
    if (runs.size() > 1) {
      runs.sort(java.util.Comparator.comparingInt(Run::start));
    }
    return runs;
  }

  /** Adds {@code run} (null for none) to {@code runs} if it fits the budget; the budget left. */
  private static int kept(Run run, int budget, List<Run> runs) {
    if (run != null && run.decoded.length <= budget) {
      runs.add(run);
      return budget - run.decoded.length;
    }
    return budget;
  }

  /**
   * Where the base64 runs that decode to text lie, as the walk meets them: each run's decoded form
   * kept while the budget lasts, and when {@code spans} is not null each run's bytes (from the
   * start of its unbroken stretch of base64 bytes, '=' included, to its end) noted, whatever the
   * budget, for the fragments built from this one.
   */
  static final class Found {
    private final List<Run> runs;
    private int budget;
    private final Base64Spans.Ints spans;

    Found(List<Run> runs, int budget, Base64Spans.Ints spans) {
      this.runs = runs;
      this.budget = budget;
      this.spans = spans;
    }

    void add(int start, int end, Run run) {
      if (spans != null) {
        spans.add(start, end);
      }
      if (runs != null) {
        budget = kept(run, budget, runs);
      }
    }
  }

  /**
   * The same runs as {@link #find}, looked for byte by byte without its shortcuts (words at a time,
   * base64 windows ruled out from their end, escape starts from the keyword pass): the reference
   * that tests hold them to.
   */
  static List<Run> findByteByByte(byte[] data, int from, int to, int budget) {
    List<Run> runs = new ArrayList<>(0);
    for (int i = from; i < to; i++) {
      if ((data[i] == '%' || data[i] == '\\') && escapeLength(data, i, to) > 0) {
        budget = escapedRun(data, from, to, i, budget, runs);
        i = escapeRunEnd(data, i, to);
      }
    }
    for (int i = from; i < to; i++) {
      if (CLASS[data[i] & 0xff] != OTHER) {
        int end = base64RunEnd(data, i, to);
        budget = kept(base64Around(data, from, to, i, end), budget, runs);
        i = end;
      }
    }
    runs.sort(java.util.Comparator.comparingInt(Run::start));
    return runs;
  }

  /**
   * Percent-encoded and escaped runs. A tight loop for the two bytes that start them: ordinary code
   * has a '\\' or '%' now and then, and rarely an escape of the kinds decoded.
   */
  private static int escaped(byte[] data, int from, int to, int budget, List<Run> runs) {
    for (int i = from; i < to; i++) {
      if (i + Long.BYTES <= to && !holdsEscapeStart((long) LONGS.get(data, i))) {
        i += Long.BYTES - 1;
        continue;
      }
      byte b = data[i];
      if ((b != '%' && b != '\\') || escapeLength(data, i, to) == 0) {
        continue;
      }
      budget = escapedRun(data, from, to, i, budget, runs);
      i = escapeRunEnd(data, i, to);
    }
    return budget;
  }

  /** {@link #escaped} visiting only the candidate starts it is given. */
  private static int escapedAt(
      byte[] data, int from, int to, int budget, int[] starts, int count, List<Run> runs) {
    int next = from;
    for (int s = 0; s < count; s++) {
      int i = starts[s];
      if (i < next || i >= to || escapeLength(data, i, to) == 0) {
        continue;
      }
      budget = escapedRun(data, from, to, i, budget, runs);
      next = escapeRunEnd(data, i, to) + 1;
    }
    return budget;
  }

  /** Decodes the run around the escape at {@code i}, if it holds two escapes and hides text. */
  private static int escapedRun(byte[] data, int from, int to, int i, int budget, List<Run> runs) {
    int start = textRunStart(data, i, from);
    int end = escapeRunEnd(data, i, to);
    if (!holdsTwoEscapes(data, i, end)) {
      return budget;
    }
    Run run = data[i] == '%' ? percentRun(data, start, end) : escapeRun(data, start, end);
    if (run != null && run.decoded.length <= budget) {
      budget -= run.decoded.length;
      runs.add(run);
    }
    return budget;
  }

  /**
   * Whether one of the eight bytes in {@code word} is '%' or '\\': the zero-byte test of Hacker's
   * Delight over the word XORed with each, so that text without them is skipped a word at a time.
   */
  private static boolean holdsEscapeStart(long word) {
    return hasZeroByte(word ^ PERCENTS) || hasZeroByte(word ^ BACKSLASHES);
  }

  private static boolean hasZeroByte(long word) {
    return ((word - ONES) & ~word & HIGH_BITS) != 0;
  }

  /**
   * Base64 runs of at least {@link #MIN_BASE64} characters that decode to text. What a run decodes
   * starts at its first character or right after an '=' in it ({@link #base64Run}), so right after
   * a byte outside both alphabets, an '=' or {@code from}; and its first {@link #WINDOW} characters
   * are whole groups whose every character fits its position ({@link #ALIGNMENTS}). Windows of that
   * length are looked at from their last byte back, keeping the alignments all bytes so far fit,
   * and a window that cannot hold such a start is passed as a Boyer-Moore search passes a mismatch:
   * after a byte that fits no alignment ('=' or outside the alphabets) the next window starts right
   * after it; after a base64 character that leaves none, every window up to the end of this one
   * crosses it or follows a base64 character, so the next starts one byte further. Ordinary text
   * (words, identifiers, hashes, paths) fits no alignment within a few bytes. Only a window that
   * fits its own alignment and follows no base64 character is widened to its run, which is decided
   * as the byte-by-byte walk decides it.
   *
   * <p>The runs looked for lie in {@code data[lo, hi)}, inside the input {@code data[from, to)};
   * {@code lo} and {@code hi} must not cut a run (each is an end of the input, or a byte outside
   * both alphabets is next to it on the inside or the outside), and each run found goes to {@code
   * found}.
   */
  static void base64(byte[] data, int from, int to, int lo, int hi, Found found) {
    byte[] alignments = ALIGNMENTS;
    int start = lo;
    while (start + WINDOW <= hi) {
      int q = start + WINDOW - 1;
      int here = alignments[(q & 3) << 8 | (data[q] & 0xff)];
      if (here == 0) {
        start = q + 1;
        continue;
      }
      int fitting = here;
      do {
        q--;
        here = alignments[(q & 3) << 8 | (data[q] & 0xff)];
        fitting &= here;
      } while (fitting != 0 && q > start);
      if (here == 0) {
        start = q + 1;
        continue;
      }
      if (fitting == 0
          || (fitting & 1 << (start & 3)) == 0
          || (start > from && alignments[data[start - 1] & 0xff] != 0)) {
        start += WINDOW + 1;
        continue;
      }
      int end = base64RunEnd(data, start + WINDOW, to);
      int runStart = base64RunStart(data, start, lo);
      Run run = base64Around(data, from, to, runStart, end);
      if (run != null) {
        found.add(runStart, end, run);
      }
      start = end + 1;
    }
  }

  /** Whether {@code b} is in either base64 alphabet or is '='. */
  static boolean isBase64Byte(byte b) {
    return CLASS[b & 0xff] != OTHER;
  }

  /** The start of the unbroken stretch of base64 bytes ('=' included) around {@code at}. */
  static int base64RunStart(byte[] data, int at, int covered) {
    int start = at;
    while (start > covered && CLASS[data[start - 1] & 0xff] != OTHER) {
      start--;
    }
    return start;
  }

  static int base64RunEnd(byte[] data, int at, int to) {
    int end = at;
    while (end < to && CLASS[data[end] & 0xff] != OTHER) {
      end++;
    }
    return end;
  }

  /**
   * The run that the unbroken stretch of base64 bytes {@code data[start, end)} decodes to, if it is
   * one; null if not.
   */
  private static Run base64Around(byte[] data, int from, int to, int start, int end) {
    int length = end - start;
    // A part of a dotted token (a JWT, a Discord token, a host name) is no base64 of its own.
    boolean dotted = (start > from && data[start - 1] == '.') || (end < to && data[end] == '.');
    if (length >= MIN_BASE64 && length <= MAX_RUN && !dotted) {
      return base64Run(data, start, end);
    }
    return null;
  }

  private static Run base64Run(byte[] data, int start, int end) {
    // Trailing padding only; an '=' inside is an assignment (KEY=value): the value follows it.
    int padStart = end;
    while (padStart > start && data[padStart - 1] == '=') {
      padStart--;
    }
    for (int i = padStart - 1; i >= start; i--) {
      if (data[i] == '=') {
        start = i + 1;
        break;
      }
    }
    if (padStart - start < MIN_BASE64 || end - padStart > 2) {
      return null;
    }
    int sextets = padStart - start;
    if (sextets % 4 == 1) {
      return null;
    }
    // One pass that decodes and notes which kinds of byte the run holds: most runs in ordinary
    // text (ids, hashes, paths) decode to a byte that is not text within their first bytes, and
    // are left there.
    boolean upper = false;
    boolean lower = false;
    boolean digitOrSymbol = false;
    boolean standard = false;
    boolean urlSafe = false;
    byte[] out = null;
    int bits = 0;
    int buffer = 0;
    int n = 0;
    for (int i = start; i < padStart; i++) {
      int b = data[i];
      upper |= b >= 'A' && b <= 'Z';
      lower |= b >= 'a' && b <= 'z';
      digitOrSymbol |= (b >= '0' && b <= '9') || b == '+' || b == '/';
      standard |= b == '+' || b == '/';
      urlSafe |= b == '-' || b == '_';
      buffer = (buffer << 6) | SEXTET[b & 0xff];
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        byte decoded = (byte) (buffer >> bits);
        if (!isAsciiText(decoded)) {
          return null;
        }
        if (out == null) {
          out = new byte[sextets * 3 / 4];
        }
        out[n++] = decoded;
      }
    }
    if (!(upper && lower && digitOrSymbol) || (standard && urlSafe)) {
      return null;
    }
    return new Run(start, end, "base64", n == out.length ? out : java.util.Arrays.copyOf(out, n));
  }

  /**
   * The end of a run of escapes or percent-encoding starting at {@code at}, or {@code at} when none
   * starts there.
   */
  private static int escapeRunEnd(byte[] data, int at, int to) {
    if (escapeLength(data, at, to) == 0) {
      return at;
    }
    int i = at;
    while (i < to && !isBoundary(data[i])) {
      i++;
    }
    return i;
  }

  private static int textRunStart(byte[] data, int at, int from) {
    int i = at;
    while (i > from && !isBoundary(data[i - 1])) {
      i--;
    }
    return i;
  }

  /** Whitespace and quotes end encoded runs. */
  private static boolean isBoundary(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '"' || b == '\'' || b == '`'
        || b == '<' || b == '>';
  }

  /**
   * Length of the escape at {@code at} ({@code %HH}, {@code \xHH}, backslash-u HHHH), 0 for none.
   */
  private static int escapeLength(byte[] data, int at, int to) {
    if (data[at] == '%') {
      return hex(data, at + 1, 2, to) ? 3 : 0;
    }
    if (data[at] == '\\' && at + 1 < to) {
      if (data[at + 1] == 'x') {
        return hex(data, at + 2, 2, to) ? 4 : 0;
      }
      if (data[at + 1] == 'u') {
        return hex(data, at + 2, 4, to) ? 6 : 0;
      }
    }
    return 0;
  }

  private static boolean hex(byte[] data, int at, int digits, int to) {
    if (at + digits > to) {
      return false;
    }
    for (int i = at; i < at + digits; i++) {
      if (HEX[data[i] & 0xff] < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code data[at, end)} holds at least two escapes; one alone (a {@code %02d} format, an
   * accent) hides nothing.
   */
  private static boolean holdsTwoEscapes(byte[] data, int at, int end) {
    int escapes = 0;
    for (int i = at; i < end && escapes < 2; i++) {
      int length = (data[i] == '%' || data[i] == '\\') ? escapeLength(data, i, end) : 0;
      if (length > 0) {
        escapes++;
        i += length - 1;
      }
    }
    return escapes >= 2;
  }

  private static Run percentRun(byte[] data, int start, int end) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(end - start);
    int escapes = 0;
    for (int i = start; i < end; i++) {
      if (data[i] == '%' && hex(data, i + 1, 2, end)) {
        out.write(HEX[data[i + 1] & 0xff] << 4 | HEX[data[i + 2] & 0xff]);
        escapes++;
        i += 2;
      } else {
        out.write(data[i]);
      }
    }
    return decodedText(start, end, "percent", out.toByteArray(), escapes);
  }

  private static Run escapeRun(byte[] data, int start, int end) {
    StringBuilder out = new StringBuilder(end - start);
    int escapes = 0;
    for (int i = start; i < end; i++) {
      int length = data[i] == '\\' ? escapeLength(data, i, end) : 0;
      if (length > 0) {
        int c = 0;
        for (int d = i + 2; d < i + length; d++) {
          c = c << 4 | HEX[data[d] & 0xff];
        }
        out.append((char) c);
        escapes++;
        i += length - 1;
      } else {
        out.append((char) (data[i] & 0xff));
      }
    }
    return decodedText(
        start,
        end,
        "escape",
        out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
        escapes);
  }

  /**
   * An escaped run is worth scanning when it hides at least two escaped characters and only text.
   */
  private static Run decodedText(int start, int end, String encoding, byte[] decoded, int escapes) {
    if (escapes < 2) {
      return null;
    }
    for (byte b : decoded) {
      if (!isText(b)) {
        return null;
      }
    }
    return new Run(start, end, encoding, decoded);
  }

  /**
   * Printable ASCII, tab, line feed or carriage return: what base64 of a credential or config
   * decodes to.
   */
  private static boolean isAsciiText(byte b) {
    return (b >= 0x20 && b < 0x7f) || b == '\n' || b == '\r' || b == '\t';
  }

  /** Printable ASCII, tab, line feed, carriage return, or a byte of a UTF-8 sequence. */
  private static boolean isText(byte b) {
    return (b >= 0x20 && b < 0x7f) || b == '\n' || b == '\r' || b == '\t' || b < 0;
  }
}
