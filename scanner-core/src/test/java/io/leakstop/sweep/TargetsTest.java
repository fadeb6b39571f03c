package io.leakstop.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetsTest {
  @TempDir Path dir;

  @Test
  void targetsFileTakesUrlsAndPathsAndSkipsComments() throws IOException {
    Path file = dir.resolve("targets.txt");
    Files.writeString(
        file,
        """
        # the organisation's services
        https://GitHub.com/acme/api.git   # main API

        git@github.com:acme/web.git
        ssh://git@github.com/acme/ops.git
          repos/local-one
        https://github.com/acme/api/
        """);
    List<Target> targets = TargetList.read(file);
    assertEquals(
        List.of(
            "https://github.com/acme/api",
            "git@github.com:acme/web",
            "ssh://github.com/acme/ops",
            dir.resolve("repos/local-one").toString()),
        targets.stream().map(Target::key).toList());
    assertFalse(targets.get(0).isLocal());
    assertFalse(targets.get(1).isLocal());
    assertTrue(targets.get(3).isLocal());
    assertFalse(targets.get(2).isLocal());
    assertEquals("acme/api", targets.get(0).shortName());
  }

  @Test
  void credentialsInATargetUrlAreRefusedWithoutEchoingThem() throws IOException {
    Path file = dir.resolve("targets.txt");
    Files.writeString(file, "https://bob:hunter2secret@github.com/acme/api.git\n");
    IOException e = assertThrows(IOException.class, () -> TargetList.read(file));
    assertTrue(e.getMessage().contains("GITHUB_TOKEN"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2secret"), e.getMessage());
  }

  @Test
  void missingTargetsFileIsNamed() {
    IOException e = assertThrows(IOException.class, () -> TargetList.read(dir.resolve("nope.txt")));
    assertTrue(e.getMessage().contains("nope.txt"));
  }

  @Test
  void shardsPartitionTheTargetsStably() {
    List<Target> targets = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      targets.add(Target.of("https://github.com/acme/repo-" + i + ".git"));
    }
    Set<String> seen = new HashSet<>();
    for (int k = 1; k <= 3; k++) {
      List<Target> slice = new Shard(k, 3).select(targets);
      assertTrue(slice.size() > 40, "shard " + k + " holds " + slice.size());
      slice.forEach(t -> assertTrue(seen.add(t.key()), "in two shards: " + t));
      // The slice of a target does not depend on the other targets or their order.
      List<Target> reversed = new ArrayList<>(targets.subList(0, 50));
      java.util.Collections.reverse(reversed);
      assertEquals(
          new HashSet<>(new Shard(k, 3).select(reversed)),
          new HashSet<>(slice.stream().filter(reversed::contains).toList()));
    }
    assertEquals(200, seen.size());
  }

  @Test
  void shardSpecsParseAndAutoReadsTheJobIndex() {
    assertEquals(new Shard(2, 4), Shard.parse("2/4", Map.of()));
    assertEquals(new Shard(1, 3), Shard.parse("auto/3", Map.of("JOB_COMPLETION_INDEX", "0")));
    assertEquals(new Shard(3, 3), Shard.parse("auto/3", Map.of("JOB_COMPLETION_INDEX", "2")));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("auto/3", Map.of()))
            .getMessage()
            .contains("JOB_COMPLETION_INDEX"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> Shard.parse("auto/3", Map.of("JOB_COMPLETION_INDEX", "3")))
            .getMessage()
            .contains("out of range"));
    assertThrows(IllegalArgumentException.class, () -> Shard.parse("0/2", Map.of()));
    assertThrows(IllegalArgumentException.class, () -> Shard.parse("x/2", Map.of()));
    assertThrows(IllegalArgumentException.class, () -> Shard.parse("2", Map.of()));
  }

  @Test
  void tokensFromTheEnvironmentGoOnlyToTheirOwnHost() {
    GitCredentials credentials =
        new GitCredentials(
            Map.of(
                "GITHUB_TOKEN",
                "t1",
                "GITLAB_TOKEN",
                "t2",
                "GITHUB_API_URL",
                "https://ghe.acme.test/api/v3"));
    assertTrue(credentials.forUrl("https://github.com/acme/api.git") != null);
    assertTrue(credentials.forUrl("https://ghe.acme.test/acme/api.git") != null);
    assertTrue(credentials.forUrl("https://gitlab.com/acme/api.git") != null);
    assertEquals(null, credentials.forUrl("https://evil.example/acme/api.git"));
    assertEquals(null, new GitCredentials(Map.of()).forUrl("https://github.com/acme/api.git"));
    assertFalse(credentials.toString().contains("t1"));
  }

  @Test
  void reportFileNamesAreReadableAndNeverShared() {
    Map<String, String> names =
        SweepReports.fileNames(
            List.of(
                "https://github.com/acme/api",
                "https://gitlab.com/acme/api",
                "https://github.com/acme/web"));
    assertEquals("acme_web", names.get("https://github.com/acme/web"));
    assertEquals(3, new HashSet<>(names.values()).size(), names.toString());
    assertTrue(names.get("https://github.com/acme/api").startsWith("acme_api-"), names.toString());
  }
}
