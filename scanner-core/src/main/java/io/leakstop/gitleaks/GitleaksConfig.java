package io.leakstop.gitleaks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.leakstop.rules.Allowlist;
import io.leakstop.rules.Config;
import io.leakstop.rules.ConfigException;
import io.leakstop.rules.Regex;
import io.leakstop.rules.RepositoryFiles;
import io.leakstop.rules.Rule;
import io.leakstop.rules.RuleSet;
import io.leakstop.rules.Severity;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a gitleaks TOML configuration ({@code .gitleaks.toml}) into a leakstop {@link Config}:
 * {@code [[rules]]} become custom rules, every kind of allowlist becomes {@link Allowlist} clauses,
 * and {@code [extend] useDefault} means leakstop's own built-in rules, with {@code disabledRules}
 * naming leakstop ids or the gitleaks ids that map to them ({@link GitleaksRuleIds}).
 *
 * <p>Regexes are compiled with RE2/J. Go's RE2 and RE2/J share a syntax; where a regex uses
 * something RE2/J does not accept, the error names the file, the line and the rule.
 */
final class GitleaksConfig {
  public static final String FILE_NAME = ".gitleaks.toml";

  private static final TomlMapper TOML = new TomlMapper();

  /** gitleaks follows {@code [extend] path} chains to a depth of 2. */
  private static final int MAX_EXTEND_DEPTH = 2;

  /**
   * gitleaks runs a rule's regex over the whole file once a keyword occurs; leakstop around each
   * keyword hit. This reach covers matches spanning lines (a 4096-bit PEM key is about 3.3 KB) and
   * keywords a few lines away from their secret.
   */
  static final int WINDOW = 4096;

  private static final Set<String> TOP_FIELDS =
      Set.of("title", "description", "minVersion", "extend", "rules", "allowlist", "allowlists");
  private static final Set<String> EXTEND_FIELDS =
      Set.of("useDefault", "path", "url", "disabledRules");
  private static final Set<String> RULE_FIELDS =
      Set.of(
          "id",
          "description",
          "regex",
          "secretGroup",
          "entropy",
          "keywords",
          "path",
          "tags",
          "allowlist",
          "allowlists",
          "required",
          "skipReport");
  private static final Set<String> ALLOWLIST_FIELDS =
      Set.of(
          "description",
          "condition",
          "commits",
          "paths",
          "regexTarget",
          "regexes",
          "stopwords",
          "targetRules");

  private final Path path;
  private final String file;
  private final TomlLines lines;
  private final JsonNode root;
  private final int depth;

  /**
   * The folder an {@code [extend] path} must stay in, or null when the config is the user's own.
   */
  private final Path confine;

  private final List<String> warnings = new ArrayList<>();

  private GitleaksConfig(Path path, String text, int depth, Path confine) {
    this.path = path;
    this.confine = confine;
    this.file = path.toString();
    this.lines = new TomlLines(text);
    this.depth = depth;
    try {
      this.root = TOML.readTree(text);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new ConfigException(
          file, line, "not valid TOML: " + RepositoryFiles.parserProblem(e.getOriginalMessage()));
    }
  }

  /** Parses the gitleaks configuration {@code text} read from {@code file}, one the user named. */
  public static Config parse(Path file, String text) {
    return new GitleaksConfig(file, text, 0, null).read();
  }

  /**
   * Parses a config found in the scanned tree {@code root}, which is untrusted: {@code [extend]
   * path} may only name regular files inside {@code root}, so a hostile repository cannot make
   * leakstop read (and echo in an error) a file elsewhere on the machine.
   */
  public static Config parse(Path file, String text, Path root) {
    return new GitleaksConfig(file, text, 0, root.toAbsolutePath().normalize()).read();
  }

