package io.leakstop.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakstop.issuer.Catalogue.Exchange;
import io.leakstop.issuer.Catalogue.Family;
import io.leakstop.rules.Rule;
import io.leakstop.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The catalogue covers every rule and cites its sources: a rule added to rules/*.yaml fails the
 * build until the issuer catalogue gives it a check or says why it has none.
 */
class CatalogueCompletenessTest {
  private final Catalogue catalogue = Catalogue.builtin();

  @Test
  void everyRuleHasACheckOrAReasonWhyNot() {
    List<String> missing = new ArrayList<>();
    for (Rule rule : RuleSet.builtin().rules()) {
      var family = catalogue.family(rule.id());
      if (family.isEmpty() || (family.get().verify() == null && blank(family.get().unverifiable()))) {
        missing.add(rule.id() + " (" + rule.source() + ")");
      }
    }
    assertEquals(List.of(), missing,
        "rules with neither a check nor an `unverifiable` reason in the issuer catalogue (add an entry, or list them under"
            + " `without-check`/an issuer's family with `unverifiable: why`)");
  }

  @Test
  void everyRuleTheCatalogueNamesExists() {
    List<String> unknown = new ArrayList<>();
    for (Family f : catalogue.families()) {
      f.rules().stream().filter(r -> RuleSet.builtin().get(r).isEmpty()).forEach(unknown::add);
    }
    assertEquals(List.of(), unknown, "the issuer catalogue names rules that rules/*.yaml does not define");
  }

  @Test
  void everyRequestCitesTheIssuersDocumentationAndItsAnswers() {
    List<String> problems = new ArrayList<>();
    for (Family f : catalogue.families()) {
      check(f.label() + " verify", f.verify(), List.of("live", "invalid"), problems);
      check(f.label() + " revoke", f.revoke(), List.of("revoked", "invalid"), problems);
      if (f.revokeHandler() != null && (f.revokeNotes() == null || f.revokeNotes().docs().isEmpty())) {
        problems.add(f.label() + " revoke handler: no `docs`");
      }
      if (f.verify() != null && f.format() == null) {
        problems.add(f.label() + ": sends secrets but has no `format` they must match");
      }
      if (!f.revocable() && blank(f.notSupported())) {
        problems.add(f.label() + ": neither a revocation nor `not-supported: why`");
      }
      for (Exchange e : java.util.Arrays.asList(f.verify(), f.revoke())) {
        if (e == null) {
          continue;
        }
        String kind = e == f.verify() ? " verify" : " revoke";
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{(detail|part):([A-Za-z0-9_]+)\\}")
            .matcher(e.path() + (e.body() == null ? "" : e.body()));
        while (m.find()) {
          if (m.group(1).equals("part") && !f.partNames().contains(m.group(2))) {
            problems.add(f.label() + kind + ": needs {part:" + m.group(2) + "}, which its format does not name (?P<" + m.group(2) + ">…)");
          }
          if (m.group(1).equals("detail") && (e == f.verify() || f.verify() == null || !f.verify().details().containsKey(m.group(2)))) {
            problems.add(f.label() + kind + ": needs {detail:" + m.group(2) + "}, which its check does not read");
          }
        }
      }
      if (f.issuer() == null && (f.verify() != null || f.revocable())) {
        problems.add(f.label() + ": a family without issuer cannot send anything");
      }
    }
    assertEquals(List.of(), problems);
  }

  private static void check(String what, Exchange e, List<String> examples, List<String> problems) {
    if (e == null) {
      return;
    }
    if (e.docs().isEmpty() || !e.docs().stream().allMatch(d -> d.startsWith("https://"))) {
      problems.add(what + ": `docs` must cite the issuer's documentation (https URLs)");
    }
    for (String kind : examples) {
      if (!e.examples().containsKey(kind)) {
        problems.add(what + ": no documented example answer `" + kind + "`");
      }
    }
  }

  @Test
  void everyIssuerCanBePointedAtALocalServerAndOnlyBySafeUrls() {
    for (Catalogue.Issuer issuer : catalogue.issuers().values()) {
      String own = "LEAKSTOP_" + issuer.name().toUpperCase(Locale.ROOT).replace('-', '_') + "_URL";
      assertEquals(own, issuer.env().get(0), issuer.name());
      assertEquals("https", issuer.defaultUrl().getScheme(), issuer.name());
      assertTrue(issuer.baseUrl(Map.of()).equals(issuer.defaultUrl()));
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
