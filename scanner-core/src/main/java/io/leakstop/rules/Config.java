package io.leakstop.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A user's tuning of detection, from {@code .leakstop.yaml} (or a gitleaks {@code .gitleaks.toml},
 * read by {@code io.leakstop.gitleaks}) at the scanned root or {@code --config}: rules to disable
 * or add, allowlists, path excludes and the file size limit.
 *
 * <p>A config may only tune detection. It never says where secrets are sent: a config found in a
 * scanned repository is untrusted.
 *
 * @param allow allowed everywhere, for every rule
 * @param extendsBuiltin whether the built-in rules are the base; a gitleaks config without {@code
 *     [extend] useDefault} defines every rule itself
 * @param ruleAllows allowlists added to the rules named (gitleaks' {@code targetRules} and rule
 *     entries that only add allowlists to an existing rule)
 * @param warnings what the config asks for that leakstop cannot do exactly, said once per scan
 */
public record Config(
    List<String> disabledRules,
    List<Rule> extraRules,
    Allowlist allow,
    List<String> excludes,
    long maxFileSize,
    String source,
    boolean extendsBuiltin,
    Map<String, Allowlist> ruleAllows,
    List<String> warnings) {

  public static final String FILE_NAME = ".leakstop.yaml";
  public static final long DEFAULT_MAX_FILE_SIZE = 10L << 20;

  /**
   * A size limit of 0 means none, as gitleaks' {@code --max-target-megabytes 0}; one below the
   * maximum so that limit + 1 stays positive.
   */
  public static final long NO_SIZE_LIMIT = Long.MAX_VALUE - 1;

  public static final Config DEFAULT =
      new Config(List.of(), List.of(), Allowlist.EMPTY, List.of(), DEFAULT_MAX_FILE_SIZE, null);

  private static final Set<String> FIELDS =
      Set.of("disable", "rules", "allow", "exclude", "max-file-size");

  public Config {
    disabledRules = List.copyOf(disabledRules);
    extraRules = List.copyOf(extraRules);
    allow = allow == null ? Allowlist.EMPTY : allow;
    excludes = List.copyOf(excludes);
    ruleAllows =
        ruleAllows == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(ruleAllows));
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /** A config on top of the built-in rules (the {@code .leakstop.yaml} kind). */
  public Config(
      List<String> disabledRules,
      List<Rule> extraRules,
      Allowlist allow,
      List<String> excludes,
      long maxFileSize,
      String source) {
    this(
        disabledRules, extraRules, allow, excludes, maxFileSize, source, true, Map.of(), List.of());
  }

  public Config withExcludes(List<String> more) {
    List<String> all = new ArrayList<>(excludes);
    all.addAll(more);
    return new Config(
        disabledRules,
        extraRules,
        allow,
        all,
        maxFileSize,
        source,
        extendsBuiltin,
        ruleAllows,
        warnings);
  }

  public Config withMaxFileSize(long bytes) {
    return new Config(
        disabledRules,
        extraRules,
        allow,
        excludes,
        bytes,
        source,
        extendsBuiltin,
        ruleAllows,
        warnings);
  }

  public static Config parse(String file, String yamlText) {
    YamlTree yaml = YamlTree.parse(file, yamlText);
    JsonNode root = yaml.root();
    if (!root.isObject()) {
      throw yaml.error(
          "", "the config must be a mapping (disable, rules, allow, exclude, max-file-size)");
    }
    RuleParser parser = new RuleParser(yaml);
    parser.rejectUnknown("", root, FIELDS, "config");
    long maxFileSize = DEFAULT_MAX_FILE_SIZE;
    if (root.has("max-file-size")) {
      try {
        maxFileSize = parseSize(root.get("max-file-size").asText());
      } catch (IllegalArgumentException e) {
        throw yaml.error("/max-file-size", e.getMessage());
      }
    }
    return new Config(
        parser.textList("/disable", ""),
        parser.rules("/rules", "custom"),
        parser.allowlist("/allow", ""),
        parser.textList("/exclude", ""),
        maxFileSize,
        file);
  }

  /**
   * The rule set this config asks for: built-in rules (when it extends them) less the disabled
   * ones, plus its own; each with the allowlists aimed at it and the global allowlist.
   */
  public RuleSet apply(RuleSet base) {
    RuleSet start = extendsBuiltin ? base : RuleSet.of(List.of());
    List<String> unknown = new ArrayList<>();
    for (String id : disabledRules) {
      if (start.get(id).isEmpty()) {
        unknown.add(id);
      }
    }
    if (!unknown.isEmpty()) {
      throw new ConfigException(
          source == null ? "config" : source,
          0,
          "disable: no such rule: " + String.join(", ", unknown));
    }
    RuleSet rules = start.without(disabledRules).with(extraRules);
    if (ruleAllows.isEmpty() && allow.isEmpty()) {
      return rules;
    }
    List<Rule> allowed = new ArrayList<>(rules.size());
    for (Rule rule : rules.rules()) {
      allowed.add(
          rule.withAllow(ruleAllows.getOrDefault(rule.id(), Allowlist.EMPTY)).withAllow(allow));
    }
    return RuleSet.of(allowed);
  }

  /**
   * Parses sizes such as {@code 1048576}, {@code 512KiB}, {@code 10MB}, {@code 2g}; {@code 0} is
   * {@link #NO_SIZE_LIMIT}.
   */
  public static long parseSize(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT).replace(" ", "");
    long unit = 1;
    String[][] units = {
      {"kib", "1024"},
      {"mib", "1048576"},
      {"gib", "1073741824"},
      {"kb", "1000"},
      {"mb", "1000000"},
      {"gb", "1000000000"},
      {"k", "1024"},
      {"m", "1048576"},
      {"g", "1073741824"},
      {"b", "1"}
    };
    for (String[] u : units) {
      if (t.endsWith(u[0])) {
        unit = Long.parseLong(u[1]);
        t = t.substring(0, t.length() - u[0].length());
        break;
      }
    }
    try {
      long value = Long.parseLong(t);
      if (value == 0) {
        return NO_SIZE_LIMIT;
      }
      if (value < 0) {
        throw new NumberFormatException();
      }
      return Math.multiplyExact(value, unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a size (e.g. 10MiB, 512KiB, 1048576)");
    }
  }
}
