package io.leakstop.detect;

/** Shannon entropy, the measure that tells random tokens from words. */
public final class Entropy {
  private Entropy() {}

  /** Bits per character of {@code text}'s own character distribution. */
  public static double shannon(CharSequence text) {
    int n = text.length();
    if (n == 0) {
      return 0;
    }
    int[] counts = new int[128];
    java.util.Map<Character, Integer> other = null;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c < 128) {
        counts[c]++;
      } else {
        if (other == null) {
          other = new java.util.HashMap<>();
        }
        other.merge(c, 1, Integer::sum);
      }
    }
    double entropy = 0;
    for (int count : counts) {
      entropy += term(count, n);
    }
    if (other != null) {
      for (int count : other.values()) {
        entropy += term(count, n);
      }
    }
    return entropy;
  }

  private static double term(int count, int n) {
    if (count == 0) {
      return 0;
    }
    double p = (double) count / n;
    return -p * (Math.log(p) / Math.log(2));
  }
}
