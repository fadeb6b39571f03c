package io.leakstop.scan;

import io.leakstop.gitleaks.GitleaksJsonReporter;
import io.leakstop.report.GithubAnnotationsReporter;
import io.leakstop.report.JsonReporter;
import io.leakstop.report.JunitReporter;
import io.leakstop.report.MarkdownReporter;
import io.leakstop.report.Reporter;
import io.leakstop.report.SarifReporter;
import io.leakstop.report.TextReporter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The report formats by name, gitleaks' among them. */
public final class Reporters {
  private static final Map<String, Reporter> BY_FORMAT = new LinkedHashMap<>();

  static {
    register(new TextReporter());
    register(new JsonReporter());
    register(new SarifReporter());
    register(new JunitReporter());
    register(new MarkdownReporter());
    register(new GithubAnnotationsReporter());
    register(new GitleaksJsonReporter());
  }

  private Reporters() {}

  private static void register(Reporter reporter) {
    BY_FORMAT.put(reporter.format(), reporter);
  }

  public static Optional<Reporter> forFormat(String format) {
    return Optional.ofNullable(BY_FORMAT.get(format));
  }

  public static Set<String> formats() {
    return BY_FORMAT.keySet();
  }
}
