package io.leakstop.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import io.leakstop.finding.Baseline;
import io.leakstop.finding.Finding;
import io.leakstop.finding.ScanProblem;
import io.leakstop.finding.ScanResult;
import io.leakstop.finding.Verification;
import io.leakstop.scan.Reporters;
import io.leakstop.testing.Findings;
import io.leakstop.testing.SarifSchema;
import io.leakstop.testing.Tokens;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class ReportFormatsTest {
  private final String pat = Tokens.githubPat();
  private final String npm = Tokens.npm();
  private final String key =
      "-----BEGIN OPENSSH PRIVATE KEY-----\n"
          + Tokens.random(64)
          + "\n-----END OPENSSH PRIVATE KEY-----";
  private final String commit = "0123456789abcdef0123456789abcdef01234567";

  private final Finding live =
      Findings.inCommit(
              "github-pat", "github", pat, "src/app config.js", 12, commit, "Ada Lovelace")
          .withVerification(
              new Verification(
                  Verification.Status.ACTIVE, "octocat", List.of("repo"), null, null, Map.of()));
  private final Finding old = Findings.inFile("npm-token", "npm", npm, "a|b.npmrc", 1, 34);
  private final Finding pem = Findings.inFile("private-key", "private-key", key, "id_rsa", 3, 1);
  private final ScanResult result = Findings.result(List.of(live, old, pem));
  private final ReportOptions withBaseline =
      ReportOptions.DEFAULT
          .withBaseline(Baseline.of("old.json", Set.of(old.fingerprint())))
          .withLinks(new RepositoryLinks("https://github.com/octo/app"));

  private String render(String format, ScanResult r, ReportOptions options) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Reporters.forFormat(format).orElseThrow().write(r, options, out);
    String text = out.toString(StandardCharsets.UTF_8);
    for (String secret : List.of(pat, npm, key)) {
      assertFalse(text.contains(secret), format + " must not print a secret in full");
    }
    return text;
  }

  private static List<Error> validateSarif(String sarif) throws IOException {
    return SarifSchema.validate(sarif);
  }

  @Test
  void sarifValidatesAgainstTheOfficialSchemaAndCarriesWhatCodeScanningNeeds() throws IOException {
    String sarif = render("sarif", result, withBaseline);
    assertEquals(List.of(), validateSarif(sarif));
    JsonNode run = new ObjectMapper().readTree(sarif).get("runs").get(0);
    JsonNode rules = run.at("/tool/driver/rules");
    assertEquals(3, rules.size(), "one descriptor per rule used");
    assertEquals("github-pat", rules.get(0).get("id").asText());
    assertTrue(
        rules.get(0).at("/help/text").asText().contains("github.com/settings/tokens"),
        "GitHub rotation help");
    assertTrue(
        rules.get(2).at("/help/markdown").asText().contains("key pair"),
        "private key rotation help");
    assertEquals("security", rules.get(0).at("/properties/tags/0").asText());
    JsonNode first = run.get("results").get(0);
    assertEquals(live.fingerprint(), first.at("/partialFingerprints/leakstop~1v1").asText());
    assertEquals(
        "src/app%20config.js",
        first.at("/locations/0/physicalLocation/artifactLocation/uri").asText());
    assertEquals(12, first.at("/locations/0/physicalLocation/region/startLine").asInt());
    assertEquals(commit, first.at("/properties/commit").asText());
    assertEquals("Ada Lovelace", first.at("/properties/author").asText());
    assertEquals("active", first.at("/properties/verification").asText());
    assertEquals("new", first.get("baselineState").asText());
    assertEquals("unchanged", run.get("results").get(1).get("baselineState").asText());
    assertEquals(
        "a%7Cb.npmrc",
        run.get("results")
            .get(1)
            .at("/locations/0/physicalLocation/artifactLocation/uri")
            .asText());
    assertEquals("not-verified", run.get("results").get(1).at("/properties/verification").asText());
    assertTrue(run.at("/invocations/0/executionSuccessful").asBoolean());
  }

  @Test
  void sarifOfACleanOrIncompleteScanIsStillValid() throws IOException {
    assertEquals(
        List.of(),
        validateSarif(render("sarif", Findings.result(List.of()), ReportOptions.DEFAULT)));
    ScanResult broken =
        new ScanResult(
            "x",
            List.of(old),
            result.stats(),
            List.of(new ScanProblem("locked.txt", "permission denied")),
            List.of("history is truncated"));
    String sarif = render("sarif", broken, ReportOptions.DEFAULT);
    assertEquals(List.of(), validateSarif(sarif));
    JsonNode invocation = new ObjectMapper().readTree(sarif).at("/runs/0/invocations/0");
    assertFalse(invocation.get("executionSuccessful").asBoolean());
    assertEquals(
        "locked.txt: permission denied",
        invocation.at("/toolExecutionNotifications/0/message/text").asText());
  }

  @Test
  void aSarifTheSchemaRejectsIsCaught() throws IOException {
    // The validator itself must be able to fail: a result without a message is not SARIF.
    String bad =
        render("sarif", result, ReportOptions.DEFAULT)
            .replaceFirst("\"message\" : \\{", "\"messages\" : {");
    assertFalse(validateSarif(bad).isEmpty());
  }

  @Test
  void junitHasAFailurePerNewFindingAndSkipsKnownOnes() throws Exception {
    String xml = render("junit", result, withBaseline);
    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
    assertEquals("3", suite.getAttribute("tests"));
    assertEquals("2", suite.getAttribute("failures"));
    assertEquals("1", suite.getAttribute("skipped"));
    assertEquals(2, doc.getElementsByTagName("failure").getLength());
    Element failure = (Element) doc.getElementsByTagName("failure").item(0);
    assertEquals("github-pat", failure.getAttribute("type"));
    assertTrue(
        failure.getTextContent().contains("verified: active, owner octocat"),
        failure.getTextContent());
    String clean = render("junit", Findings.result(List.of()), ReportOptions.DEFAULT);
    assertTrue(
        clean.contains("name=\"no leaks found\"") && clean.contains("failures=\"0\""), clean);
  }

  @Test
  void markdownIsATableWithLinksToTheIntroducingCommit() throws IOException {
    String md = render("markdown", result, withBaseline);
    assertTrue(md.startsWith("### leakstop: 3 leaks found (2 new, 1 known)\n"), md);
    assertTrue(
        md.contains(
            "[src/app config.js:12](https://github.com/octo/app/blob/"
                + commit
                + "/src/app%20config.js#L12) in `0123456`"),
        md);
    assertTrue(md.contains("| 🔴 **new, live** | `github-pat` |"), md);
    assertTrue(
        md.contains("| known | `npm-token` | `a\\|b.npmrc:1` |"),
        "a pipe in a path must not break the table: " + md);
    assertTrue(md.contains("active (octocat)") && md.contains("not checked"), md);
    assertTrue(md.contains("Revoke it (github.com/settings/tokens"), md);
    assertEquals(
        5,
        md.lines().filter(l -> l.startsWith("|")).count(),
        "header, separator and one row per finding");
    assertTrue(
        render("markdown", Findings.result(List.of()), ReportOptions.DEFAULT)
            .startsWith("### leakstop: no leaks found"));
  }

  @Test
  void githubAnnotationsAreOneWorkflowCommandPerFindingEscaped() throws IOException {
    List<String> lines = render("github", result, withBaseline).lines().toList();
    assertEquals(3, lines.size());
    assertTrue(
        lines
            .get(0)
            .startsWith(
                "::error file=src/app config.js,line=12,col=5,title=Leaked Test github-pat::github-pat: ghp_"),
        lines.get(0));
    assertTrue(
        lines
            .get(1)
            .startsWith(
                "::warning file=a|b.npmrc,line=1,col=34,title=Leaked Test npm-token (known)::"),
        lines.get(1));
    assertTrue(
        lines.get(2).contains("private-key: -----BEGIN OPENSSH PRIVATE KEY-----%0A"),
        "a line break must not end the command: " + lines.get(2));
    assertEquals("a%25b%0Ac%3Ad%2Ce", GithubAnnotationsReporter.property("a%b\nc:d,e"));
  }

  @Test
  void jsonMarksKnownFindingsOnlyWhenABaselineIsGiven() throws IOException {
    JsonNode json = new ObjectMapper().readTree(render("json", result, withBaseline));
    assertEquals("new", json.at("/findings/0/baseline").asText());
    assertEquals("known", json.at("/findings/1/baseline").asText());
    assertFalse(
        new ObjectMapper()
            .readTree(render("json", result, ReportOptions.DEFAULT))
            .at("/findings/0")
            .has("baseline"));
  }

  @Test
  void textMarksKnownFindingsAndCountsThem() throws IOException {
    String text = render("text", result, withBaseline);
    assertTrue(text.contains("known  npm-token"), text);
    assertTrue(text.contains("3 leaks found, 2 new, 1 known"), text);
  }
}
