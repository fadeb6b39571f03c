package io.leakstop.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakstop.finding.Revocation;
import io.leakstop.finding.Verification;
import io.leakstop.rules.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
  @TempDir Path dir;

  @Test
  void savesAtomicallyAndReadsBack() throws IOException {
    Path file = dir.resolve("state.json");
    try (StateStore store = StateStore.open(file)) {
      SweepState state = store.load();
      assertTrue(state.repositories.isEmpty());
      state
          .repo(Target.of("https://github.com/acme/api.git"))
          .scannedTips
          .add("0123456789012345678901234567890123456789");
      store.save(state);
      store.save(state);
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(
          List.of("state.json", "state.json.lock"),
          files.map(p -> p.getFileName().toString()).sorted().toList(),
          "no temporary files left");
    }
    SweepState read = StateStore.read(file);
    assertEquals(
        List.of("0123456789012345678901234567890123456789"),
        read.repositories.get("https://github.com/acme/api").scannedTips);
  }

  /**
   * state-v1.json was written by the sweep state as it was before its severities and statuses
   * became enums (strings then): every severity, verification status and revocation status, pending
   * included. It still loads into the enums, and saving it again gives the same bytes.
   */
  @Test
  void aStateFileWrittenWithStringStatusesLoadsAndSavesByteForByte() throws IOException {
    byte[] written;
    try (InputStream in = StateStoreTest.class.getResourceAsStream("state-v1.json")) {
      written = in.readAllBytes();
    }
    Path file = dir.resolve("state.json");
    Files.write(file, written);
    SweepState state = StateStore.read(file);

    SweepState.Secret github = state.findings.get("1".repeat(64));
    assertEquals(Severity.CRITICAL, github.severity);
    assertEquals(Verification.Status.ACTIVE, github.status());
    assertEquals(Revocation.Status.REVOKED, github.revocationResult().status());
    SweepState.Secret slack = state.findings.get("2".repeat(64));
    assertEquals(SweepState.Revoke.Status.PENDING, slack.revocation.status());
    assertNull(slack.revocationResult(), "a pending revocation has no outcome yet");
    assertEquals(Verification.Status.UNVERIFIABLE, state.findings.get("3".repeat(64)).status());
    assertEquals(
        Revocation.Status.NOT_SUPPORTED,
        state.findings.get("4".repeat(64)).revocationResult().status());
    assertNull(state.findings.get("5".repeat(64)).status(), "never verified");
    assertEquals(Severity.LOW, state.findings.get("4".repeat(64)).severity);

    Path again = dir.resolve("again.json");
    StateStore.write(again, state);
    assertArrayEquals(
        written, Files.readAllBytes(again), () -> "rewritten differently:\n" + readString(again));
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  @SuppressWarnings("try") // the resource is only held: its lock is what the body tries
  void aSecondSweepOnTheSameStateIsRefused() throws IOException {
    Path file = dir.resolve("state.json");
    try (StateStore first = StateStore.open(file)) {
      IOException e = assertThrows(StateStore.LockedException.class, () -> StateStore.open(file));
      assertTrue(e.getMessage().contains("another sweep"), e.getMessage());
    }
    StateStore.open(file).close();
  }

  @Test
  void aStateReachedThroughLinksIsLockedAndSavedAsTheFileItself() throws IOException {
    Path real = Files.createDirectories(dir.resolve("real")).resolve("state.json");
    Path linkedFolder = Files.createSymbolicLink(dir.resolve("linked-folder"), dir.resolve("real"));
    // Dangling until the first save: the state does not exist yet.
    Path link = Files.createSymbolicLink(dir.resolve("state-link.json"), real);
    try (StateStore first = StateStore.open(link)) {
      assertThrows(StateStore.LockedException.class, () -> StateStore.open(real));
      assertThrows(
          StateStore.LockedException.class,
          () -> StateStore.open(linkedFolder.resolve("state.json")));
      first.save(first.load());
    }
    assertTrue(Files.isSymbolicLink(link), "the save replaced the state, not the link to it");
    assertTrue(Files.isRegularFile(real, java.nio.file.LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void aCorruptStateFileIsNamed() throws IOException {
    Path file = dir.resolve("state.json");
    Files.writeString(file, "{\"schema\": \"leakstop-sweep-state\", \"repositories\": [");
    IOException e = assertThrows(IOException.class, () -> StateStore.read(file));
    assertTrue(
        e.getMessage().startsWith(file.toString())
            && e.getMessage().contains("not a leakstop sweep state file"),
        e.getMessage());
    Files.writeString(file, "{\"schema\": \"something-else\"}");
    assertThrows(IOException.class, () -> StateStore.read(file));
  }
}
