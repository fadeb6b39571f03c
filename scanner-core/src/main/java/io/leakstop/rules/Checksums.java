package io.leakstop.rules;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The named checksum validators rules may refer to (see docs/rules.md; the algorithms and their
 * sources: docs/issuers.md).
 */
public final class Checksums {
  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  /**
   * GitHub ghp_/gho_/ghu_/ghr_: CRC32 of the body after the last '_' minus its last 6 chars,
   * base62.
   */
  public static final Checksum GITHUB = new BodyCrc32Base62("github");

  /** npm_ tokens use GitHub's scheme. */
  public static final Checksum NPM = new BodyCrc32Base62("npm");

  public static final Checksum GITLAB_ROUTABLE = new GitLabRoutable();
  public static final Checksum ATLASSIAN = new Atlassian();

  private static final Map<String, Checksum> BY_NAME =
      Map.of(
          GITHUB.name(), GITHUB,
          NPM.name(), NPM,
          GITLAB_ROUTABLE.name(), GITLAB_ROUTABLE,
          ATLASSIAN.name(), ATLASSIAN);

  private Checksums() {}

  public static Optional<Checksum> byName(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  public static java.util.Set<String> names() {
    return new java.util.TreeSet<>(BY_NAME.keySet());
  }

  static long crc32(String text) {
    CRC32 crc = new CRC32();
    crc.update(text.getBytes(StandardCharsets.US_ASCII));
    return crc.getValue();
  }

  static String base62(long value, int width) {
    StringBuilder out = new StringBuilder();
    while (value > 0) {
      out.append(BASE62.charAt((int) (value % 62)));
      value /= 62;
    }
    while (out.length() < width) {
      out.append('0');
    }
    return out.reverse().toString();
  }

  private record BodyCrc32Base62(String name) implements Checksum {
    private static final int LENGTH = 6;

    @Override
    public boolean isValid(String token) {
      String body = token.substring(token.lastIndexOf('_') + 1);
      if (body.length() <= LENGTH) {
        return false;
      }
      String payload = body.substring(0, body.length() - LENGTH);
      return base62(crc32(payload), LENGTH).equals(body.substring(body.length() - LENGTH));
    }

    @Override
    public String complete(String tokenWithoutChecksum) {
      String payload = tokenWithoutChecksum.substring(tokenWithoutChecksum.lastIndexOf('_') + 1);
      return tokenWithoutChecksum + base62(crc32(payload), LENGTH);
    }
  }

  /** GitLab routable tokens end in the base36 CRC32 of everything before it, 7 chars. */
  private static final class GitLabRoutable implements Checksum {
    private static final int LENGTH = 7;

    @Override
    public String name() {
      return "gitlab-routable";
    }

    @Override
    public boolean isValid(String token) {
      if (token.length() <= LENGTH) {
        return false;
      }
      String head = token.substring(0, token.length() - LENGTH);
      return checksum(head).equals(token.substring(token.length() - LENGTH));
    }

    @Override
    public String complete(String tokenWithoutChecksum) {
      return tokenWithoutChecksum + checksum(tokenWithoutChecksum);
    }

    private static String checksum(String head) {
      String digits = Long.toString(crc32(head), 36);
      return "0".repeat(Math.max(0, LENGTH - digits.length())) + digits;
    }
  }

  /** Atlassian ATATT3 tokens end in the uppercase hex CRC32 of everything before it, 8 chars. */
  private static final class Atlassian implements Checksum {
    private static final int LENGTH = 8;

    @Override
    public String name() {
      return "atlassian";
    }

    @Override
    public boolean isValid(String token) {
      if (token.length() <= LENGTH) {
        return false;
      }
      String head = token.substring(0, token.length() - LENGTH);
      return checksum(head).equals(token.substring(token.length() - LENGTH));
    }

    @Override
    public String complete(String tokenWithoutChecksum) {
      return tokenWithoutChecksum + checksum(tokenWithoutChecksum);
    }

    private static String checksum(String head) {
      return String.format(Locale.ROOT, "%08X", crc32(head));
    }
  }
}
