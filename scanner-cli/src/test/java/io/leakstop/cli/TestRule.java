package io.leakstop.cli;

import io.leakstop.testing.Tokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A rule of the tests' own, given in {@code .leakstop.yaml}, so these tests exercise reports,
 * baselines and the action without depending on the built-in catalogue.
 */
final class TestRule {
  static final String ID = "test-token";
  static final String CONFIG =
      """
      rules:
        - id: test-token
          description: Test service token
          issuer: github
          severity: high
          keywords: [tstk_]
          regex: '\\b(tstk_[A-Za-z0-9]{32})\\b'
      """;

  private TestRule() {}

  static String token() {
    return "tstk_" + Tokens.random(32);
  }

  static void configure(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(".leakstop.yaml"), CONFIG);
  }
}
