package io.leakstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep's listing follows the same endpoint rule as {@code scan --verify}. */
class EndpointCommandTest {
  @TempDir Path work;

  @Test
  void sweepRefusesAPlainHttpApiUrlToANonLoopbackAddressAsAUsageError() {
    Cli.Run run =
        Cli.runWithEnv(
            Map.of("GITHUB_API_URL", "http://10.0.0.1", "GITHUB_TOKEN", "listing-token-0123456789"),
            "",
            "sweep",
            "--github-org",
            "acme",
            "--cache",
            work.resolve("c").toString(),
            "--state",
            work.resolve("s.json").toString(),
            "--report-dir",
            work.resolve("r").toString());
    assertEquals(2, run.code(), run.err());
    assertEquals(
        "leakstop: GITHUB_API_URL: plain http is allowed only for loopback addresses, got 10.0.0.1\n",
        run.err());
  }

  @Test
  void sweepRefusesAServerUrlThatWouldGetTheTokenInClearText() {
    Cli.Run run =
        Cli.runWithEnv(
            Map.of(
                "GITHUB_SERVER_URL",
                "http://git.example.com",
                "GITHUB_TOKEN",
                "listing-token-0123456789"),
            "",
            "sweep",
            "--targets",
            "/dev/null",
            "--cache",
            work.resolve("c").toString(),
            "--state",
            work.resolve("s.json").toString(),
            "--report-dir",
            work.resolve("r").toString());
    assertEquals(2, run.code(), run.err());
    assertEquals(
        "leakstop: GITHUB_SERVER_URL: plain http is allowed only for loopback addresses, got git.example.com\n",
        run.err());
  }
}
