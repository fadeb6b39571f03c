package io.leakstop.sweep;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;

/**
 * A stable slice of the targets: shard {@code index} (1-based) of {@code count} holds the targets
 * whose key hashes to it. The hash (SHA-256 of the key) does not depend on the order or number of
 * targets, so a repository stays in its shard when others are added or removed.
 */
public record Shard(int index, int count) {
  public static final Shard ALL = new Shard(1, 1);

  public Shard {
    if (count < 1 || index < 1 || index > count) {
      throw new IllegalArgumentException(
          "shard " + index + "/" + count + " is out of range (K/N needs 1 <= K <= N)");
    }
  }

  /**
   * Parses {@code K/N}, or {@code auto/N} which takes K from the 0-based {@code
   * JOB_COMPLETION_INDEX} a Kubernetes Indexed Job sets.
   */
  public static Shard parse(String spec, Map<String, String> env) {
    String[] parts = spec.trim().split("/", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException("--shard '" + spec + "': expected K/N or auto/N");
    }
    int count = number(parts[1], spec);
    int index;
    if (parts[0].equals("auto")) {
      String completion = env.get("JOB_COMPLETION_INDEX");
      if (completion == null || completion.isBlank()) {
        throw new IllegalArgumentException(
            "--shard auto/" + count + ": JOB_COMPLETION_INDEX is not set");
      }
      index = number(completion, "JOB_COMPLETION_INDEX=" + completion) + 1;
    } else {
      index = number(parts[0], spec);
    }
    try {
      return new Shard(index, count);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--shard '" + spec + "': " + e.getMessage());
    }
  }

  private static int number(String text, String spec) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--shard '" + spec + "': '" + text + "' is not a number");
    }
  }

  public boolean includes(Target target) {
    return slot(target.key(), count) == index - 1;
  }

  public List<Target> select(List<Target> targets) {
    return targets.stream().filter(this::includes).toList();
  }

  static int slot(String key, int count) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      long value = 0;
      for (int i = 0; i < 8; i++) {
        value = (value << 8) | (digest[i] & 0xff);
      }
      return (int) Long.remainderUnsigned(value, count);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
