package io.leakstop.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An immutable, ordered set of rules with unique ids. */
public final class RuleSet {
  private static volatile RuleSet builtin;

  private final Map<String, Rule> byId;

  private RuleSet(Map<String, Rule> byId) {
    this.byId = byId;
  }

  public static RuleSet of(Collection<Rule> rules) {
    Map<String, Rule> byId = new LinkedHashMap<>();
    for (Rule rule : rules) {
      Rule previous = byId.putIfAbsent(rule.id(), rule);
      if (previous != null) {
        String file = rule.source().replaceFirst(":\\d+$", "");
        int line = Integer.parseInt(rule.source().replaceFirst("^.*:", "0"));
        throw new ConfigException(
            file, line, "rule id '" + rule.id() + "' is already defined at " + previous.source());
      }
    }
    return new RuleSet(byId);
  }

  /**
   * The catalogue shipped in the jar: the YAML files under rules/ in the source tree, read from
   * their compiled form when the build made one ({@link BuiltinCatalogue}).
   */
  public static RuleSet builtin() {
    RuleSet rules = builtin;
    if (rules == null) {
      synchronized (RuleSet.class) {
        rules = builtin;
        if (rules == null) {
          rules = builtin = loadBuiltin();
        }
      }
    }
    return rules;
  }

  private static RuleSet loadBuiltin() {
    return fromFiles(BuiltinCatalogue.files(RuleSet.class.getClassLoader()), true);
  }

  /**
   * The rules of parsed rule files, in order; with {@code deferRegexes}, their regexes compile on
   * first use (see {@link Regex}).
   */
  static RuleSet fromFiles(List<YamlTree> files, boolean deferRegexes) {
    List<Rule> rules = new ArrayList<>();
    for (YamlTree file : files) {
      rules.addAll(rules(file, deferRegexes));
    }
    return of(rules);
  }

  /**
   * Parses one rule file: a mapping with an optional default {@code issuer} and a {@code rules}
   * list.
   */
  public static List<Rule> parse(String file, String yamlText) {
    return rules(YamlTree.parse(file, yamlText), false);
  }

  private static List<Rule> rules(YamlTree yaml, boolean deferRegexes) {
    if (!yaml.root().isObject()) {
      throw yaml.error("", "a rule file must be a mapping with 'issuer' and 'rules'");
    }
    RuleParser parser = new RuleParser(yaml, deferRegexes);
    parser.rejectUnknown("", yaml.root(), Set.of("issuer", "rules"), "rule file");
    String issuer = yaml.root().path("issuer").asText(null);
    return parser.rules("/rules", issuer);
  }

  public static List<Rule> load(Path file) {
    try {
      return parse(file.toString(), Files.readString(file));
    } catch (IOException e) {
      throw new ConfigException(file.toString(), 0, "cannot read: " + e.getMessage());
    }
  }

  public List<Rule> rules() {
    return List.copyOf(byId.values());
  }

  public int size() {
    return byId.size();
  }

  public Optional<Rule> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** This set without the rules named. Unknown ids are the caller's to report. */
  public RuleSet without(Collection<String> ids) {
    if (ids.isEmpty()) {
      return this;
    }
    Map<String, Rule> kept = new LinkedHashMap<>(byId);
    kept.keySet().removeAll(ids);
    return new RuleSet(kept);
  }

  /** This set plus {@code extra}; an extra rule with an existing id replaces it. */
  public RuleSet with(Collection<Rule> extra) {
    if (extra.isEmpty()) {
      return this;
    }
    Map<String, Rule> merged = new LinkedHashMap<>(byId);
    for (Rule rule : extra) {
      merged.put(rule.id(), rule);
    }
    return new RuleSet(merged);
  }
}
