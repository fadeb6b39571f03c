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
      if (family.isEmpty() || (!family.get().verifiable() && blank(family.get().unverifiable()))) {
        missing.add(rule.id() + " (" + rule.source() + ")");
      }
    }
    assertEquals(
        List.of(),
        missing,
        "rules with neither a check nor an `unverifiable` reason in the issuer catalogue (add an entry, or list them under"
            + " `without-check`/an issuer's family with `unverifiable: why`)");
  }

  /**
   * A reason says what the issuer's documentation showed; "not reviewed yet" is a to-do, not a
   * reason a user can act on.
   */
  @Test
  void noReasonIsAPlaceholderForAReviewNotDone() {
    List<String> placeholders = new ArrayList<>();
    for (Rule rule : RuleSet.builtin().rules()) {
      catalogue
          .family(rule.id())
          .map(Family::unverifiable)
          .filter(why -> why != null && why.toLowerCase(Locale.ROOT).contains("not been reviewed"))
          .ifPresent(why -> placeholders.add(rule.id()));
    }
    assertEquals(List.of(), placeholders, "rules whose reason is a review not done yet");
  }

  @Test
  void everyRuleTheCatalogueNamesExists() {
    List<String> unknown = new ArrayList<>();
    for (Family f : catalogue.families()) {
      f.rules().stream().filter(r -> RuleSet.builtin().get(r).isEmpty()).forEach(unknown::add);
    }
    assertEquals(
        List.of(), unknown, "the issuer catalogue names rules that rules/*.yaml does not define");
  }

  @Test
  void everyRequestCitesTheIssuersDocumentationAndItsAnswers() {
    List<String> problems = new ArrayList<>();
    for (Family f : catalogue.families()) {
      check(f.label() + " verify", f.verify(), List.of("live", "invalid"), problems);
      check(f.label() + " revoke", f.revoke(), List.of("revoked", "invalid"), problems);
      if (f.revoke() != null && f.revoke().lookup() != null) {
        Catalogue.Lookup lookup = f.revoke().lookup();
        check(f.label() + " revoke lookup", lookup.request(), List.of("live", "invalid"), problems);
        // A match needs the secret in the documented list; `only` a list of one.
        String live =
            lookup.request().examples().containsKey("live")
                ? lookup.request().examples().get("live").body()
                : "";
        if (lookup.only() ? live.contains("{token}") : !live.contains("{token}")) {
          problems.add(
              f.label()
                  + (lookup.only()
                      ? " revoke lookup: `only` reads a list of what the token belongs to, which"
                          + " never holds {token}"
                      : " revoke lookup: needs `match` and a documented `live` list holding"
                          + " {token}"));
        }
      }
      if (f.revokeHandler() != null
          && (f.revokeNotes() == null || f.revokeNotes().docs().isEmpty())) {
        problems.add(f.label() + " revoke handler: no `docs`");
      }
      if (f.verifyHandler() != null
          && (f.verifyNotes().docs().isEmpty()
              || !f.verifyNotes().examples().keySet().containsAll(List.of("live", "invalid")))) {
        problems.add(
            f.label()
                + " verify handler: needs `docs` and the documented `live` and `invalid` answers");
      }
      for (Exchange e : java.util.Arrays.asList(f.verify(), f.revoke())) {
        if (e == null) {
          continue;
        }
        java.util.Set<String> used =
            new java.util.LinkedHashSet<>(Exchanges.companionsIn(e.path()));
        used.addAll(Exchanges.companionsIn(e.body()));
        e.headers().values().forEach(h -> used.addAll(Exchanges.companionsIn(h)));
        if (e.basic() != null) {
          used.addAll(Exchanges.companionsIn(e.basic().user() + ":" + e.basic().password()));
        }
        used.stream()
            .filter(c -> !f.companions().containsKey(c))
            .forEach(
                c ->
                    problems.add(
                        f.label()
                            + ": uses {companion:"
                            + c
                            + "}, which is not under its `companions`"));
        used.stream()
            .filter(c -> f.companions().containsKey(c) && f.companions().get(c).example() == null)
            .forEach(
                c ->
                    problems.add(
                        f.label() + ": companion " + c + " has no `example` for the simulator"));
      }
      if (f.host() != null
          && f.issuer() != null
          && !catalogue.issuers().get(f.issuer()).regions().isEmpty()) {
        problems.add(
            f.label()
                + ": a per-tenant `host` and the issuer's `regions` exclude each other (the host names the one place)");
      }
      if (f.host() != null
          && f.host().allow().stream()
              .anyMatch(h -> !h.matches("(\\*\\.)*[a-z0-9-]+(\\.[a-z0-9-]+)+"))) {
        problems.add(
            f.label() + ": host `allow` entries must be DNS names whose leading labels may be `*`");
      }
      if ((f.verify() != null || f.verifyHandler() != null) && f.format() == null) {
        problems.add(f.label() + ": sends secrets but has no `format` they must match");
      }
      if (!f.revocable() && blank(f.notSupported())) {
        problems.add(f.label() + ": neither a revocation nor `not-supported: why`");
      }
      // {part:NAME} must be a named group of the format; {detail:NAME} something read before the
      // request: a revocation's by its check or its lookup, a lookup's by the check, a check's
      // never.
      Exchange lookup =
          f.revoke() == null || f.revoke().lookup() == null ? null : f.revoke().lookup().request();
      Map<String, Exchange> requests = new java.util.LinkedHashMap<>();
      if (f.verify() != null) {
        requests.put("verify", f.verify());
      }
      if (lookup != null) {
        requests.put("lookup", lookup);
      }
      if (f.revoke() != null) {
        requests.put("revoke", f.revoke());
      }
      for (Map.Entry<String, Exchange> r : requests.entrySet()) {
        Exchange e = r.getValue();
        String request =
            e.path()
                + " "
                + e.headers()
                + " "
                + (e.basic() == null ? "" : e.basic().user() + ":" + e.basic().password())
                + " "
                + (e.body() == null ? "" : e.body());
        java.util.regex.Matcher m =
            java.util.regex.Pattern.compile("\\{(detail|part):([A-Za-z0-9_]+)\\}").matcher(request);
        while (m.find()) {
          String name = m.group(2);
          if (m.group(1).equals("part")) {
            if (!f.partNames().contains(name)) {
              problems.add(
                  f.label()
                      + " "
                      + r.getKey()
                      + ": needs {part:"
                      + name
                      + "}, which its format does not name (?P<"
                      + name
                      + ">…)");
            }
            continue;
          }
          boolean checked =
              !r.getKey().equals("verify")
                  && f.verify() != null
                  && f.verify().details().containsKey(name);
          boolean looked =
              r.getKey().equals("revoke") && lookup != null && lookup.details().containsKey(name);
          if (!checked && !looked) {
            problems.add(
                f.label()
                    + " "
                    + r.getKey()
                    + ": needs {detail:"
                    + name
                    + "}, which neither its check nor its lookup reads");
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