  private Config read() {
    if (root == null || !root.isObject()) {
      throw error(0, "a gitleaks config must be a TOML table");
    }
    warnUnknown(root, TOP_FIELDS, 0, "config");
    for (String field : List.of("title", "description", "minVersion")) {
      text(root, field, 0, "");
    }
    Extend extend = extend();

    List<Rule> rules = new ArrayList<>();
    Map<String, Allowlist> additions = new LinkedHashMap<>();
    JsonNode ruleNodes = root.path("rules");
    if (!ruleNodes.isMissingNode() && !ruleNodes.isArray()) {
      throw error(lines.key(0, "rules"), "'rules' must be an array of tables ([[rules]])");
    }
    for (int i = 0; i < ruleNodes.size(); i++) {
      int line = lines.header("rules", i);
      RuleEntry entry = rule(ruleNodes.get(i), line);
      if (entry.rule != null) {
        if (rules.stream().anyMatch(r -> r.id().equals(entry.rule.id()))) {
          throw error(line, "rule id '" + entry.rule.id() + "' is defined twice");
        }
        rules.add(entry.rule);
      } else {
        additions.merge(entry.id, entry.allow, Allowlist::plus);
      }
    }
    Map<String, Allowlist> targeted = new LinkedHashMap<>();
    Allowlist global = globalAllowlists(targeted);

    // The base this config extends: leakstop's own rules, another gitleaks file, or nothing.
    Config base = null;
    if (extend.useDefault) {
      base = Config.DEFAULT;
    } else if (extend.path != null) {
      if (depth >= MAX_EXTEND_DEPTH) {
        warnings.add(
            file
                + ": [extend] path "
                + extend.path
                + " not followed: configs extend to a depth of "
                + MAX_EXTEND_DEPTH);
      } else {
        Path other = path.toAbsolutePath().getParent().resolve(extend.path).normalize();
        if (confine != null && !other.startsWith(confine)) {
          throw error(
              lines.key(extend.line, "path"),
              "[extend] path "
                  + extend.path
                  + " is outside the scanned folder; a config found in a repository may only extend files inside it");
        }
        if (!Files.exists(other, LinkOption.NOFOLLOW_LINKS)) {
          throw error(
              lines.key(extend.line, "path"), "[extend] path: no such file: " + extend.path);
        }
        String text =
            confine != null
                ? RepositoryFiles.readSupplied(confine, other).orElseThrow()
                : RepositoryFiles.readNamed(other);
        base = new GitleaksConfig(other, text, depth + 1, confine).read();
      }
    }
    boolean builtin = base != null && base.extendsBuiltin();
    RuleSet builtinRules = builtin ? RuleSet.builtin() : RuleSet.of(List.of());

    // Rules of the extended file, less the disabled ones and those this file redefines.
    List<Rule> extended = new ArrayList<>();
    List<String> disabled = new ArrayList<>();
    Set<String> disabledHere = new LinkedHashSet<>(extend.disabledRules);
    if (base != null) {
      disabled.addAll(base.disabledRules());
      for (Rule rule : base.extraRules()) {
        boolean redefined = rules.stream().anyMatch(r -> r.id().equals(rule.id()));
        if (!disabledHere.remove(rule.id()) && !redefined) {
          extended.add(rule);
        }
      }
      warnings.addAll(base.warnings());
    }
    for (String id : disabledHere) {
      List<String> resolved = GitleaksRuleIds.resolve(id, builtinRules);
      if (resolved.isEmpty()) {
        warnings.add(
            file
                + ":"
                + extend.disabledLine
                + ": disabledRules: no rule '"
                + id
                + "' to disable"
                + (builtin ? " (not a leakstop rule, nor a gitleaks rule leakstop maps)" : ""));
      }
      disabled.addAll(resolved);
    }
    List<Rule> all = new ArrayList<>(rules);
    all.addAll(extended);

    // Allowlists aimed at rules: by [[allowlists]] targetRules, or by a [[rules]] entry that only
    // adds allowlists.
    Map<String, Allowlist> ruleAllows = new LinkedHashMap<>();
    if (base != null) {
      base.ruleAllows().forEach((id, allow) -> ruleAllows.merge(id, allow, Allowlist::plus));
    }
    Map<String, Allowlist> aimed = new LinkedHashMap<>(additions);
    targeted.forEach((id, allow) -> aimed.merge(id, allow, Allowlist::plus));
    aimed.forEach(
        (id, allow) -> {
          List<String> ids =
              all.stream().anyMatch(r -> r.id().equals(id))
                  ? List.of(id)
                  : GitleaksRuleIds.resolve(id, builtinRules);
          if (ids.isEmpty() || ids.stream().allMatch(disabled::contains)) {
            warnings.add(file + ": allowlist for rule '" + id + "' ignored: no such rule");
          }
          for (String resolved : ids) {
            ruleAllows.merge(resolved, allow, Allowlist::plus);
          }
        });
    Allowlist allow = base == null ? global : global.plus(base.allow());
    return new Config(
        List.copyOf(new LinkedHashSet<>(disabled)),
        all,
        allow,
        base == null ? List.of() : base.excludes(),
        Config.DEFAULT_MAX_FILE_SIZE,
        file,
        builtin,
        ruleAllows,
        warnings);
  }

