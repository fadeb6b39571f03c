package io.leakstop.gitleaks;

import io.leakstop.filter.FindingFilter;
import io.leakstop.finding.Finding;
import io.leakstop.rules.ConfigException;
import io.leakstop.rules.RepositoryFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * gitleaks' {@code .gitleaksignore}: one fingerprint a line, {@code commit:path:rule:line} for a
 * finding in one commit or {@code path:rule:line} for it wherever it is; {@code #} starts a
 * comment. Rule ids may be gitleaks' own where leakstop has a rule standing for them ({@link
 * GitleaksRuleIds}).
 */
public final class GitleaksIgnore implements FindingFilter {
  public static final String FILE_NAME = ".gitleaksignore";
  private static final Pattern COMMIT = Pattern.compile("[0-9a-fA-F]{40}|[0-9a-fA-F]{64}");

  /**
   * @param commit null for the short form, which ignores the finding in every commit
   */
  record Entry(String commit, String path, String rule, int line) {}

  /** Entries by file name, so a finding is compared with the few entries for its file. */
  private final Map<String, List<Entry>> byName;

  private GitleaksIgnore(List<Entry> entries) {
    this.byName = GitleaksPaths.index(entries, Entry::path);
  }

  /**
   * The {@code .gitleaksignore} at the root of a scan, if there is one (a regular file inside it).
   */
  public static Optional<GitleaksIgnore> discover(Path root) {
    if (root == null || !Files.isDirectory(root)) {
      return Optional.empty();
    }
    Path file = root.resolve(FILE_NAME);
    return RepositoryFiles.readSupplied(root, file).map(text -> parse(file.toString(), text));
  }

  /** A {@code .gitleaksignore} the user named. */
  public static GitleaksIgnore load(Path file) {
    return parse(file.toString(), RepositoryFiles.readNamed(file));
  }

  public static GitleaksIgnore parse(String file, String text) {
    List<Entry> entries = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      entries.add(entry(file, i + 1, GitleaksPaths.normalise(line)));
    }
    return new GitleaksIgnore(entries);
  }

  /**
   * Parses from the right: paths may hold colons (Windows drive letters), rule ids and line numbers
   * do not.
   */
  private static Entry entry(String file, int lineNo, String text) {
    int lineSep = text.lastIndexOf(':');
    int ruleSep = lineSep > 0 ? text.lastIndexOf(':', lineSep - 1) : -1;
    if (ruleSep <= 0) {
      throw notAFingerprint(file, lineNo);
    }
    int line;
    try {
      line = Integer.parseInt(text.substring(lineSep + 1));
    } catch (NumberFormatException e) {
      throw notAFingerprint(file, lineNo);
    }
    String rule = text.substring(ruleSep + 1, lineSep);
    String rest = text.substring(0, ruleSep);
    int commitSep = rest.indexOf(':');
    String commit = null;
    if (commitSep > 0 && COMMIT.matcher(rest.substring(0, commitSep)).matches()) {
      commit = rest.substring(0, commitSep).toLowerCase(java.util.Locale.ROOT);
      rest = rest.substring(commitSep + 1);
    }
    if (rest.isEmpty() || rule.isEmpty() || line < 1) {
      throw notAFingerprint(file, lineNo);
    }
    return new Entry(commit, rest, rule, line);
  }

  private static ConfigException notAFingerprint(String file, int line) {
    return new ConfigException(
        file, line, "not a gitleaks fingerprint (commit:path:rule-id:line or path:rule-id:line)");
  }

  @Override
  public String name() {
    return "gitleaksignore";
  }

  @Override
  public boolean keep(Finding finding) {
    String commit = GitleaksPaths.commit(finding);
    for (Entry entry : GitleaksPaths.candidates(byName, finding)) {
      if (entry.line == finding.location().line()
          && GitleaksRuleIds.sameRule(entry.rule, finding.ruleId())
          && (entry.commit == null || entry.commit.equalsIgnoreCase(commit))
          && GitleaksPaths.same(entry.path, finding.location().path())) {
        return false;
      }
    }
    return true;
  }
}
