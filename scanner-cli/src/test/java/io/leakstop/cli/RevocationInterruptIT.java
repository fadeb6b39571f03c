package io.leakstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakstop.testing.CatalogueSimulator;
import io.leakstop.testing.CatalogueSimulator.State;
import io.leakstop.testing.Tokens;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The packaged CLI killed while a revocation request is in flight: the audit log holds the intent,
 * and the next run verifies the secret again and revokes it only if it is still live, once.
 */
class RevocationInterruptIT {
  @TempDir Path dir;

  private Process start(CatalogueSimulator gitlab, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                PackagedJarIT.jar == null
                    ? Path.of("target/leakstop.jar").toAbsolutePath().toString()
                    : PackagedJarIT.jar.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(dir.resolve("out.txt").toFile())
            .redirectError(dir.resolve("err.txt").toFile());
    pb.environment().put("HOME", dir.resolve("home").toString());
    pb.environment().put(gitlab.env().getKey(), gitlab.env().getValue());
    return pb.start();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < end, "timed out waiting for " + what);
      Thread.sleep(50);
    }
  }

  private static long deletes(CatalogueSimulator gitlab) {
    return gitlab.requests().stream().filter(r -> r.method().equals("DELETE")).count();
  }

  @ParameterizedTest(name = "SIG{0}; the held request took effect at the issuer: {1}")
  @CsvSource({"KILL, false, 137", "TERM, true, 143", "INT, false, 130"})
  void killedMidRevocationTheIntentIsOnRecordAndTheNextRunVerifiesBeforeRevokingOnce(
      String signal, boolean tookEffect, int signalledExit) throws Exception {
    String token = Tokens.gitlabRoutable();
    Path files = Files.createDirectories(dir.resolve("files"));
    Files.writeString(files.resolve("deploy.env"), "GITLAB_TOKEN=" + token + "\n");
    Path audit = dir.resolve("audit.jsonl");
    String[] args = {
      "scan", "--files", files.toString(), "--revoke", "--audit-log", audit.toString()
    };
    try (CatalogueSimulator gitlab = CatalogueSimulator.start("gitlab")) {
      gitlab.live(token).holdRevocations(Duration.ofSeconds(tookEffect ? 2 : 120), tookEffect);
      Process first = start(gitlab, args);
      await("the revocation request", () -> deletes(gitlab) == 1 || !first.isAlive());
      assertTrue(
          first.isAlive(),
          "still waiting for the issuer's answer: " + Files.readString(dir.resolve("err.txt")));
      new ProcessBuilder("kill", "-" + signal, String.valueOf(first.pid())).start().waitFor();
      assertTrue(first.waitFor(30, TimeUnit.SECONDS));
      assertEquals(signalledExit, first.exitValue(), Files.readString(dir.resolve("err.txt")));

      List<String> killed = Files.readAllLines(audit);
      assertEquals(1, killed.size(), "the intent, and no outcome: " + killed);
      assertTrue(
          killed.get(0).contains("\"result\":\"intent\"")
              && killed.get(0).contains("\"attempt\":1"),
          killed.get(0));
      if (tookEffect) {
        await("the held request to take effect", () -> gitlab.state(token) == State.REVOKED);
      }

      gitlab.holdRevocations(Duration.ZERO, true);
      gitlab.clearRequests();
      Process second = start(gitlab, args);
      assertTrue(second.waitFor(60, TimeUnit.SECONDS));
      String out =
          Files.readString(dir.resolve("out.txt")) + Files.readString(dir.resolve("err.txt"));
      List<String> lines = Files.readAllLines(audit);
      assertEquals(State.REVOKED, gitlab.state(token));
      assertTrue(
          gitlab.requests().stream().anyMatch(r -> r.method().equals("GET")),
          "verified again first: " + gitlab.requests());
      if (tookEffect) {
        assertEquals(0, deletes(gitlab), "already revoked: not sent again");
        assertEquals(3, lines.size(), String.join("\n", lines));
        assertTrue(
            lines.get(1).contains("\"result\":\"rechecked\"")
                && lines.get(1).contains("\"verification\":\"inactive\""),
            lines.get(1));
        assertTrue(lines.get(2).contains("\"result\":\"skipped\""), lines.get(2));
        assertTrue(out.contains("1 inactive"), out);
      } else {
        assertEquals(1, deletes(gitlab), "still live: revoked, once");
        assertEquals(4, lines.size(), String.join("\n", lines));
        assertTrue(
            lines.get(1).contains("\"result\":\"rechecked\"")
                && lines.get(1).contains("\"verification\":\"active\""),
            lines.get(1));
        assertTrue(lines.get(2).contains("\"result\":\"intent\""), lines.get(2));
        assertTrue(lines.get(3).contains("\"result\":\"revoked\""), lines.get(3));
        assertTrue(out.contains("1 revoked"), out);
      }
      String log = Files.readString(audit, StandardCharsets.UTF_8);
      assertFalse(log.contains(token) || out.contains(token), "the secret appears only redacted");
      assertFalse(log.contains(token.substring(8, token.length() - 4)), "not even most of it");
    }
  }
}