  private record Extend(
      boolean useDefault, String path, List<String> disabledRules, int line, int disabledLine) {}

  private Extend extend() {
    JsonNode node = root.get("extend");
    if (node == null) {
      return new Extend(false, null, List.of(), 0, 0);
    }
    int line = lines.header("extend", 0);
    if (!node.isObject()) {
      throw error(lines.key(0, "extend"), "'extend' must be a table ([extend])");
    }
    warnUnknown(node, EXTEND_FIELDS, line, "[extend]");
    JsonNode useDefault = node.get("useDefault");
    if (useDefault != null && !useDefault.isBoolean()) {
      throw error(lines.key(line, "useDefault"), "[extend] useDefault must be true or false");
    }
    String extendPath = text(node, "path", line, "[extend] ");
    if (useDefault != null && useDefault.asBoolean() && extendPath != null) {
      throw error(line, "[extend] useDefault and path cannot both be set; choose one");
    }
    if (node.has("url")) {
      warnings.add(
          file
              + ":"
              + lines.key(line, "url")
              + ": [extend] url is not supported (gitleaks does not support it either); ignored");
    }
    return new Extend(
        useDefault != null && useDefault.asBoolean(),
        extendPath,
        strings(node, "disabledRules", line, "[extend] "),
        line,
        lines.key(line, "disabledRules"));
  }

  private record RuleEntry(String id, Rule rule, Allowlist allow) {}

  private RuleEntry rule(JsonNode node, int line) {
    if (!node.isObject()) {
      throw error(line, "each [[rules]] entry must be a table");
    }
    String id = text(node, "id", line, "rule: ");
    if (id == null || id.isBlank()) {
      throw error(line, "rule is missing 'id'");
    }
    String where = "rule '" + id + "': ";
    warnUnknown(node, RULE_FIELDS, line, "rule '" + id + "'");
    Allowlist allow = ruleAllowlists(node, line, where);
    String regexText = text(node, "regex", line, where);
    String pathText = text(node, "path", line, where);
    if ((regexText == null || regexText.isEmpty()) && (pathText == null || pathText.isEmpty())) {
      if (!allow.isEmpty()) {
        // Adds allowlists to a rule defined elsewhere (the default rules, an extended file).
        return new RuleEntry(id, null, allow);
      }
      throw error(line, where + "needs a regex, a path or both");
    }
    Pattern regex =
        regexText == null || regexText.isEmpty()
            ? null
            : regex(regexText, lines.key(line, "regex"), where + "regex");
    Pattern pathRegex =
        pathText == null || pathText.isEmpty()
            ? null
            : regex(pathText, lines.key(line, "path"), where + "path");
    int secretGroup = 0;
    JsonNode group = node.get("secretGroup");
    if (group != null) {
      if (!group.canConvertToInt() || group.asInt() < 0) {
        throw error(
            lines.key(line, "secretGroup"), where + "secretGroup must be a whole number from 0");
      }
      secretGroup = group.asInt();
      if (regex != null && secretGroup > regex.groupCount()) {
        throw error(
            lines.key(line, "secretGroup"),
            where
                + "secretGroup "
                + secretGroup
                + " but the regex has "
                + regex.groupCount()
                + " groups");
      }
    }
    if (secretGroup == 0 && regex != null && regex.groupCount() > 0) {
      secretGroup = Rule.FIRST_GROUP;
    }
    double entropy = 0;
    JsonNode entropyNode = node.get("entropy");
    if (entropyNode != null) {
      if (!entropyNode.isNumber() || entropyNode.asDouble() < 0 || entropyNode.asDouble() > 8) {
        throw error(
            lines.key(line, "entropy"),
            where + "entropy must be a number from 0 to 8 (bits per character)");
      }
      entropy = entropyNode.asDouble();
    }
    List<String> keywords = new ArrayList<>();
    for (String keyword : strings(node, "keywords", line, where)) {
      if (!keyword.isEmpty()) {
        keywords.add(keyword.toLowerCase(Locale.ROOT));
      }
    }
    if (node.has("required")) {
      warnings.add(
          file
              + ":"
              + lines.key(line, "required")
              + ": "
              + where
              + "[[rules.required]] (composite rules) is not supported; the rule reports its own matches alone");
    }
    if (node.path("skipReport").asBoolean(false)) {
      warnings.add(
          file
              + ":"
              + lines.key(line, "skipReport")
              + ": "
              + where
              + "skipReport only serves composite rules, which leakstop does not support; the rule is left out");
      return new RuleEntry(id, null, Allowlist.EMPTY);
    }
    String description = text(node, "description", line, where);
    Rule rule =
        Rule.builder(id)
            .description(description == null || description.isBlank() ? id : description)
            .issuer("custom")
            .severity(Severity.MEDIUM)
            .keywords(keywords)
            .regex(regex == null ? null : Regex.of(regex))
            .secretGroup(secretGroup)
            .minEntropy(entropy)
            .allow(allow)
            .window(WINDOW)
            .source(file + ":" + line)
            .path(pathRegex)
            .tags(strings(node, "tags", line, where))
            .build();
    return new RuleEntry(id, rule, allow);
  }

