package io.leakstop.testing;

import io.leakstop.rules.Rule;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a rule's committed example into the text the test scans. Committed examples hold no usable
 * secret: random parts are written {@code {{random:CLASS:N}}} and checksums {@code {{checksum}}},
 * so neither push protection nor our own scan of this repository finds a credential in them. Random
 * parts are filled deterministically (seeded by the example), so a failure reproduces.
 */
public final class ExampleText {
  private static final String CHECKSUM_HOLE = "{{checksum}}";
  private static final Pattern RANDOM_HOLE =
      Pattern.compile("\\{\\{random:([A-Za-z0-9]+):(\\d+)\\}\\}");
  private static final Map<String, String> CLASSES =
      Map.of(
          "alnum", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
          "hex", "0123456789abcdef",
          "HEX", "0123456789ABCDEF",
          "digits", "0123456789",
          "upper", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
          "lower", "abcdefghijklmnopqrstuvwxyz0123456789",
          "b32", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
          "bech32", "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L");

  private ExampleText() {}

  public static String fill(Rule rule, String example) {
    return fill(rule, example, false);
  }

  /** With {@code corruptChecksum}, every checksum is filled wrong, for negative tests. */
  public static String fill(Rule rule, String example, boolean corruptChecksum) {
    return fillChecksums(rule, fillRandom(example), corruptChecksum);
  }

  static String fillRandom(String example) {
    SplittableRandom random = new SplittableRandom(example.hashCode());
    Matcher m = RANDOM_HOLE.matcher(example);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String alphabet = CLASSES.get(m.group(1));
      if (alphabet == null) {
        throw new AssertionError(
            "unknown class in " + m.group() + " (known: " + CLASSES.keySet() + ")");
      }
      StringBuilder value = new StringBuilder();
      for (int i = Integer.parseInt(m.group(2)); i > 0; i--) {
        value.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      m.appendReplacement(out, value.toString());
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * Replaces each {@code {{checksum}}} with the checksum of the token before it, which starts at
   * the rule's last keyword occurrence.
   */
  static String fillChecksums(Rule rule, String example, boolean corrupt) {
    String text = example;
    int hole;
    while ((hole = text.indexOf(CHECKSUM_HOLE)) >= 0) {
      if (rule.checksum() == null) {
        throw new AssertionError(
            rule.id() + ": example has " + CHECKSUM_HOLE + " but the rule has no checksum");
      }
      int start = -1;
      for (String keyword : rule.keywords()) {
        start = Math.max(start, text.lastIndexOf(keyword, hole));
      }
      if (start < 0) {
        throw new AssertionError(
            rule.id() + ": no keyword before " + CHECKSUM_HOLE + " in " + example);
      }
      String head = text.substring(start, hole);
      String checksum = rule.checksum().complete(head).substring(head.length());
      if (corrupt) {
        char c = checksum.charAt(0);
        checksum = (c == '1' ? '2' : '1') + checksum.substring(1);
      }
      text = text.substring(0, hole) + checksum + text.substring(hole + CHECKSUM_HOLE.length());
    }
    return text;
  }
}
