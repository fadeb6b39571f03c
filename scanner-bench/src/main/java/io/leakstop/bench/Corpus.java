package io.leakstop.bench;

import io.leakstop.rules.Checksums;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Source-like text with a few planted secrets, the same bytes for a given size and seed, so the JMH
 * benchmark and grep measure identical input. Run as a program to write it to a file.
 */
public final class Corpus {
  private static final String[] LINES = {
    "import java.util.concurrent.ConcurrentHashMap;",
    "public final class %s implements Runnable {",
    "  private final Map<String, List<Integer>> %s = new HashMap<>();",
    "  // Computes the %s for every entry; see the design notes on caching.",
    "  if (request.getHeader(\"Content-Type\") == null) { return Response.status(400).build(); }",
    "    for (int i = 0; i < items.size(); i++) { total += items.get(i).%s(); }",
    "def %s(self, config, *args, **kwargs):",
    "    logger.info(\"processing %%s records from %%s\", len(rows), source)",
    "const %s = await fetch(`${baseUrl}/api/v2/items?page=${page}`, { headers });",
    "  \"name\": \"%s\", \"version\": \"1.4.2\", \"private\": true,",
    "    - name: Install dependencies\n      run: npm ci --prefer-offline",
    "SELECT id, name, created_at FROM %s WHERE deleted_at IS NULL ORDER BY id;",
    "  return fmt.Errorf(\"reading %%s: %%w\", path, err)",
    "#include <stdio.h> /* %s */",
    "    }",
    "",
  };

  /** Lines that hit generic keywords, as ordinary code has them now and then (1 line in 100). */
  private static final String[] KEYWORD_LINES = {
    "      password = request.form.get('password')",
    "  token = os.environ.get(\"API_TOKEN\")",
    "    if (apiKey == null) throw new IllegalStateException(\"no api_key configured\");",
    "  const secret = await vault.read(`kv/${env}/db`);",
  };

  private static final String[] WORDS = {
    "buffer", "userRepository", "parseHeaders", "OrderService", "retryCount", "cacheKey",
    "handleRequest", "metrics", "connectionPool", "renderTemplate", "invoiceTotal", "schemaVersion",
  };
  private static final String ALNUM =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private Corpus() {}

  /**
   * About {@code size} bytes of text; a secret is planted roughly every {@code secretEvery} bytes.
   */
  public static byte[] generate(int size, long seed, int secretEvery) {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder text = new StringBuilder(size + 256);
    int nextSecret = secretEvery;
    while (text.length() < size) {
      String line =
          random.nextInt(100) == 0
              ? KEYWORD_LINES[random.nextInt(KEYWORD_LINES.length)]
              : LINES[random.nextInt(LINES.length)];
      text.append(String.format(line, WORDS[random.nextInt(WORDS.length)])).append('\n');
      if (text.length() >= nextSecret) {
        text.append(secret(random)).append('\n');
        nextSecret += secretEvery;
      }
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String secret(SplittableRandom random) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      body.append(ALNUM.charAt(random.nextInt(ALNUM.length())));
    }
    return switch (random.nextInt(3)) {
      case 0 -> "GITHUB_TOKEN=" + Checksums.GITHUB.complete("ghp_" + body);
      case 1 -> "//registry.npmjs.org/:_authToken=" + Checksums.NPM.complete("npm_" + body);
      default -> "aws_access_key_id = AKIA" + body.substring(0, 16).toUpperCase();
    };
  }

  /** Writes the corpus: {@code Corpus FILE SIZE_MB [SEED]}. */
  public static void main(String[] args) throws IOException {
    int megabytes = Integer.parseInt(args[1]);
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
    Files.write(Path.of(args[0]), generate(megabytes << 20, seed, 256 << 10));
  }
}
