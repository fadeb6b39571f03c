package io.leakstop.testing;

import io.leakstop.detect.Candidate;
import io.leakstop.detect.Detector;
import io.leakstop.finding.Finding;
import io.leakstop.finding.Fingerprint;
import io.leakstop.finding.Redactor;
import io.leakstop.issuer.Catalogue.Family;
import io.leakstop.rules.Rule;
import io.leakstop.rules.RuleSet;
import io.leakstop.rules.Severity;
import io.leakstop.source.Location;
import java.util.Optional;

/**
 * Secrets of a catalogue family as the detector finds them in its rules' committed examples (filled
 * at run time by {@link ExampleText}), so a test never commits a secret and always sends one the
 * family's format accepts.
 */
public final class CatalogueSecrets {
  private static final Detector DETECTOR = new Detector(RuleSet.builtin());

  private CatalogueSecrets() {}

  /**
   * A finding of the family's first rule with examples, carrying the catalogue's example value of
   * each companion the family uses; {@code variant} picks another example.
   */
  public static Finding finding(Family family, int variant) {
    if ("gcp-service-account-jwt".equals(family.verifyHandler())) {
      // The rule's examples hold random text, not a key that can sign: make a real one at run time.
      String ruleId = family.rules().get(0);
      String pem = TestKeys.serviceAccountPem(variant);
      return new Finding(
          ruleId,
          ruleId,
          family.issuer(),
          Severity.CRITICAL,
          pem,
          Redactor.redact(pem),
          Fingerprint.of(ruleId, pem),
          Location.file("key.json", 5, 18),
          null,
          null,
          null,
          examples(family));
    }
    for (String ruleId : family.rules()) {
      Optional<Rule> rule = RuleSet.builtin().get(ruleId);
      if (rule.isEmpty() || rule.get().examples().match().isEmpty()) {
        continue;
      }
      String example =
          rule.get().examples().match().get(variant % rule.get().examples().match().size());
      String text = ExampleText.fill(rule.get(), example + (variant == 0 ? "" : " "));
      for (Candidate c : DETECTOR.detect(text)) {
        if (c.rule().id().equals(ruleId)) {
          if (!family.accepts(c.secret())) {
            throw new AssertionError(
                family.label()
                    + ": the family's format refuses its rule's example secret "
                    + c.redacted()
                    + "; it would never be checked");
          }
          return Finding.builder(ruleId, c.secret(), Location.file("config.env", 1, 1))
              .rule(ruleId, family.issuer(), Severity.HIGH)
              .redacted(Redactor.redact(c.secret()))
              .fingerprint(Fingerprint.of(ruleId, c.secret()))
              .companions(examples(family))
              .build();
        }
      }
    }
    throw new AssertionError(
        family.label() + ": no rule of the family has an example the detector finds");
  }

  /** The catalogue's example value of each companion the family uses. */
  private static java.util.Map<String, String> examples(Family family) {
    java.util.Map<String, String> companions = new java.util.LinkedHashMap<>();
    family
        .companions()
        .forEach(
            (name, spec) -> {
              if (spec.example() != null) {
                companions.put(name, spec.example());
              }
            });
    return companions;
  }
}
