package io.leakstop.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakstop.detect.Detector;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigTest {
  @Test
  void readsEverySetting() {
    Config config =
        Config.parse(
            ".leakstop.yaml",
            """
            max-file-size: 2MiB
            exclude: ["vendor/**", "*.min.js"]
            disable: []
            allow:
              stopwords: [fixture]
              paths: ['^docs/']
            rules:
              - id: acme-key
                description: ACME internal key
                severity: critical
                keywords: [acme_]
                regex: 'acme_[a-z0-9]{16}'
                examples:
                  match: ['acme_0123456789abcdef']
                  no-match: ['acme_short']
            """);
    assertEquals(2L << 20, config.maxFileSize());
    assertEquals(List.of("vendor/**", "*.min.js"), config.excludes());
    assertEquals("custom", config.extraRules().get(0).issuer());
    assertEquals(Severity.CRITICAL, config.extraRules().get(0).severity());
    assertTrue(config.allow().allowsPath("docs/readme.md"));
  }

  @Test
  void aBadRegexNamesFileLineAndRule() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                Config.parse(
                    "conf.yaml",
                    "rules:\n  - id: broken\n    keywords: [x_]\n    regex: 'x_(['\n"));
    assertEquals("conf.yaml", e.file());
    assertEquals(4, e.line());
    assertTrue(
        e.getMessage().startsWith("conf.yaml:4: rule 'broken': regex is not valid RE2"),
        e.getMessage());
  }

  @Test
  void malformedYamlNamesTheLine() {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> Config.parse("c.yaml", "exclude: [a\nrules: ]\n"));
    assertTrue(e.line() > 0, e.getMessage());
    assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
  }

  @Test
  void unknownFieldsAndChecksumsAreErrorsNotSilentlyIgnored() {
    ConfigException typo =
        assertThrows(
            ConfigException.class, () -> Config.parse("c.yaml", "exclude: []\nexcludes: [x]\n"));
    assertEquals(2, typo.line());
    assertTrue(typo.problem().contains("unknown field 'excludes'"), typo.problem());
    ConfigException checksum =
        assertThrows(
            ConfigException.class,
            () -> Config.parse("c.yaml", "rules:\n  - id: a\n    regex: a\n    checksum: crc64\n"));
    assertEquals(4, checksum.line());
    assertTrue(checksum.problem().contains("unknown checksum 'crc64'"), checksum.problem());
  }

  @Test
  void aRuleWithAPathAndNoRegexFlagsFilesByPathAndTakesNoContentFields() {
    Rule rule =
        Config.parse(
                "c.yaml",
                "rules:\n  - id: jks\n    path: '(?i)\\.jks$'\n    allow:\n      paths: ['^test/']\n")
            .extraRules()
            .get(0);
    assertTrue(rule.pathOnly());
    assertEquals(null, rule.regex());
    Detector detector = new Detector(RuleSet.of(List.of(rule)));
    assertEquals(
        List.of("jks"),
        detector.detectPath("deploy/Server.JKS").stream().map(c -> c.rule().id()).toList());
    assertEquals(List.of(), detector.detectPath("test/server.jks"));
    assertEquals(List.of(), detector.detectPath("server.jks.md"));
    assertEquals(
        List.of(), detector.detect("keystore = server.jks\n"), "content is not its business");
    ConfigException keywords =
        assertThrows(
            ConfigException.class,
            () ->
                Config.parse(
                    "c.yaml", "rules:\n  - id: jks\n    path: '\\.jks$'\n    keywords: [jks]\n"));
    assertEquals(4, keywords.line());
    assertTrue(
        keywords.problem().contains("'keywords' does not apply to a rule with a path and no regex"),
        keywords.problem());
    ConfigException neither =
        assertThrows(ConfigException.class, () -> Config.parse("c.yaml", "rules:\n  - id: x\n"));
    assertTrue(neither.problem().contains("rule is missing 'regex'"), neither.problem());
    ConfigException badPath =
        assertThrows(
            ConfigException.class,
            () -> Config.parse("c.yaml", "rules:\n  - id: x\n    path: 'a(['\n"));
    assertEquals(3, badPath.line());
    assertTrue(badPath.problem().contains("path is not valid RE2"), badPath.problem());
  }

  @Test
  void aRuleNamesTheIdsOtherScannersGiveItAndBadListsAreErrors() {
    Config config =
        Config.parse(
            "c.yaml",
            "rules:\n  - id: acme-key\n    keywords: [acme_]\n    gitleaks: [acme-api-token, acme-legacy]\n"
                + "    betterleaks: ['acme-api-token.1']\n    regex: 'acme_[a-z0-9]{16}'\n");
    Rule rule = config.extraRules().get(0);
    assertEquals(List.of("acme-api-token", "acme-legacy"), rule.aliases("gitleaks"));
    assertEquals(List.of("acme-api-token.1"), rule.aliases("betterleaks"));
    assertEquals(List.of(), rule.aliases("trufflehog"));
    ConfigException mapping =
        assertThrows(
            ConfigException.class,
            () ->
                Config.parse("c.yaml", "rules:\n  - id: a\n    regex: a\n    gitleaks: {id: x}\n"));
    assertEquals(4, mapping.line());
    assertTrue(
        mapping.problem().contains("'gitleaks' must be a list of strings"), mapping.problem());
    ConfigException badId =
        assertThrows(
            ConfigException.class,
            () ->
                Config.parse(
                    "c.yaml",
                    "rules:\n  - id: a\n    regex: a\n    betterleaks: ['ok', 'not/an id']\n"));
    assertEquals(4, badId.line());
    assertTrue(
        badId.problem().contains("betterleaks id 'not/an id' is not a rule id"), badId.problem());
  }

  @Test
  void disablingAnUnknownRuleIsAnError() {
    Config config = Config.parse("c.yaml", "disable: [no-such-rule]\n");
    ConfigException e =
        assertThrows(ConfigException.class, () -> config.apply(RuleSet.of(List.of())));
    assertTrue(e.getMessage().contains("no-such-rule"));
  }

  @Test
  void sizesTakeUnits() {
    assertEquals(1024, Config.parseSize("1KiB"));
    assertEquals(10_000_000, Config.parseSize("10MB"));
    assertEquals(5, Config.parseSize("5"));
    assertThrows(IllegalArgumentException.class, () -> Config.parseSize("ten"));
  }
}
