package io.leakstop.cli;

import io.leakstop.gitleaks.ConfigFiles;
import io.leakstop.issuer.Catalogue;
import io.leakstop.rules.Rule;
import io.leakstop.rules.RuleSet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "rules",
    addMethodSubcommands = false,
    description =
        "Lists the rules: id, issuer, keywords, whether a checksum applies, and whether"
            + " leakstop can verify (--verify) and revoke (--revoke) their secrets with the issuer.")
final class RulesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "A config whose rule changes to apply.")
  Path config;

  @Override
  public Integer call() {
    RuleSet rules =
        config == null ? RuleSet.builtin() : ConfigFiles.load(config).apply(RuleSet.builtin());
    PrintWriter out = spec.commandLine().getOut();
    Catalogue issuers = Catalogue.builtin();
    out.printf(
        "%-40s %-14s %-9s %-16s %-6s %-6s %s%n",
        "ID", "ISSUER", "SEVERITY", "CHECKSUM", "VERIFY", "REVOKE", "KEYWORDS");
    for (Rule rule : rules.rules()) {
      Optional<Catalogue.Family> family = issuers.family(rule.id());
      out.printf(
          "%-40s %-14s %-9s %-16s %-6s %-6s %s%n",
          rule.id(),
          rule.issuer(),
          rule.severity().label(),
          rule.checksum() == null ? "-" : rule.checksum().name(),
          family.filter(Catalogue.Family::verifiable).isPresent() ? "yes" : "no",
          family.filter(Catalogue.Family::revocable).isPresent() ? "yes" : "no",
          rule.pathOnly() ? "path " + rule.path().pattern() : String.join(",", rule.keywords()));
    }
    out.printf("%d rules%n", rules.size());
    out.flush();
    return 0;
  }
}
