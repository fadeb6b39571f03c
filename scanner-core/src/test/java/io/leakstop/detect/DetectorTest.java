package io.leakstop.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakstop.finding.Fingerprint;
import io.leakstop.finding.Redactor;
import io.leakstop.rules.RuleSet;
import io.leakstop.testing.Tokens;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DetectorTest {
  private static final RuleSet RULES =
      RuleSet.of(
          RuleSet.parse(
              "test.yaml",
              """
              issuer: test
              rules:
                - id: gh
                  issuer: github
                  keywords: [ghp_]
                  regex: '\\b(ghp_[A-Za-z0-9]{36})\\b'
                  checksum: github
                - id: kv
                  issuer: generic
                  keywords: [password]
                  regex: '(?i)password\\s*[:=]\\s*"(?P<secret>[^"\\s]{8,})"'
                  entropy: 3.0
                - id: pem
                  keywords: ["-----BEGIN RSA PRIVATE KEY"]
                  window: 8192
                  regex: '-----BEGIN RSA PRIVATE KEY-----[\\s\\S]{64,}?-----END RSA PRIVATE KEY-----'
                - id: allowed
                  keywords: [zzkey_]
                  regex: 'zzkey_[a-z0-9]{12}'
                  allow:
                    stopwords: [test]
                    paths: ['(^|/)fixtures/']
              """));
  private final Detector detector = new Detector(RULES);

  /** One secret, one finding: the family the text names, else the one the token's shape names. */
  @Test
  void aSkLiveKeyIsOneFindingOfTheRightFamily() {
    Detector builtin = new Detector(RuleSet.builtin());
    String alnum = Tokens.random(24);
    String hex = Tokens.random(40, "0123456789abcdef");
    assertEquals(
        List.of("paymongo-secret-key"), ruleIds(builtin, "PAYMONGO_SECRET_KEY=sk_live_" + alnum));
    assertEquals(
        List.of("stripe-live-secret-key"), ruleIds(builtin, "STRIPE_SECRET_KEY=sk_live_" + alnum));
    assertEquals(List.of("stripe-live-secret-key"), ruleIds(builtin, "key = sk_live_" + alnum));
    assertEquals(
        List.of("paystack-secret-key"), ruleIds(builtin, "PAYSTACK_SECRET_KEY=sk_live_" + hex));
    assertEquals(
        List.of("paystack-secret-key"), ruleIds(builtin, "paystack_secret_key: sk_test_" + hex));
  }

  private static List<String> ruleIds(Detector detector, String text) {
    return detector.detect(text).stream().map(c -> c.rule().id()).toList();
  }

  /**
   * A thread's keyword pass tables serve input after input: what one input left in them (hits of
   * many rules, thousands of hits of one, escapes, decoded views) changes nothing found in the
   * next. Each input is also scanned on a thread of its own, whose tables are new.
   */
  @Test
  void inputAfterInputFindsWhatAFirstInputFinds() throws Exception {
    Detector builtin = new Detector(RuleSet.builtin());
    String[] fragments = {
      "password = \"",
      "\"\n",
      "client_secret=",
      "secret",
      "ghp_",
      "api_key: ",
      "token ",
      " ",
      "\n",
      "=",
      "https://bob:",
      "@db.internal/x ",
      "Authorization: Basic ",
      "\\u0070assword",
      "%70assword%3D",
      "-----BEGIN RSA PRIVATE KEY-----\n",
      "\n-----END RSA PRIVATE KEY-----\n",
      "AKIA",
      "xoxb-",
      "sk_live_",
    };
    Random random = new Random(18);
    List<String> inputs = new ArrayList<>();
    inputs.add("password secret ".repeat(3000));
    for (int i = 0; i < 300; i++) {
      StringBuilder text = new StringBuilder();
      for (int f = random.nextInt(40); f > 0; f--) {
        switch (random.nextInt(5)) {
          case 0 -> text.append(Tokens.githubPat());
          case 1 -> text.append(Tokens.random(8 + random.nextInt(60)));
          case 2 ->
              text.append(
                  Base64.getEncoder()
                      .encodeToString(
                          ("password=\"" + Tokens.random(16) + "\"")
                              .getBytes(StandardCharsets.UTF_8)));
          default -> text.append(fragments[random.nextInt(fragments.length)]);
        }
      }
      inputs.add(text.toString());
      if (i % 50 == 0) {
        inputs.add(inputs.get(0));
      }
    }
    int found = 0;
    for (String input : inputs) {
      byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
      List<String> here = described(builtin.detect(bytes, "src/app.py"));
      List<String> fresh = new ArrayList<>();
      Thread own = new Thread(() -> fresh.addAll(described(builtin.detect(bytes, "src/app.py"))));
      own.start();
      own.join();
      assertEquals(fresh, here, "input " + inputs.indexOf(input));
      found += here.size();
    }
    assertTrue(found > 100, "the inputs hold secrets: " + found);
  }

  /** Rule, where and a digest of the secret (never the secret itself, which a failure prints). */
  private static List<String> described(List<Candidate> found) {
    return found.stream()
        .map(
            c ->
                c.rule().id()
                    + "@"
                    + c.span()
                    + "/"
                    + c.position()
                    + "#"
                    + Integer.toHexString(c.secret().hashCode())
                    + (c.decoding() == null ? "" : " " + c.decoding()))
        .toList();
  }

  @Test
  void findsATokenWithItsLineAndColumn() {
    String token = Tokens.githubPat();
    List<Candidate> found = detector.detect("first line\n  key = \"" + token + "\"\n");
    assertEquals(1, found.size());
    Candidate c = found.get(0);
    assertEquals("gh", c.rule().id());
    assertEquals(token, c.secret());
    assertEquals(new Position(2, 10), c.position());
  }

  /**
   * The same line met again (another version of a file) reuses what the regex found there; where it
   * sits and which path it is in still decide its position and its allowlist.
   */
  @Test
  void aLineMetAgainIsLocatedAndAllowedAfresh() {
    String token = Tokens.githubPat();
    String line = "  key = \"" + token + "\" zzkey_abcdef123456\n";
    for (String before : List.of("", "a\n", "some other text\nand more\n\n")) {
      List<Candidate> found =
          detector.detect((before + line).getBytes(StandardCharsets.UTF_8), "src/app.py");
      assertEquals(
          List.of(token, "zzkey_abcdef123456"),
          found.stream().map(Candidate::secret).toList(),
          before);
      assertEquals(before.split("\n", -1).length, found.get(0).position().line(), before);
      assertEquals(before.length() + 10, found.get(0).span().start() + 1, before);
      List<Candidate> inFixtures =
          detector.detect((before + line).getBytes(StandardCharsets.UTF_8), "fixtures/app.py");
      assertEquals(
          List.of(token),
          inFixtures.stream().map(Candidate::secret).toList(),
          "the path allowlist applies again");
    }
  }

  @Test
  void keywordsAreCaseInsensitiveButTheRegexDecides() {
    String token = Tokens.githubPat();
    // "GHP_" triggers the keyword automaton, but the regex is case-sensitive: no finding.
    assertTrue(detector.detect(token.toUpperCase()).isEmpty());
    assertEquals(1, detector.detect("PASSWORD = \"Xq9#mV2pL7wZ\"").size());
  }

  @Test
  void tokensFailingTheirChecksumAreNotReported() {
    assertTrue(detector.detect("t=" + Tokens.corrupt(Tokens.githubPat())).isEmpty());
  }

  @Test
  void placeholdersAndLowEntropyValuesAreNotReported() {
    assertTrue(detector.detect("password = \"EXAMPLE-password\"").isEmpty());
    assertTrue(detector.detect("password = \"aaaaaaaaaaaa\"").isEmpty());
    assertTrue(detector.detect("password = \"${DB_PASSWORD}\"").isEmpty());
    assertEquals(1, detector.detect("password = \"k3J9x!Qz0pLw\"").size());
  }

  @Test
  void ruleAllowlistsDropStopwordsAndPaths() {
    byte[] text = "a zzkey_ab12cd34ef56 b zzkey_test12345678".getBytes(StandardCharsets.UTF_8);
    assertEquals(1, detector.detect(text, "src/app.py").size());
    assertTrue(detector.detect(text, "src/fixtures/app.py").isEmpty());
  }

  @Test
  void multiLineSecretsAreFoundThroughTheirWindow() {
    String key =
        "-----BEGIN RSA PRIVATE KEY-----\n"
            + "MIIEow"
            + Tokens.random(60)
            + "\n"
            + Tokens.random(64)
            + "\n-----END RSA PRIVATE KEY-----";
    List<Candidate> found = detector.detect("x\n" + key + "\n");
    assertEquals(1, found.size());
    assertEquals(2, found.get(0).position().line());
    assertTrue(found.get(0).redacted().startsWith("-----BEGIN RSA PRIVATE KEY-----"));
    assertFalse(found.get(0).redacted().contains(key.substring(40, 60)));
  }

  @Test
  void aGenericMatchOverlappingASpecificOneIsDropped() {
    String token = Tokens.githubPat();
    List<Candidate> found = detector.detect("password = \"" + token + "\"");
    assertEquals(List.of("gh"), found.stream().map(c -> c.rule().id()).toList());
  }

  @Test
  void manyHitsOnOneLineYieldEachSecretOnce() {
    StringBuilder s = new StringBuilder();
    String a = Tokens.githubPat();
    String b = Tokens.githubPat();
    for (int i = 0; i < 50; i++) {
      s.append("ghp_ ");
    }
    s.append(a).append(' ').append(b).append(' ').append(a);
    List<Candidate> found = detector.detect(s.toString());
    assertEquals(List.of(a, b, a), found.stream().map(Candidate::secret).toList());
  }

  @Test
  void redactionKeepsThePrefixAndHidesMostOfTheSecret() {
    String token = Tokens.githubPat();
    String redacted = Redactor.redact(token);
    assertTrue(redacted.startsWith("ghp_" + token.substring(4, 8)), redacted);
    assertTrue(redacted.endsWith(token.substring(36)), redacted);
    assertTrue(redacted.length() < 16, redacted);
    assertEquals("p…(6)", Redactor.redact("p4ssw0"));
  }

  @Test
  void fingerprintsDependOnRuleAndSecretOnly() {
    String token = Tokens.githubPat();
    assertEquals(Fingerprint.of("gh", token), Fingerprint.of("gh", token));
    assertFalse(Fingerprint.of("gh", token).equals(Fingerprint.of("gh", Tokens.githubPat())));
    assertFalse(Fingerprint.of("gh", token).contains(token.substring(4, 12)));
  }

  @Test
  void keywordMatcherFindsOverlappingKeywordsInOnePass() {
    KeywordMatcher m = new KeywordMatcher(List.of("secret", "client_secret", "cret"));
    java.util.List<String> hits = new java.util.ArrayList<>();
    byte[] data = "CLIENT_SECRET=x".getBytes(StandardCharsets.US_ASCII);
    m.scan(data, 0, data.length, (k, end) -> hits.add(k + "@" + end));
    hits.sort(null);
    assertEquals(List.of("0@13", "1@13", "2@13"), hits);
  }
}