  /** A rule's {@code [rules.allowlist]} (old) or {@code [[rules.allowlists]]} (new). */
  private Allowlist ruleAllowlists(JsonNode rule, int ruleLine, String where) {
    int nextRule = lines.header("rules", 0, ruleLine + 1, lines.count() + 1);
    int until = nextRule == 0 ? lines.count() + 1 : nextRule;
    JsonNode old = rule.get("allowlist");
    JsonNode list = rule.get("allowlists");
    if (old != null && list != null) {
      throw error(
          ruleLine,
          where
              + "[rules.allowlist] is deprecated and cannot be used alongside [[rules.allowlists]]");
    }
    List<Allowlist.Clause> clauses = new ArrayList<>();
    if (old != null) {
      int line = lines.header("rules.allowlist", 0, ruleLine, until);
      clauses.add(clause(old, line == 0 ? ruleLine : line, where + "[rules.allowlist] ", false));
    }
    if (list != null) {
      if (!list.isArray()) {
        throw error(
            ruleLine, where + "'allowlists' must be an array of tables ([[rules.allowlists]])");
      }
      for (int i = 0; i < list.size(); i++) {
        int line = lines.header("rules.allowlists", i, ruleLine, until);
        clauses.add(
            clause(
                list.get(i), line == 0 ? ruleLine : line, where + "[[rules.allowlists]] ", false));
      }
    }
    return new Allowlist(clauses);
  }

  /**
   * The global {@code [allowlist]} (old) or {@code [[allowlists]]} (new); those with targetRules go
   * to {@code targeted}.
   */
  private Allowlist globalAllowlists(Map<String, Allowlist> targeted) {
    JsonNode old = root.get("allowlist");
    JsonNode list = root.get("allowlists");
    if (old != null && list != null) {
      throw error(
          lines.header("allowlist", 0),
          "[allowlist] is deprecated and cannot be used alongside [[allowlists]]");
    }
    List<Allowlist.Clause> clauses = new ArrayList<>();
    if (old != null) {
      clauses.add(clause(old, lines.header("allowlist", 0), "[allowlist] ", false));
    }
    if (list != null) {
      if (!list.isArray()) {
        throw error(
            lines.key(0, "allowlists"), "'allowlists' must be an array of tables ([[allowlists]])");
      }
      for (int i = 0; i < list.size(); i++) {
        int line = lines.header("allowlists", i);
        JsonNode node = list.get(i);
        Allowlist.Clause clause = clause(node, line, "[[allowlists]] ", true);
        List<String> targets =
            node.isObject() ? strings(node, "targetRules", line, "[[allowlists]] ") : List.of();
        if (targets.isEmpty()) {
          clauses.add(clause);
        }
        for (String target : targets) {
          targeted.merge(target, new Allowlist(List.of(clause)), Allowlist::plus);
        }
      }
    }
    return new Allowlist(clauses);
  }

