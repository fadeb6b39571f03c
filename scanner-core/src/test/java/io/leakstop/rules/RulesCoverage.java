package io.leakstop.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the catalogue covers the rules of other scanners: every rule id of gitleaks' default
 * configuration and of betterleaks' catalogue (lists under rules/coverage/) is either named by a
 * leakstop rule's {@code gitleaks:}/{@code betterleaks:} list or excused in
 * rules/coverage/exceptions.yaml with a reason. {@link #main} writes docs/rules-coverage.md from
 * it; {@code RulesCoverageTest} fails when the committed page differs or an id is unaccounted for.
 */
final class RulesCoverage {
  static final List<String> SCANNERS = List.of("gitleaks", "betterleaks");

  /**
   * Reasons an id may have no leakstop rule; {@code missing} is counted as a gap, not an excuse.
   */
  static final Map<String, String> REASONS =
      Map.of(
          "too-noisy", "too noisy to ship: it flags ordinary code far more often than credentials",
          "not-a-secret", "not a credential on its own (an identifier, host or URL)",
          "missing", "no leakstop rule yet");

  static final String DOC = "docs/rules-coverage.md";
  static final String REGENERATE =
      "mvn -B -q -pl scanner-core test -Dtest=RulesCoverageTest -Dleakstop.regenerate=true";

  /** One scanner's id and what stands for it here: leakstop rules, or a reason there are none. */
  record Entry(String scanner, String id, List<String> rules, String reason, String why) {}

  private final Path repo;
  private final RuleSet catalogue;

  RulesCoverage(Path repo, RuleSet catalogue) {
    this.repo = repo;
    this.catalogue = catalogue;
  }

  /** The repository root from a module's working directory or the root itself. */
  static Path repoRoot() {
    Path here = Path.of("").toAbsolutePath();
    return Files.isDirectory(here.resolve("rules/coverage")) ? here : here.getParent();
  }

  /** The ids {@code scanner} has, from rules/coverage/{scanner}-ids.txt, in file order. */
  List<String> knownIds(String scanner) throws IOException {
    List<String> ids = new ArrayList<>();
    for (String line : Files.readAllLines(repo.resolve("rules/coverage/" + scanner + "-ids.txt"))) {
      String id = line.strip();
      if (!id.isEmpty() && !id.startsWith("#")) {
        ids.add(id);
      }
    }
    return ids;
  }

  /** The excused ids of each scanner, id → entry with reason and why. */
  Map<String, Map<String, Entry>> exceptions() throws IOException {
    Path file = repo.resolve("rules/coverage/exceptions.yaml");
    YamlTree yaml = YamlTree.parse("rules/coverage/exceptions.yaml", Files.readString(file));
    Map<String, Map<String, Entry>> byScanner = new LinkedHashMap<>();
    for (String scanner : SCANNERS) {
      Map<String, Entry> entries = new LinkedHashMap<>();
      JsonNode list = yaml.root().path(scanner);
      for (int i = 0; i < list.size(); i++) {
        JsonNode item = list.get(i);
        String at = "/" + scanner + "/" + i;
        String id = item.path("id").asText("");
        String reason = item.path("reason").asText("");
        String why = item.path("why").asText("");
        if (id.isEmpty() || !REASONS.containsKey(reason) || why.isBlank()) {
          throw yaml.error(at, "an exception needs id, why and a reason among " + REASONS.keySet());
        }
        if (entries.put(id, new Entry(scanner, id, List.of(), reason, why)) != null) {
          throw yaml.error(at, scanner + " id '" + id + "' is excused twice");
        }
      }
      byScanner.put(scanner, entries);
    }
    return byScanner;
  }

  /** Leakstop rules by the ids {@code scanner} has for them, in catalogue order. */
  Map<String, List<String>> mapped(String scanner) {
    Map<String, List<String>> rules = new TreeMap<>();
    for (Rule rule : catalogue.rules()) {
      for (String id : rule.aliases(scanner)) {
        rules.computeIfAbsent(id, k -> new ArrayList<>()).add(rule.id());
      }
    }
    return rules;
  }

  /** Every known id of {@code scanner} with what covers it; {@code reason} null when rules do. */
  List<Entry> entries(String scanner) throws IOException {
    Map<String, List<String>> mapped = mapped(scanner);
    Map<String, Entry> excused = exceptions().get(scanner);
    List<Entry> entries = new ArrayList<>();
    for (String id : knownIds(scanner)) {
      List<String> rules = mapped.getOrDefault(id, List.of());
      Entry exception = excused.get(id);
      entries.add(exception == null ? new Entry(scanner, id, rules, null, null) : exception);
    }
    return entries;
  }

  String markdown() throws IOException {
    StringBuilder out = new StringBuilder();
    out.append("# Rule coverage: gitleaks and betterleaks\n\n")
        .append(
            "<!-- Generated from the rule files by RulesCoverage (scanner-core tests); do not edit.\n")
        .append("     Regenerate: ")
        .append(REGENERATE)
        .append(" -->\n\n")
        .append("Every rule id of gitleaks' default configuration and of betterleaks' catalogue")
        .append(
            " (the lists in `rules/coverage/`) and the leakstop rules that find the same credentials.")
        .append(
            " A leakstop rule names them in its `gitleaks:` and `betterleaks:` lists; the gitleaks list is")
        .append(
            " also how `.gitleaks.toml` `disabledRules` and `targetRules` and `.gitleaksignore` entries")
        .append(
            " written with gitleaks' ids apply to leakstop's rules. An id without a leakstop rule has")
        .append(" its reason in `rules/coverage/exceptions.yaml`.\n\n")
        .append("| scanner | ids | covered by leakstop rules |");
    List<String> reasons = List.of("too-noisy", "not-a-secret", "missing");
    for (String reason : reasons) {
      out.append(' ').append(reason).append(" |");
    }
    out.append("\n|---|---:|---:|");
    reasons.forEach(r -> out.append("---:|"));
    out.append('\n');
    Map<String, List<Entry>> all = new LinkedHashMap<>();
    for (String scanner : SCANNERS) {
      List<Entry> entries = entries(scanner);
      all.put(scanner, entries);
      out.append("| ")
          .append(scanner)
          .append(" | ")
          .append(entries.size())
          .append(" | ")
          .append(entries.stream().filter(e -> e.reason() == null && !e.rules().isEmpty()).count())
          .append(" |");
      for (String reason : reasons) {
        out.append(' ')
            .append(entries.stream().filter(e -> reason.equals(e.reason())).count())
            .append(" |");
      }
      out.append('\n');
    }
    out.append("\nReasons: ");
    List<String> legend = new ArrayList<>();
    reasons.forEach(r -> legend.add("**" + r + "**, " + REASONS.get(r)));
    out.append(String.join("; ", legend)).append(".\n");
    for (Map.Entry<String, List<Entry>> scanner : all.entrySet()) {
      out.append("\n## ")
          .append(scanner.getKey())
          .append("\n\n| id | leakstop rules, or why none |\n|---|---|\n");
      for (Entry e : scanner.getValue()) {
        out.append("| `").append(e.id()).append("` | ");
        if (e.reason() == null) {
          List<String> named = e.rules().stream().map(r -> "`" + r + "`").toList();
          out.append(named.isEmpty() ? "**unaccounted for**" : String.join(", ", named));
        } else {
          out.append("*").append(e.reason()).append("*: ").append(e.why().replace("|", "\\|"));
        }
        out.append(" |\n");
      }
    }
    return out.toString();
  }
}
