package io.leakstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakstop.testing.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCommandTest {
  @TempDir Path dir;

  @Test
  void reportsALeakRedactedAndExitsOne() throws Exception {
    String token = Tokens.githubPat();
    Files.writeString(dir.resolve("app.env"), "A=1\nGITHUB_TOKEN=" + token + "\n");
    Cli.Run run = Cli.run("scan", "--files", dir.toString());
    assertEquals(1, run.code(), run.err());
    assertTrue(run.out().contains("app.env:2:14"), run.out());
    assertTrue(run.out().contains(token.substring(0, 8)), run.out());
    assertFalse(run.out().contains(token), "the secret must be redacted");
    assertFalse(run.err().contains(token));
    assertTrue(run.out().contains("1 leak found"), run.out());
  }

  @Test
  void showSecretsPrintsThemInFull() throws Exception {
    String token = Tokens.githubPat();
    Files.writeString(dir.resolve("a.txt"), token);
    assertTrue(Cli.run("scan", "--files", dir.toString(), "--show-secrets").out().contains(token));
  }

  @Test
  void cleanTreeExitsZero() throws Exception {
    Files.writeString(dir.resolve("a.txt"), "hello");
    Cli.Run run = Cli.run("scan", "--files", dir.toString());
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("no leaks found"));
  }

  @Test
  void jsonReportFollowsTheDocumentedSchema() throws Exception {
    String token = Tokens.npm();
    Files.writeString(dir.resolve("x.npmrc"), "//registry.npmjs.org/:_authToken=" + token + "\n");
    Path report = dir.resolve("out/report.json");
    Files.createDirectories(report.getParent());
    Cli.Run run =
        Cli.run(
            "scan",
            "--files",
            dir.resolve("x.npmrc").toString(),
            "--format",
            "json",
            "--output",
            report.toString());
    assertEquals(1, run.code(), run.err());
    JsonNode json = new ObjectMapper().readTree(report.toFile());
    assertEquals("leakstop-report", json.get("schema").asText());
    assertEquals(1, json.get("version").asInt());
    JsonNode finding = json.get("findings").get(0);
    assertEquals("npm", finding.get("issuer").asText());
    assertEquals(1, finding.get("line").asInt());
    assertTrue(finding.get("fingerprint").asText().startsWith(finding.get("rule").asText() + ":"));
    assertFalse(finding.has("secret"));
    assertFalse(Files.readString(report).contains(token));
    assertTrue(json.get("scan").get("complete").asBoolean());
  }

  @Test
  void stdinIsScannedAsOneFragmentWithLineNumbers() {
    String token = Tokens.githubPat();
    Cli.Run run = Cli.runWithInput("step 1\nstep 2\necho " + token + "\n", "scan", "--stdin");
    assertEquals(1, run.code(), run.err());
    assertTrue(run.out().contains("<stdin>:3:6"), run.out());
  }

  @Test
  void malformedConfigExitsTwoWithFileAndLine() throws Exception {
    Path config = dir.resolve(".leakstop.yaml");
    Files.writeString(config, "disable: []\nrules:\n  - id: mine\n    regex: '(unclosed'\n");
    Cli.Run run = Cli.run("scan", "--files", dir.toString());
    assertEquals(2, run.code());
    assertEquals(
        "leakstop: "
            + config
            + ":4: rule 'mine': regex is not valid RE2: error parsing regexp: missing closing ): `(unclosed`",
        run.err().strip());
  }

  @Test
  void configDisablesRulesAndAddsOwnOnes() throws Exception {
    Files.writeString(dir.resolve("a.txt"), Tokens.githubPat() + "\nacme_k3j9x7q2m4n8p0z1w5r6\n");
    Path config = dir.resolve("conf.yaml");
    String ghRules =
        String.join(
            ", ",
            Cli.run("rules")
                .out()
                .lines()
                .filter(l -> l.contains(" github "))
                .map(l -> l.split("\\s+")[0])
                .toList());
    Files.writeString(
        config,
        "disable: ["
            + ghRules
            + "]\nrules:\n  - id: acme\n    keywords: [acme_]\n    regex: 'acme_[a-z0-9]{20}'\n");
    Cli.Run run =
        Cli.run(
            "scan",
            "--files",
            dir.resolve("a.txt").toString(),
            "--config",
            config.toString(),
            "--format",
            "json");
    assertEquals(1, run.code(), run.err());
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertEquals(1, json.get("findings").size());
    assertEquals("acme", json.get("findings").get(0).get("rule").asText());
  }

  @Test
  void usageErrorsExitTwo() {
    assertEquals(2, Cli.run("scan", "--format", "yaml").code());
    assertEquals(2, Cli.run("scan", "/no/such/path").code());
    assertEquals(2, Cli.run("scan", "--no-such-flag").code());
  }

  @Test
  void rulesListsTheCatalogue() {
    Cli.Run run = Cli.run("rules");
    assertEquals(0, run.code());
    assertTrue(
        run.out()
            .lines()
            .anyMatch(l -> l.contains(" github ") && l.contains("ghp_") && l.contains("github ")),
        run.out());
    int count = Integer.parseInt(run.out().lines().reduce((a, b) -> b).orElseThrow().split(" ")[0]);
    assertTrue(count >= 100, "rules: " + count);
    assertTrue(
        run.out()
            .lines()
            .anyMatch(l -> l.startsWith("pkcs12-file ") && l.endsWith(" path (?i)\\.p(?:12|fx)$")),
        "a rule that flags files by path shows its path where others show keywords");
  }

  @Test
  void rulesSayWhetherEachRuleCanBeVerifiedAndRevoked() {
    java.util.Map<String, String[]> byId = new java.util.HashMap<>();
    Cli.run("rules")
        .out()
        .lines()
        .skip(1)
        .map(l -> l.split("\\s+"))
        .filter(c -> c.length > 6)
        .forEach(c -> byId.put(c[0], c));
    assertEquals(
        java.util.List.of("yes", "yes"),
        java.util.List.of(byId.get("github-pat")[4], byId.get("github-pat")[5]));
    assertEquals(
        java.util.List.of("yes", "no"),
        java.util.List.of(byId.get("openai-project-key")[4], byId.get("openai-project-key")[5]));
    assertEquals(
        java.util.List.of("no", "yes"),
        java.util.List.of(
            byId.get("github-refresh-token")[4], byId.get("github-refresh-token")[5]));
    assertEquals(
        java.util.List.of("no", "no"),
        java.util.List.of(byId.get("private-key-rsa")[4], byId.get("private-key-rsa")[5]));
  }
}
