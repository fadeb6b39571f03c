package io.leakstop.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A user's tuning of detection, from {@code .leakstop.yaml} at the scanned root or {@code --config}:
 * rules to disable or add, allowlists, path excludes and the file size limit.
 *
 * <p>A config may only tune detection. It never says where secrets are sent: a config found in a
 * scanned repository is untrusted.
 */
public record Config(
    List<String> disabledRules,
    List<Rule> extraRules,
    Allowlist allow,
    List<String> excludes,
    long maxFileSize,
    String source) {

  public static final String FILE_NAME = ".leakstop.yaml";
  public static final long DEFAULT_MAX_FILE_SIZE = 10L << 20;
  public static final Config DEFAULT =
      new Config(List.of(), List.of(), Allowlist.EMPTY, List.of(), DEFAULT_MAX_FILE_SIZE, null);

  private static final Set<String> FIELDS =
      Set.of("disable", "rules", "allow", "exclude", "max-file-size");

  public Config {
    disabledRules = List.copyOf(disabledRules);
    extraRules = List.copyOf(extraRules);
    excludes = List.copyOf(excludes);
  }

  /**
   * The config for a scan of {@code root}: {@code explicit} when given, else {@code .leakstop.yaml}
   * at the root if there is one, else the defaults.
   */
  public static Config discover(Path root, Path explicit) {
    if (explicit != null) {
      return load(explicit);
    }
    if (root != null) {
      Path file = Files.isDirectory(root) ? root.resolve(FILE_NAME) : null;
      if (file != null && Files.isRegularFile(file)) {
        return load(file);
      }
    }
    return DEFAULT;
  }

  public Config withExcludes(List<String> more) {
    List<String> all = new ArrayList<>(excludes);
    all.addAll(more);
    return new Config(disabledRules, extraRules, allow, all, maxFileSize, source);
  }

  public Config withMaxFileSize(long bytes) {
    return new Config(disabledRules, extraRules, allow, excludes, bytes, source);
  }

  public static Config load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(file.toString(), 0, "cannot read: " + e.getMessage());
    }
    return parse(file.toString(), text);
  }

  public static Config parse(String file, String yamlText) {
    YamlTree yaml = YamlTree.parse(file, yamlText);
    JsonNode root = yaml.root();
    if (!root.isObject()) {
      throw yaml.error("", "the config must be a mapping (disable, rules, allow, exclude, max-file-size)");
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

  /** The rule set this config asks for: built-in rules less the disabled ones, plus its own. */
  public RuleSet apply(RuleSet base) {
    List<String> unknown = new ArrayList<>();
    for (String id : disabledRules) {
      if (base.get(id).isEmpty()) {
        unknown.add(id);
      }
    }
    if (!unknown.isEmpty()) {
      throw new ConfigException(
          source == null ? "config" : source, 0, "disable: no such rule: " + String.join(", ", unknown));
    }
    return base.without(disabledRules).with(extraRules);
  }

  /** Parses sizes such as {@code 1048576}, {@code 512KiB}, {@code 10MB}, {@code 2g}. */
  public static long parseSize(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT).replace(" ", "");
    long unit = 1;
    String[][] units = {{"kib", "1024"}, {"mib", "1048576"}, {"gib", "1073741824"},
        {"kb", "1000"}, {"mb", "1000000"}, {"gb", "1000000000"},
        {"k", "1024"}, {"m", "1048576"}, {"g", "1073741824"}, {"b", "1"}};
    for (String[] u : units) {
      if (t.endsWith(u[0])) {
        unit = Long.parseLong(u[1]);
        t = t.substring(0, t.length() - u[0].length());
        break;
      }
    }
    try {
      long value = Long.parseLong(t);
      if (value <= 0) {
        throw new NumberFormatException();
      }
      return Math.multiplyExact(value, unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("'" + text + "' is not a size (e.g. 10MiB, 512KiB, 1048576)");
    }
  }
}
