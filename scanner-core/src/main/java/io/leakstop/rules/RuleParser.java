package io.leakstop.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.leakstop.cache.BoundedCache;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns the YAML form of rules into {@link Rule} values, naming file and line for each mistake. */
final class RuleParser {

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
   * Values by JSON pointer, as {@code node(pointer)} finds them: every field of a rule is read by
   * its pointer, and compiling each pointer anew was a noticeable part of loading the catalogue.
   */
  private final Map<String, JsonNode> nodes = new HashMap<>();

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
    JsonNode list = node(pointer);
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
    JsonNode node = node(at);
    if (!node.isObject()) {
      throw yaml.error(at, "a rule must be a mapping with id, regex, keywords …");
    }
    rejectUnknown(at, node, RULE_FIELDS, "rule");
    String id = requiredText(at, "id");
    if (!isRuleId(id)) {
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
        if (!isAlias(ids.get(i))) {
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
    JsonNode node = node(at);
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
      if (!isRuleId(name)) {
        throw yaml.error(
            item + "/name",
            where
                + "companion name '"
                + name
                + "' must be lowercase letters, digits, '-', '_' or '.'");
      }
      Regex regex;
      try {
        String text = AssignmentGrammar.expand(requiredText(item, "regex"));
        regex = deferRegexes ? Regex.deferred(text) : Regex.of(compile(text));
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
    JsonNode node = node(at);
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
    JsonNode node = node(at);
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
    JsonNode node = node(at);
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
    JsonNode value = node(at).get(field);
    if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
      throw yaml.error(at, "rule is missing '" + field + "'");
    }
    if (!value.isValueNode()) {
      throw yaml.error(at + "/" + field, "'" + field + "' must be a string");
    }
    return value.asText();
  }

  private String optionalText(String at, String field, String fallback) {
    JsonNode value = node(at).get(field);
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

  /**
   * The value at {@code pointer} (a pointer this parser built: {@code /rules/3/allow}, no escapes),
   * missing when there is none, as {@link JsonNode#at(String)} finds it.
   */
  JsonNode node(String pointer) {
    if (pointer.isEmpty()) {
      return yaml.root();
    }
    JsonNode node = nodes.get(pointer);
    if (node == null) {
      int slash = pointer.lastIndexOf('/');
      JsonNode parent = node(pointer.substring(0, slash));
      String name = pointer.substring(slash + 1);
      node = parent.isArray() ? parent.path(index(name)) : parent.path(name);
      nodes.put(pointer, node);
    }
    return node;
  }

  /** An array index as a JSON pointer writes it (digits, no leading zero), else -1. */
  private static int index(String segment) {
    if (segment.isEmpty()
        || segment.length() > 9
        || (segment.length() > 1 && segment.charAt(0) == '0')) {
      return -1;
    }
    int index = 0;
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      index = index * 10 + (c - '0');
    }
    return index;
  }

  /**
   * A rule or companion id: {@code [a-z0-9][a-z0-9._-]*}. Checked by hand: it runs for every rule
   * of the catalogue on every start, where a regex match costs more.
   */
  static boolean isRuleId(String text) {
    return isId(text, false);
  }

  /**
   * Other scanners' rule ids: as leakstop's, plus upper case and spaces (trufflehog's detector
   * names): {@code [A-Za-z0-9][A-Za-z0-9._ -]*}.
   */
  static boolean isAlias(String text) {
    return isId(text, true);
  }

  private static boolean isId(String text, boolean alias) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || (alias && c >= 'A' && c <= 'Z')
              || (i > 0 && (c == '.' || c == '_' || c == '-' || (alias && c == ' ')));
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static String fieldName(String pointer) {
    return pointer.substring(pointer.lastIndexOf('/') + 1);
  }
}
