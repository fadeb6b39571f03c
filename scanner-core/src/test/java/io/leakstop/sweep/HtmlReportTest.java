package io.leakstop.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.leakstop.testing.CatalogueSimulator;
import io.leakstop.testing.Tokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @TempDir Path work;
  private final List<String> secrets = new ArrayList<>();
  private Path html;

  /** Two local repositories swept twice (one leak each time), with one leak revoked. */
  @BeforeEach
  void sweep() throws IOException {
    for (int i = 0; i < 3; i++) {
      secrets.add(Tokens.githubPat());
    }
    Path app = work.resolve("repos/app");
    Path lib = work.resolve("repos/lib");
    SweepFixture.commit(app, "leak", "config/<prod>.yml", "token: " + secrets.get(0) + "\n");
    SweepFixture.commit(lib, "leak", "lib.py", "A = '" + secrets.get(1) + "'\n");
    List<Target> targets =
        List.of(Target.local(app), Target.local(lib), Target.of("git://127.0.0.1:1/acme/gone"));
    try (CatalogueSimulator github = CatalogueSimulator.start("github")) {
      secrets.forEach(github::live);
      SecretChecks issuer = SweepFixture.issuer(github, work);
      new Sweep(
              SweepFixture.settings(
                  targets, Shard.ALL, work, "state.json", issuer, false, new ArrayList<>()))
          .run();
      SweepFixture.commit(lib, "again", "more.py", "B = '" + secrets.get(2) + "'\n");
      Sweep.Outcome outcome =
          new Sweep(
                  SweepFixture.settings(
                      targets, Shard.ALL, work, "state.json", issuer, true, new ArrayList<>()))
              .run();
      html = SweepReports.html(outcome.state(), work.resolve("out/sweep.html"));
    }
  }

  @Test
  void isOneSelfContainedFileWithEveryFindingRedacted() throws IOException {
    String page = Files.readString(html);
    for (String secret : secrets) {
      assertFalse(page.contains(secret), "no raw secret in the page");
    }
    assertFalse(
        Pattern.compile("(?i)(src|href)\\s*=\\s*\"(https?:)?//").matcher(page).find(),
        "no external assets");
    assertFalse(page.contains("<script"), "no scripts");
    assertTrue(page.contains("config/&lt;prod&gt;.yml"), "paths are escaped");
    assertTrue(page.contains("<svg id=\"chart\""));
    assertEquals(
        3,
        count(page, "<td class=\"revoked\">revoked</td>"),
        "all three live secrets were revoked by the second sweep");
    assertTrue(page.contains("git://127.0.0.1:1/acme/gone"), "the failed repository is listed");
  }

  @Test
  void rendersInHeadlessChromiumWithTheFindingsInItsTables() throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM), "chromium is not installed (apt-get install chromium)");
    String dom = chromium("--dump-dom", html.toUri().toString()).trim();
    Matcher findings =
        Pattern.compile("<table id=\"findings\">(.*?)</table>", Pattern.DOTALL).matcher(dom);
    assertTrue(findings.find(), dom);
    assertEquals(1 + 3, count(findings.group(1), "<tr>"), "a header and one row per finding");
    for (String secret : secrets) {
      assertTrue(
          findings.group(1).contains(secret.substring(0, 8)),
          "redacted form of each secret is listed");
    }
    Matcher totals =
        Pattern.compile("<table id=\"totals\".*?</tr><tr>(.*?)</tr>", Pattern.DOTALL).matcher(dom);
    assertTrue(totals.find());
    assertEquals(
        List.of("3", "3", "1", "0", "3", "1"),
        Pattern.compile("<td class=\"n\">(\\d+)</td>")
            .matcher(totals.group(1))
            .results()
            .map(m -> m.group(1))
            .toList(),
        "repositories, secrets, new, active, revoked, failed");
    Path png = work.resolve("shot.png");
    chromium("--screenshot=" + png, "--window-size=1024,900", html.toUri().toString());
    byte[] image = Files.readAllBytes(png);
    assertTrue(
        image.length > 5_000 && image[1] == 'P' && image[2] == 'N' && image[3] == 'G',
        "a screenshot was rendered");
  }

  private String chromium(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + Files.createTempDirectory(work, "chromium-profile")));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).redirectError(work.resolve("chromium.err").toFile()).start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("chromium did not finish");
    }
    assertEquals(0, process.exitValue(), Files.readString(work.resolve("chromium.err")));
    return new String(out, StandardCharsets.UTF_8);
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
      n++;
    }
    return n;
  }
}
