package io.leakstop.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Each change of the options changes only what it names. */
class IssuerOptionsTest {
  private static final Map<String, String> ENV = Map.of("HOME", "/home/someone");

  @Test
  void eachWitherChangesOnlyWhatItNames() {
    IssuerOptions base = IssuerOptions.defaults(ENV);
    List<String> seen = new java.util.ArrayList<>();
    Consumer<String> sink = seen::add;
    IssuerOptions changed =
        base.withDeadline(Duration.ofSeconds(7))
            .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2))
            .withConcurrency(3)
            .withRetries(5, Duration.ofMillis(9))
            .withDryRun(true)
            .withAuditLog(Path.of("/tmp/audit.jsonl"))
            .withNotices(sink);
    assertEquals(Duration.ofSeconds(7), changed.deadline());
    assertEquals(Duration.ofSeconds(1), changed.connectTimeout());
    assertEquals(Duration.ofSeconds(2), changed.requestTimeout());
    assertEquals(3, changed.concurrency());
    assertEquals(5, changed.maxAttempts());
    assertEquals(Duration.ofMillis(9), changed.backoff());
    assertTrue(changed.dryRun());
    assertEquals(Path.of("/tmp/audit.jsonl"), changed.auditLog());
    changed.notices().accept("hello");
    assertEquals(List.of("hello"), seen);
    assertEquals(ENV, changed.env());

    IssuerOptions one = base.withConcurrency(2);
    assertEquals(
        base.toBuilder().concurrency(2).build().toString(),
        one.toString(),
        "a wither is the builder changing one value");
    assertEquals(base.deadline(), one.deadline());
    assertEquals(base.auditLog(), one.auditLog());
    assertEquals(base.maxAttempts(), one.maxAttempts());
  }

  @Test
  void theBuilderKeepsTheRecordsRules() {
    IssuerOptions built =
        IssuerOptions.defaults(ENV).toBuilder().maxAttempts(0).notices(null).build();
    assertEquals(1, built.maxAttempts(), "at least one attempt");
    built.notices().accept("dropped quietly");
  }
}