  private Allowlist.Clause clause(JsonNode node, int line, String where, boolean global) {
    if (!node.isObject()) {
      throw error(line, where + "must be a table");
    }
    Set<String> known = new LinkedHashSet<>(ALLOWLIST_FIELDS);
    if (!global) {
      known.remove("targetRules");
    }
    warnUnknown(node, known, line, where.trim());
    String conditionText = text(node, "condition", line, where);
    Allowlist.Condition condition =
        switch (conditionText == null ? "" : conditionText.trim().toUpperCase(Locale.ROOT)) {
          case "", "OR", "||" -> Allowlist.Condition.ANY;
          case "AND", "&&" -> Allowlist.Condition.ALL;
          default ->
              throw error(
                  lines.key(line, "condition"),
                  where + "unknown condition '" + conditionText + "' (expected AND or OR)");
        };
    String targetText = text(node, "regexTarget", line, where);
    Allowlist.Target target =
        switch (targetText == null ? "" : targetText) {
          case "", "secret" -> Allowlist.Target.SECRET;
          case "match" -> Allowlist.Target.MATCH;
          case "line" -> Allowlist.Target.LINE;
          default ->
              throw error(
                  lines.key(line, "regexTarget"),
                  where
                      + "unknown regexTarget '"
                      + targetText
                      + "' (expected secret, match or line)");
        };
    Allowlist.Clause clause =
        new Allowlist.Clause(
            text(node, "description", line, where),
            condition,
            strings(node, "commits", line, where),
            regexes(node, "paths", line, where),
            target,
            regexes(node, "regexes", line, where),
            strings(node, "stopwords", line, where));
    if (clause.isEmpty()) {
      throw error(
          line, where + "must contain at least one check: commits, paths, regexes or stopwords");
    }
    return clause;
  }

  private List<Pattern> regexes(JsonNode node, String field, int tableLine, String where) {
    List<Pattern> patterns = new ArrayList<>();
    int keyLine = lines.key(tableLine, field);
    for (String text : strings(node, field, tableLine, where)) {
      patterns.add(regex(text, lines.value(keyLine, text), where + field));
    }
    return patterns;
  }

  /**
   * Compiles a Go regex with RE2/J. The two share RE2's syntax; what RE2/J rejects is reported with
   * the rule and the line, since a rule that silently never fires is worse than a failed start.
   */
  private Pattern regex(String text, int line, String what) {
    try {
      return Pattern.compile(text);
    } catch (PatternSyntaxException e) {
      throw error(
          line,
          what
              + ": regex is not valid RE2 as RE2/J reads it (gitleaks uses Go's RE2; leakstop uses RE2/J): "
              + e.getMessage());
    }
  }

  private String text(JsonNode node, String field, int tableLine, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      // gitleaks' own loader would turn id = 5 into "5"; a number where a name or regex belongs is
      // a mistake.
      throw error(lines.key(tableLine, field), where + "'" + field + "' must be a string");
    }
    return value.asText();
  }

  private List<String> strings(JsonNode node, String field, int tableLine, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw error(
          lines.key(tableLine, field), where + "'" + field + "' must be an array of strings");
    }
    List<String> texts = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        throw error(
            lines.key(tableLine, field), where + "'" + field + "' must be an array of strings");
      }
      texts.add(item.asText());
    }
    return texts;
  }

  private void warnUnknown(JsonNode node, Set<String> known, int line, String what) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        // gitleaks ignores keys it does not know; a typo should still not pass unnoticed.
        warnings.add(
            file
                + ":"
                + lines.key(line, name)
                + ": unknown key '"
                + name
                + "' in "
                + what
                + " ignored");
      }
    }
  }

  private ConfigException error(int line, String problem) {
    return new ConfigException(file, line, problem);
  }
}
