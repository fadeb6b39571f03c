package io.leakstop.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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
      state.repo(Target.of("https://github.com/acme/api.git")).scannedTips.add("0123456789012345678901234567890123456789");
      store.save(state);
      store.save(state);
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of("state.json", "state.json.lock"), files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary files left");
    }
    SweepState read = StateStore.read(file);
    assertEquals(List.of("0123456789012345678901234567890123456789"), read.repositories.get("https://github.com/acme/api").scannedTips);
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
      assertThrows(StateStore.LockedException.class, () -> StateStore.open(linkedFolder.resolve("state.json")));
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
    assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains("not a leakstop sweep state file"), e.getMessage());
    Files.writeString(file, "{\"schema\": \"something-else\"}");
    assertThrows(IOException.class, () -> StateStore.read(file));
  }
}
