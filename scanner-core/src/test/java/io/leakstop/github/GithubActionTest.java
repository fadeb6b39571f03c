package io.leakstop.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakstop.report.ReportOptions;
import io.leakstop.scan.FailPolicy;
import io.leakstop.testing.Findings;
import io.leakstop.testing.GitRepo;
import io.leakstop.testing.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GithubActionTest {
  @TempDir Path dir;

  @Test
  void stepOutputsUseTheRunnersFileFormatAndAreAppended() throws Exception {
    Path file = dir.resolve("output");
    Files.writeString(file, "earlier=step\n");
    Map<String, String> outputs = new LinkedHashMap<>();
    outputs.put("findings", "2");
    outputs.put("note", "two\nlines");
    GithubAction.writeOutputs(file, outputs);
    List<String> lines = Files.readAllLines(file);
    assertEquals("earlier=step", lines.get(0));
    assertEquals("findings=2", lines.get(1));
    assertTrue(lines.get(2).startsWith("note<<ghadelimiter_"), lines.get(2));
    assertEquals(List.of("two", "lines"), lines.subList(3, 5));
    assertEquals(lines.get(2).substring("note<<".length()), lines.get(5));
  }

  @Test
  void theEnvironmentNeedsAWorkspaceAndKnowsGithubEnterpriseFromItsApiUrl() throws Exception {
    assertEquals(
        "GITHUB_WORKSPACE is not set: run `leakstop github-action` in a GitHub Actions job, or pass --repo",
        assertThrows(ActionException.class, () -> GithubAction.Environment.from(Map.of(), null))
            .getMessage());
    GitRepo.init(dir);
    GithubAction.Environment env =
        GithubAction.Environment.from(
            Map.of(
                "GITHUB_WORKSPACE",
                dir.toString(),
                "GITHUB_API_URL",
                "https://ghe.example.com/api/v3",
                "GITHUB_REPOSITORY",
                "octo/app"),
            null);
    assertEquals("https://ghe.example.com/octo/app", env.links().web());
    assertEquals(
        "GITHUB_EVENT_NAME is not set: run `leakstop github-action` inside a GitHub Actions job",
        assertThrows(ActionException.class, () -> GithubAction.plan(env)).getMessage());
  }

  @Test
  void publishWritesSarifSummaryAndOutputs() throws Exception {
    var result =
        Findings.result(
            List.of(Findings.inFile("github-pat", "github", Tokens.githubPat(), "a.env", 1, 1)));
    GithubAction.Environment env =
        new GithubAction.Environment(
            "push",
            null,
            dir,
            dir.resolve("summary.md"),
            dir.resolve("output"),
            "https://api.github.com",
            null);
    Path sarif = dir.resolve("out/leakstop.sarif");
    GithubAction.publish(
        result,
        ReportOptions.DEFAULT,
        FailPolicy.DEFAULT,
        ScanRange.fullHistory("schedule: full history"),
        sarif,
        env);
    assertTrue(Files.readString(sarif).contains("\"version\" : \"2.1.0\""));
    assertTrue(
        Files.readString(dir.resolve("summary.md"))
            .contains("Scanned schedule: full history; fails on new findings."));
    assertEquals(
        List.of("findings=1", "new=1", "active=0", "sarif-file=" + sarif),
        Files.readAllLines(dir.resolve("output")));
  }
}
