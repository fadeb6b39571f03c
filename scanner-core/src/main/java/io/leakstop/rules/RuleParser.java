package io.leakstop.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.leakstop.cache.BoundedCache;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns the YAML form of rules into {@link Rule} values, naming file and line for each mistake. */
final class RuleParser {
  private static final Pattern ID = Pattern.compile("^[a-z0-9][a-z0-9._-]*$");

  /**
   * Other scanners' rule ids: as leakstop's, plus upper case and spaces (trufflehog's detector
   * names).
   */
  private static final Pattern ALIAS = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._ -]*$");

  private static final Set<String> RULE_FIELDS =
      Set.of(
          "id",
          "description",
          "issuer",
          "severity",
          "keywords",
          "regex",
          "path",
          "entropy",
          "checksum",
          "allow",
          "window",
          "examples",
          "gitleaks",
          "betterleaks",
          "trufflehog",
          "kingfisher",
          "companions");

  /** Fields naming the ids other scanners give what a rule finds; see {@link Rule#aliases}. */
  private static final List<String> ALIAS_FIELDS =
      List.of("gitleaks", "betterleaks", "trufflehog", "kingfisher");

  /** Fields about content, which a rule that flags files by path alone never reads. */
  private static final List<String> CONTENT_FIELDS =
      List.of("keywords", "entropy", "checksum", "window", "companions");

  private static final Set<String> COMPANION_FIELDS = Set.of("name", "regex", "lines");
  private static final Set<String> ALLOW_FIELDS = Set.of("stopwords", "regexes", "paths", "lines");
  private static final Set<String> EXAMPLE_FIELDS = Set.of("match", "no-match");

  private final YamlTree yaml;

  /**
   * Rule regexes are compiled on first use (see {@link Regex}); only for the built-in catalogue.
   */
  private final boolean deferRegexes;

  RuleParser(YamlTree yaml) {
    this(yaml, false);
  }

  RuleParser(YamlTree yaml, boolean deferRegexes) {
    this.yaml = yaml;
    this.deferRegexes = deferRegexes;
  }

  List<Rule> rules(String pointer, String defaultIssuer) {
    JsonNode list = yaml.root().at(pointer);
    if (list.isMissingNode() || list.isNull()) {
      return List.of();
    }
    if (!list.isArray()) {
      throw yaml.error(pointer, "'" + fieldName(pointer) + "' must be a list of rules");
    }
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      rules.add(rule(pointer + "/" + i, defaultIssuer));
    }
    return rules;
  }

  private Rule rule(String at, String defaultIssuer) {
    JsonNode node = yaml.root().at(at);
    if (!node.isObject()) {
      throw yaml.error(at, "a rule must be a mapping with id, regex, keywords …");
    }
    rejectUnknown(at, node, RULE_FIELDS, "rule");
    String id = requiredText(at, "id");
    if (!ID.matcher(id).matches()) {
      throw yaml.error(
          at + "/id", "rule id '" + id + "' must be lowercase letters, digits, '-', '_' or '.'");
    }
    String where = "rule '" + id + "': ";
    String issuer = optionalText(at, "issuer", defaultIssuer == null ? "generic" : defaultIssuer);
    Severity severity;
    try {
      severity = Severity.parse(optionalText(at, "severity", "medium"));
    } catch (IllegalArgumentException e) {
      throw yaml.error(at + "/severity", where + e.getMessage());
    }
    Pattern path = null;
    String pathText = optionalText(at, "path", null);
    if (pathText != null) {
      try {
        path = compile(pathText);
      } catch (PatternSyntaxException e) {
        throw yaml.error(at + "/path", where + "path is not valid RE2: " + e.getMessage());
      }
    }
    JsonNode regexNode = node.get("regex");
    Regex regex = null;
    if (path != null && (regexNode == null || regexNode.isNull())) {
      for (String field : CONTENT_FIELDS) {
        if (node.has(field)) {
          throw yaml.error(
              at + "/" + field,
              where
                  + "'"
                  + field
                  + "' does not apply to a rule with a path and no regex: it flags files by"
                  + " path and reads no content");
        }
      }
    } else {
      regex = regex(at, where, requiredText(at, "regex"));
    }
    List<String> keywords = textList(at + "/keywords", where);
    for (int i = 0; i < keywords.size(); i++) {
      if (keywords.get(i).isEmpty()) {
        throw yaml.error(at + "/keywords/" + i, where + "a keyword must not be empty");
      }
    }
    double entropy = 0;
    JsonNode entropyNode = node.get("entropy");
    if (entropyNode != null && !entropyNode.isNull()) {
      if (!entropyNode.isNumber() || entropyNode.asDouble() < 0 || entropyNode.asDouble() > 8) {
        throw yaml.error(
            at + "/entropy", where + "entropy must be a number from 0 to 8 (bits per character)");
      }
      entropy = entropyNode.asDouble();
    }
    Checksum checksum = null;
    String checksumName = optionalText(at, "checksum", null);
    if (checksumName != null) {
      checksum =
          Checksums.byName(checksumName)
              .orElseThrow(
                  () ->
                      yaml.error(
                          at + "/checksum",
                          where
                              + "unknown checksum '"
                              + checksumName
                              + "' (known: "
                              + String.join(", ", Checksums.names())
                              + ")"));
    }
    int window = Rule.DEFAULT_WINDOW;
    JsonNode windowNode = node.get("window");
    if (windowNode != null && !windowNode.isNull()) {
      if (!windowNode.canConvertToInt()
          || windowNode.asInt() < 16
          || windowNode.asInt() > 1 << 20) {
        throw yaml.error(
            at + "/window", where + "window must be a whole number of bytes from 16 to 1048576");
      }
      window = windowNode.asInt();
    }
    Allowlist allow = allowlist(at + "/allow", where);
    Rule.Examples examples = examples(at + "/examples", where);
    Map<String, List<String>> aliases = new LinkedHashMap<>();
    for (String scanner : ALIAS_FIELDS) {
      List<String> ids = textList(at + "/" + scanner, where);
      for (int i = 0; i < ids.size(); i++) {
        if (!ALIAS.matcher(ids.get(i)).matches()) {
          throw yaml.error(
              at + "/" + scanner + "/" + i,
              where + scanner + " id '" + ids.get(i) + "' is not a rule id");
        }
      }
      if (!ids.isEmpty()) {
        aliases.put(scanner, ids);
      }
    }
    List<Companion> companions = companions(at + "/companions", where);
    return Rule.builder(id)
        .description(optionalText(at, "description", id))
        .issuer(issuer)
        .severity(severity)
        .keywords(keywords)
        .regex(regex)
        .secretGroup(Rule.NAMED_GROUP)
        .minEntropy(entropy)
        .checksum(checksum)
        .allow(allow)
        .window(window)
        .examples(examples)
        .source(yaml.file() + ":" + yaml.line(at))
        .path(path)
        .aliases(aliases)
        .companions(companions)
        .build();
  }

  private Regex regex(String at, String where, String text) {
    String regexText;
    try {
      regexText = AssignmentGrammar.expand(text);
    } catch (IllegalArgumentException e) {
      throw yaml.error(at + "/regex", where + e.getMessage());
    }
    try {
      return deferRegexes ? Regex.deferred(regexText) : Regex.of(compile(regexText));
    } catch (PatternSyntaxException e) {
      throw yaml.error(at + "/regex", where + "regex is not valid RE2: " + e.getMessage());
    }
  }

  private List<Companion> companions(String at, String where) {
    JsonNode node = yaml.root().at(at);
    if (node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw yaml.error(
          at, where + "'companions' must be a list of mappings with name, regex and lines");
    }
    List<Companion> companions = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String item = at + "/" + i;
      if (!node.get(i).isObject()) {
        throw yaml.error(item, where + "a companion must be a mapping with name, regex and lines");
      }
      rejectUnknown(item, node.get(i), COMPANION_FIELDS, "companion");
      String name = requiredText(item, "name");
      if (!ID.matcher(name).matches()) {
        throw yaml.error(
            item + "/name",
            where
                + "companion name '"
                + name
                + "' must be lowercase letters, digits, '-', '_' or '.'");
      }
      Regex regex;
      try {
        regex = Regex.of(compile(AssignmentGrammar.expand(requiredText(item, "regex"))));
      } catch (IllegalArgumentException e) {
        throw yaml.error(
            item + "/regex", where + "companion regex is not valid RE2: " + e.getMessage());
      }
      JsonNode lines = node.get(i).get("lines");
      if (lines == null
          || !lines.canConvertToInt()
          || lines.asInt() < 0
          || lines.asInt() > Companion.MAX_LINES) {
        throw yaml.error(
            item,
            where
                + "companion '"
                + name
                + "' needs 'lines', a whole number from 0 to "
                + Companion.MAX_LINES);
      }
      companions.add(new Companion(name, regex, lines.asInt()));
    }
    return companions;
  }

  Allowlist allowlist(String at, String where) {
    JsonNode node = yaml.root().at(at);
    if (node.isMissingNode() || node.isNull()) {
      return Allowlist.EMPTY;
    }
    if (!node.isObject()) {
      throw yaml.error(
          at, where + "'allow' must be a mapping with stopwords, regexes, paths and lines");
    }
    rejectUnknown(at, node, ALLOW_FIELDS, "allow");
    Allowlist onSecret =
        new Allowlist(
            textList(at + "/stopwords", where),
            regexList(at + "/regexes", where),
            regexList(at + "/paths", where));
    List<Pattern> lines = regexList(at + "/lines", where);
    if (lines.isEmpty()) {
      return onSecret;
    }
    List<Allowlist.Clause> clauses = new ArrayList<>(onSecret.clauses());
    clauses.add(
        new Allowlist.Clause(
            null,
            Allowlist.Condition.ANY,
            List.of(),
            List.of(),
            Allowlist.Target.LINE,
            lines,
            List.of()));
    return new Allowlist(clauses);
  }

  private Rule.Examples examples(String at, String where) {
    JsonNode node = yaml.root().at(at);
    if (node.isMissingNode() || node.isNull()) {
      return Rule.Examples.NONE;
    }
    if (!node.isObject()) {
      throw yaml.error(at, where + "'examples' must be a mapping with match and no-match lists");
    }
    rejectUnknown(at, node, EXAMPLE_FIELDS, "examples");
    return new Rule.Examples(textList(at + "/match", where), textList(at + "/no-match", where));
  }

  /**
   * Compiled patterns by source. Rules repeat allowlist entries (the generic ones share a dozen):
   * the built-in catalogue has 383 patterns and 241 distinct ones. Patterns are immutable.
   */
  private static final BoundedCache<String, Pattern> COMPILED = BoundedCache.ofEntries(10_000);

  private static Pattern compile(String regex) {
    return COMPILED.computeIfAbsent(regex, Pattern::compile);
  }

  List<Pattern> regexList(String at, String where) {
    List<String> texts = textList(at, where);
    List<Pattern> patterns = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      try {
        patterns.add(compile(texts.get(i)));
      } catch (PatternSyntaxException e) {
        throw yaml.error(at + "/" + i, where + "regex is not valid RE2: " + e.getMessage());
      }
    }
    return patterns;
  }

  List<String> textList(String at, String where) {
    JsonNode node = yaml.root().at(at);
    if (node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    if (node.isTextual()) {
      return List.of(node.asText());
    }
    if (!node.isArray()) {
      throw yaml.error(at, where + "'" + fieldName(at) + "' must be a list of strings");
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      if (!item.isValueNode() || item.isNull()) {
        throw yaml.error(at + "/" + i, where + "'" + fieldName(at) + "' must be a list of strings");
      }
      values.add(item.asText());
    }
    return values;
  }

  private String requiredText(String at, String field) {
    JsonNode value = yaml.root().at(at).get(field);
    if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
      throw yaml.error(at, "rule is missing '" + field + "'");
    }
    if (!value.isValueNode()) {
      throw yaml.error(at + "/" + field, "'" + field + "' must be a string");
    }
    return value.asText();
  }

  private String optionalText(String at, String field, String fallback) {
    JsonNode value = yaml.root().at(at).get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isValueNode()) {
      throw yaml.error(at + "/" + field, "'" + field + "' must be a string");
    }
    return value.asText();
  }

  void rejectUnknown(String at, JsonNode node, Set<String> known, String what) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw yaml.error(
            at + "/" + name,
            "unknown field '"
                + name
                + "' in "
                + what
                + " (known: "
                + String.join(", ", new java.util.TreeSet<>(known))
                + ")");
      }
    }
  }

  private static String fieldName(String pointer) {
    return pointer.substring(pointer.lastIndexOf('/') + 1);
  }
}
