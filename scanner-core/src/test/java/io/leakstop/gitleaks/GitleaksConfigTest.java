package io.leakstop.gitleaks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakstop.finding.Finding;
import io.leakstop.rules.Config;
import io.leakstop.rules.ConfigException;
import io.leakstop.rules.Rule;
import io.leakstop.rules.RuleSet;
import io.leakstop.scan.Scanner;
import io.leakstop.source.CommitInfo;
import io.leakstop.source.Fragment;
import io.leakstop.source.Location;
import io.leakstop.source.Provenance;
import io.leakstop.testing.Tokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitleaksConfigTest {
  static final String REVIEWED = "0123456789abcdef0123456789abcdef01234567";
  static final String OTHER = "fedcba9876543210fedcba9876543210fedcba98";

  /** A team's config as gitleaks users write it: custom rules only, allowlists of every kind. */
  static final String ACME =
      """
      title = "acme secrets policy"

      [[rules]]
      id = "acme-api-key"
      description = "ACME internal API key"
      regex = '''(?i)\\b(acme_(?:live|test)_[a-z0-9]{24})\\b'''
      keywords = ["acme_live", "acme_test"]
      tags = ["internal", "acme"]

          [[rules.allowlists]]
          description = "test keys are fine in tests"
          condition = "AND"
          paths = ['''^tests?/''']
          regexes = ['''^acme_test_''']

          [[rules.allowlists]]
          regexTarget = "line"
          regexes = ['''#\\s*nosecret''']

      [[rules]]
      id = "acme-db-password"
      description = "Database password in settings"
      regex = '''(?i)(?:db|database)_?pass(?:word)?\\s*[:=]\\s*["']?([^\\s"']{8,64})'''
      secretGroup = 1
      entropy = 3.0
      keywords = ["db_pass", "database_pass", "dbpass"]

          [[rules.allowlists]]
          stopwords = ["changeme", "example"]

      [[rules]]
      id = "acme-session"
      regex = '''sess=([0-9a-f]{8})-([0-9a-f]{32})'''
      secretGroup = 2
      keywords = ["SESS="]

      [[rules]]
      id = "kube-secret-manifest"
      description = "Kubernetes secret manifest checked in"
      path = '''(?i)(^|/)secrets?\\.ya?ml$'''

      [[allowlists]]
      description = "vendored code and lock files"
      paths = [
        '''(^|/)vendor/''',
        '''\\.lock$''',
      ]

      [[allowlists]]
      description = "rotated after review"
      commits = ["%s"]

      [[allowlists]]
      description = "migrations may name the old database password"
      targetRules = ["acme-db-password"]
      regexTarget = "match"
      regexes = ['''(?i)^database_password''']
      """
          .formatted(REVIEWED);

  @TempDir Path dir;

  static Config acme() {
    return GitleaksConfig.parse(Path.of(".gitleaks.toml"), ACME);
  }

  static List<Finding> scan(Config config, String path, String text) {
    return Scanner.forConfig(config)
        .findings(Fragment.of(path, text.getBytes(StandardCharsets.UTF_8)));
  }

  static List<Finding> files(Config config, String path) {
    return Scanner.forConfig(config).fileFindings(path, Provenance.file(path));
  }

  static String acmeKey(String kind) {
    return "acme_" + kind + "_" + Tokens.random(24, "abcdefghijklmnopqrstuvwxyz0123456789");
  }

  @Test
  void rulesKeepIdDescriptionKeywordsTagsSecretGroupEntropyAndPath() {
    Config config = acme();
    assertFalse(config.extendsBuiltin(), "without [extend] a gitleaks config defines every rule");
    RuleSet rules = config.apply(RuleSet.of(List.of()));
    assertEquals(
        List.of("acme-api-key", "acme-db-password", "acme-session", "kube-secret-manifest"),
        rules.rules().stream().map(Rule::id).toList());
    Rule key = rules.get("acme-api-key").orElseThrow();
    assertEquals("ACME internal API key", key.description());
    assertEquals(List.of("internal", "acme"), key.tags());
    assertEquals(List.of("acme_live", "acme_test"), key.keywords());
    assertEquals(".gitleaks.toml:3", key.source());
    Rule password = rules.get("acme-db-password").orElseThrow();
    assertEquals(1, password.secretGroup());
    assertEquals(3.0, password.minEntropy());
    assertEquals(List.of("sess="), rules.get("acme-session").orElseThrow().keywords());
    assertEquals(null, rules.get("kube-secret-manifest").orElseThrow().regex());
  }

  @Test
  void secretGroupAndEntropyDecideWhatIsReported() {
    Config config = acme();
    String session = Tokens.random(32, "0123456789abcdef");
    List<Finding> found = scan(config, "app.env", "SESS=sess=0a1b2c3d-" + session + "\n");
    assertEquals(List.of(session), found.stream().map(Finding::secret).toList());
    assertEquals(
        List.of("Zx81kQp2Lm"),
        scan(config, "app.env", "db_password = \"Zx81kQp2Lm\"\n").stream()
            .map(Finding::secret)
            .toList());
    assertTrue(
        scan(config, "app.env", "db_password = aaaaaaaabbbb\n").isEmpty(), "entropy below 3.0");
  }

  @Test
  void ruleAllowlistsWithAndConditionStopwordsAndLineTarget() {
    Config config = acme();
    String test = acmeKey("test");
    String live = acmeKey("live");
    assertTrue(
        scan(config, "tests/client_test.py", "KEY = '" + test + "'\n").isEmpty(),
        "AND: test path and test key");
    assertEquals(
        1,
        scan(config, "src/client.py", "KEY = '" + test + "'\n").size(),
        "AND: a test key outside tests");
    assertEquals(
        1,
        scan(config, "tests/client_test.py", "KEY = '" + live + "'\n").size(),
        "AND: a live key in tests");
    assertTrue(
        scan(config, "src/client.py", "KEY = '" + live + "'  # nosecret: revoked\n").isEmpty(),
        "line target");
    assertTrue(scan(config, "settings.py", "DB_PASSWORD='changeme-Q81x'\n").isEmpty(), "stopword");
  }

  @Test
  void matchTargetSeesMoreThanTheSecret() {
    Config config = acme();
    assertTrue(scan(config, "migrate.sql", "database_password: Zx81kQp2Lm\n").isEmpty());
    assertEquals(1, scan(config, "migrate.sql", "db_password: Zx81kQp2Lm\n").size());
  }

  @Test
  void globalPathsAndPathOnlyRules() {
    Config config = acme();
    String live = acmeKey("live");
    assertTrue(scan(config, "vendor/acme/client.go", live).isEmpty());
    assertTrue(scan(config, "Cargo.lock", live).isEmpty());
    // A rule with a path and no regex flags the file by its path; its content is not read.
    assertTrue(scan(config, "deploy/k8s/secrets.yaml", "apiVersion: v1\nkind: Secret\n").isEmpty());
    List<Finding> manifest = files(config, "deploy/k8s/secrets.yaml");
    assertEquals(1, manifest.size());
    assertEquals("kube-secret-manifest", manifest.get(0).ruleId());
    assertEquals(1, manifest.get(0).location().line());
    assertTrue(files(config, "deploy/k8s/deployment.yaml").isEmpty());
    assertTrue(files(config, "vendor/k8s/secrets.yaml").isEmpty());
  }

  @Test
  void commitAllowlistsApplyPerIntroducingCommit() {
    Config config = acme();
    byte[] text = ("KEY=" + acmeKey("live") + "\n").getBytes(StandardCharsets.UTF_8);
    Fragment blob =
        new Fragment(
            text,
            text.length,
            "src/a.py",
            (line, column) ->
                List.of(
                    at("src/a.py", line, column, REVIEWED), at("src/b.py", line, column, OTHER)));
    List<Finding> found = Scanner.forConfig(config).findings(blob);
    assertEquals(List.of(OTHER), found.stream().map(f -> f.location().commit().id()).toList());
  }

  @Test
  void aBlobAtSeveralPathsMeetsPathRulesAndPathAllowlistsAtEach() {
    Config config =
        GitleaksConfig.parse(
            Path.of("g.toml"),
            """
            [[rules]]
            id = "terraform-var"
            path = '''\\.tfvars$'''
            regex = '''token\\s*=\\s*"([a-z0-9]{20})"'''
            keywords = ["token"]

            [[rules]]
            id = "acme-api-key"
            regex = '''acme_live_[a-z0-9]{24}'''
            keywords = ["acme_live"]

            [allowlist]
            paths = ['''^examples/''']
            """);
    byte[] text =
        ("token = \""
                + Tokens.random(20, "abcdefghij0123456789")
                + "\"\nkey = "
                + acmeKey("live")
                + "\n")
            .getBytes(StandardCharsets.UTF_8);
    Fragment blob =
        new Fragment(
            text,
            text.length,
            null,
            (line, column) ->
                List.of(
                    at("prod.tfvars", line, column, REVIEWED),
                    at("notes.txt", line, column, REVIEWED),
                    at("examples/dev.tfvars", line, column, OTHER)));
    List<String> found =
        Scanner.forConfig(config).findings(blob).stream()
            .map(f -> f.ruleId() + "@" + f.location().path())
            .toList();
    assertEquals(
        List.of("terraform-var@prod.tfvars", "acme-api-key@prod.tfvars", "acme-api-key@notes.txt"),
        found);
  }

  @Test
  void abbreviatedCommitsAndAndConditionsOverCommitsAndPaths() {
    Config config =
        GitleaksConfig.parse(
            Path.of("g.toml"),
            """
            [[rules]]
            id = "acme-api-key"
            regex = '''acme_live_[a-z0-9]{24}'''
            keywords = ["acme_live"]

            [[allowlists]]
            condition = "AND"
            commits = ["%s"]
            paths = ['''^docs/''']
            """
                .formatted(REVIEWED.substring(0, 10).toUpperCase()));
    byte[] text = acmeKey("live").getBytes(StandardCharsets.UTF_8);
    Fragment blob =
        new Fragment(
            text,
            text.length,
            "docs/a.md",
            (line, column) ->
                List.of(
                    at("docs/a.md", line, column, REVIEWED),
                    at("src/a.py", line, column, REVIEWED),
                    at("docs/a.md", line, column, OTHER)));
    List<Finding> found = Scanner.forConfig(config).findings(blob);
    assertEquals(
        List.of("src/a.py@" + REVIEWED, "docs/a.md@" + OTHER),
        found.stream().map(f -> f.location().path() + "@" + f.location().commit().id()).toList());
  }

  @Test
  void theOldSingleAllowlistFormsStillWork() {
    Config config =
        GitleaksConfig.parse(
            Path.of("g.toml"),
            """
            [[rules]]
            id = "acme-api-key"
            regex = '''acme_live_[a-z0-9]{24}'''

            [rules.allowlist]
            regexes = ['''0000''']

            [allowlist]
            description = "global"
            paths = ['''testdata''']
            stopwords = ["dummy"]
            """);
    assertTrue(scan(config, "testdata/x", acmeKey("live")).isEmpty());
    assertTrue(scan(config, "x", "acme_live_0000" + Tokens.random(20, "abcdefghij")).isEmpty());
    assertTrue(scan(config, "x", "acme_live_dummy" + Tokens.random(19, "abcdefghij")).isEmpty());
    assertEquals(1, scan(config, "x", acmeKey("live")).size());
  }

  @Test
  void extendPathInheritsRulesLessTheDisabledOnes() throws IOException {
    Files.writeString(dir.resolve("base.toml"), ACME);
    Path main = dir.resolve(".gitleaks.toml");
    Files.writeString(
        main,
        """
        [extend]
        path = "base.toml"
        disabledRules = ["acme-session"]

        [[rules]]
        id = "acme-api-key"
            [[rules.allowlists]]
            stopwords = ["sandbox"]
        """);
    Config config = ConfigFiles.load(main);
    RuleSet rules = config.apply(RuleSet.of(List.of()));
    assertEquals(
        List.of("acme-api-key", "acme-db-password", "kube-secret-manifest"),
        rules.rules().stream().map(Rule::id).toList());
    assertTrue(scan(config, "vendor/x", acmeKey("live")).isEmpty(), "the base's global allowlist");
    assertTrue(
        scan(config, "x", "acme_live_sandbox" + Tokens.random(17, "abcdefghij")).isEmpty(),
        "allowlist added to an inherited rule");
    assertEquals(1, scan(config, "x", acmeKey("live")).size());
  }

  @Test
  void aConfigFoundInTheScannedTreeMayNotExtendFilesOutsideIt() throws IOException {
    Files.writeString(dir.resolve("outside.toml"), ACME);
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Files.writeString(repo.resolve(".gitleaks.toml"), "[extend]\npath = \"../outside.toml\"\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigFiles.discover(repo, null));
    assertEquals(2, e.line());
    assertTrue(e.problem().contains("outside the scanned folder"), e.problem());
    // The user's own --config is trusted.
    assertEquals(4, ConfigFiles.discover(repo, repo.resolve(".gitleaks.toml")).extraRules().size());
  }

  @Test
  void useDefaultMeansLeakstopsRulesAndDisabledRulesTakeGitleaksIds() {
    Config config =
        GitleaksConfig.parse(
            Path.of(".gitleaks.toml"),
            """
            [extend]
            useDefault = true
            disabledRules = ["github-pat", "aws-access-token", "no-such-rule"]

            [[rules]]
            id = "npm-access-token"
                [[rules.allowlists]]
                paths = ['''\\.npmrc\\.example$''']
            """);
    assertTrue(config.extendsBuiltin());
    assertTrue(
        config.disabledRules().containsAll(List.of("github-pat", "aws-access-key-id")),
        config.disabledRules().toString());
    assertTrue(
        config.warnings().stream().anyMatch(w -> w.contains("no-such-rule")),
        config.warnings().toString());
    RuleSet rules = config.apply(RuleSet.builtin());
    assertTrue(rules.get("github-pat").isEmpty());
    assertTrue(rules.get("npm-access-token").isPresent());
    assertTrue(scan(config, "src/x.js", "t='" + Tokens.githubPat() + "'").isEmpty());
    String npm = "//registry.npmjs.org/:_authToken=" + Tokens.npm() + "\n";
    assertEquals(1, scan(config, ".npmrc", npm).size());
    assertTrue(scan(config, ".npmrc.example", npm).isEmpty());
  }

  @Test
  void disabledRulesNamingGitleaksIdsTurnOffTheLeakstopRulesThatListThem() {
    String brevo = "xkeysib-" + Tokens.random(64, "0123456789abcdef") + "-" + Tokens.random(16);
    String line = "BREVO_API_KEY=" + brevo + "\n";
    assertEquals(
        List.of("brevo-api-key"),
        scan(
                GitleaksConfig.parse(Path.of(".gitleaks.toml"), "[extend]\nuseDefault = true\n"),
                ".env",
                line)
            .stream()
            .map(Finding::ruleId)
            .toList());
    Config config =
        GitleaksConfig.parse(
            Path.of(".gitleaks.toml"),
            "[extend]\nuseDefault = true\ndisabledRules = [\"sendinblue-api-token\", \"private-key\"]\n");
    assertTrue(
        config
            .disabledRules()
            .containsAll(List.of("brevo-api-key", "private-key-openssh", "private-key-rsa")),
        config.disabledRules().toString());
    assertTrue(config.warnings().isEmpty(), config.warnings().toString());
    assertTrue(
        scan(config, ".env", line).stream().noneMatch(f -> f.ruleId().equals("brevo-api-key")));
  }

  @Test
  void gitleaksIdsResolveThroughTheGitleaksListsOfTheCatalogue() {
    RuleSet builtin = RuleSet.builtin();
    assertEquals(
        List.of("gitlab-pat", "gitlab-pat-routable"),
        GitleaksRuleIds.resolve("gitlab-pat", builtin));
    assertTrue(GitleaksRuleIds.resolve("private-key", builtin).contains("private-key-openssh"));
    assertTrue(GitleaksRuleIds.resolve("no-such-rule-anywhere", builtin).isEmpty());
    assertTrue(GitleaksRuleIds.sameRule("github-oauth", "github-oauth-token"));
    assertFalse(GitleaksRuleIds.sameRule("github-oauth", "github-pat"));
  }

  @Test
  void regexesRe2jCannotRunAreErrorsNamingRuleAndLine() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                GitleaksConfig.parse(
                    Path.of("g.toml"),
                    "[[rules]]\nid = \"lookahead\"\nkeywords = [\"k\"]\nregex = '''k=(?=[a-z]{8})'''\n"));
    assertEquals("g.toml", e.file());
    assertEquals(4, e.line());
    assertTrue(
        e.problem().startsWith("rule 'lookahead': regex: regex is not valid RE2 as RE2/J reads it"),
        e.problem());
    ConfigException path =
        assertThrows(
            ConfigException.class,
            () ->
                GitleaksConfig.parse(
                    Path.of("g.toml"),
                    "[[rules]]\nid = \"a\"\nregex = 'a'\n  [[rules.allowlists]]\n  paths = [\n    '''ok''',\n    '''(\\h)''',\n  ]\n"));
    assertEquals(7, path.line(), path.getMessage());
    assertTrue(path.problem().contains("[[rules.allowlists]] paths"), path.problem());
  }

  @Test
  void mistakesAreOneLineErrorsWithTheLine() {
    assertError(
        3,
        "unknown regexTarget 'secrets'",
        "[[allowlists]]\nregexes = ['x']\nregexTarget = \"secrets\"\n");
    assertError(
        3, "unknown condition 'XOR'", "[[allowlists]]\nstopwords = ['x']\ncondition = \"XOR\"\n");
    assertError(
        1, "must contain at least one check", "[[allowlists]]\ndescription = \"nothing\"\n");
    assertError(
        4,
        "secretGroup 3 but the regex has 1 groups",
        "[[rules]]\nid = \"a\"\nregex = '(a)'\nsecretGroup = 3\n");
    assertError(1, "needs a regex, a path or both", "[[rules]]\nid = \"a\"\n");
    assertError(0, "cannot both be set", "[extend]\nuseDefault = true\npath = \"x.toml\"\n");
    assertError(
        1, "[allowlist] is deprecated", "[allowlist]\npaths=['a']\n[[allowlists]]\npaths=['b']\n");
    ConfigException syntax =
        assertThrows(
            ConfigException.class,
            () -> GitleaksConfig.parse(Path.of("g.toml"), "[[rules]]\nid = \"a\nregex='x'\n"));
    assertTrue(
        syntax.line() > 0 && syntax.problem().startsWith("not valid TOML"), syntax.getMessage());
  }

  @Test
  void unknownKeysAreWarnedAboutNotFatal() {
    Config config =
        GitleaksConfig.parse(
            Path.of("g.toml"), "[[rules]]\nid = \"a\"\nregex = 'a_[0-9]{8}'\nkeyword = [\"a_\"]\n");
    assertEquals(List.of("g.toml:4: unknown key 'keyword' in rule 'a' ignored"), config.warnings());
  }

  private static void assertError(int line, String problem, String toml) {
    ConfigException e =
        assertThrows(ConfigException.class, () -> GitleaksConfig.parse(Path.of("g.toml"), toml));
    assertTrue(e.problem().contains(problem), e.getMessage());
    if (line > 0) {
      assertEquals(line, e.line(), e.getMessage());
    }
  }

  private static Location at(String path, int line, int column, String commit) {
    return new Location(
        path,
        line,
        column,
        "blob",
        new CommitInfo(commit, "A", "a@example.com", Instant.EPOCH, "c"));
  }
}
