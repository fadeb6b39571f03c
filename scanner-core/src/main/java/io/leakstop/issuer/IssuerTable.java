package io.leakstop.issuer;

import io.leakstop.issuer.Catalogue.Exchange;
import io.leakstop.issuer.Catalogue.Family;
import io.leakstop.issuer.Catalogue.Read;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The issuer table of {@code docs/verification.md}, written from the catalogue so that the
 * documentation cannot drift from what leakstop does (VerificationDocTest compares them).
 */
final class IssuerTable {
  private IssuerTable() {}

  /** Counts for the summary line: issuers with a check, rules with a check, families revocable. */
  public record Counts(int issuersVerified, int rulesVerified, int familiesRevocable) {}

  public static Counts counts(Catalogue catalogue) {
    Set<String> issuers = new LinkedHashSet<>();
    int rules = 0;
    int revocable = 0;
    for (Family f : catalogue.families()) {
      if (f.verifiable()) {
        issuers.add(f.issuer());
        rules += f.rules().size();
      }
      if (f.revocable()) {
        revocable++;
      }
    }
    return new Counts(issuers.size(), rules, revocable);
  }

  public static String markdown(Catalogue catalogue) {
    Counts counts = counts(catalogue);
    List<String> out = new ArrayList<>();
    out.add(
        counts.issuersVerified()
            + " issuers checked, "
            + counts.rulesVerified()
            + " rules verifiable, "
            + counts.familiesRevocable()
            + " token families revocable.");
    out.add("");
    out.add("| Issuer | Rules | Check (read-only) | Revocation | Issuer's documentation |");
    out.add("|---|---|---|---|---|");
    for (Catalogue.Issuer issuer : catalogue.issuers().values()) {
      for (Family f : issuer.families()) {
        List<String> docs = new ArrayList<>();
        if (f.verify() != null) {
          docs.addAll(f.verify().docs());
        }
        if (f.revoke() != null) {
          if (f.revoke().lookup() != null) {
            docs.addAll(f.revoke().lookup().request().docs());
          }
          docs.addAll(f.revoke().docs());
        }
        if (f.verifyNotes() != null) {
          docs.addAll(f.verifyNotes().docs());
        }
        if (f.revokeNotes() != null) {
          docs.addAll(f.revokeNotes().docs());
        }
        out.add(
            "| "
                + issuer.name()
                + " | "
                + code(f.rules())
                + " | "
                + check(issuer, f)
                + " | "
                + revocation(issuer, f)
                + " | "
                + links(new ArrayList<>(new LinkedHashSet<>(docs)))
                + " |");
      }
    }
    out.add("");
    out.add("Rules leakstop cannot check, and why (nothing is sent for them):");
    out.add("");
    out.add("| Rules | Why not |");
    out.add("|---|---|");
    for (Family f : catalogue.withoutCheck()) {
      out.add("| " + code(f.rules()) + " | " + cell(f.unverifiable()) + " |");
    }
    return String.join("\n", out) + "\n";
  }

  private static String check(Catalogue.Issuer issuer, Family f) {
    if (f.verifyHandler() != null) {
      return Handlers.describeVerify(f) + companions(f);
    }
    if (f.verify() == null) {
      return "none: " + cell(f.unverifiable());
    }
    Exchange e = f.verify();
    List<String> reads = new ArrayList<>();
    add(reads, "owner", e.owner());
    add(reads, "scopes", e.scopes());
    add(reads, "expiry", e.expires());
    return request(issuer, e)
        + (reads.isEmpty() ? "" : "; reads " + String.join(", ", reads))
        + companions(f);
  }

  /** What else the check needs beside the secret, and where a per-tenant host may be. */
  private static String companions(Family f) {
    List<String> needed = new ArrayList<>();
    f.companions()
        .forEach((name, spec) -> needed.add(name + (spec.optional() ? " (optional)" : "")));
    String out = needed.isEmpty() ? "" : "; with " + String.join(", ", needed);
    if (f.host() != null) {
      out +=
          "; host only "
              + String.join(" or ", f.host().allow().stream().map(h -> "`" + h + "`").toList());
    }
    return out;
  }

  private static void add(List<String> reads, String what, Read read) {
    if (read != null) {
      reads.add(what);
    }
  }

  private static String revocation(Catalogue.Issuer issuer, Family f) {
    if (f.revoke() != null) {
      Catalogue.Lookup lookup = f.revoke().lookup();
      String first = lookup == null ? "" : request(issuer, lookup.request()) + ", then ";
      String of =
          lookup == null
              ? ""
              : lookup.only()
                  ? " with what the list's only entry names (none or several: nothing revoked)"
                  : lookup.masked() == null
                      ? " of the entry holding this token"
                      : " of the one entry whose masked form fits this token";
      return first
          + request(issuer, f.revoke())
          + of
          + (f.revoke().needs() == null ? "" : "; needs: " + cell(f.revoke().needs()));
    }
    if (f.revokeHandler() != null) {
      String how = Handlers.describeRevoke(f);
      String needs = f.revokeNotes() == null ? null : f.revokeNotes().needs();
      return how + (needs == null ? "" : "; needs: " + cell(needs));
    }
    return "not supported: " + cell(f.notSupported());
  }

  private static String request(Catalogue.Issuer issuer, Exchange e) {
    String path =
        e.path().replace("{token}", "‹token›").replaceAll("\\{companion:([a-z0-9._-]+)\\}", "‹$1›");
    return "`"
        + e.method()
        + " "
        + path
        + "`"
        + (e.via() == null ? "" : " at `" + issuer.hosts().get(e.via()).url().getHost() + "`")
        + graphqlField(e.body());
  }

  private static final java.util.regex.Pattern GRAPHQL_FIELD =
      java.util.regex.Pattern.compile("\\b(?!query\\b|mutation\\b)([A-Za-z_]\\w*)\\s*\\(");

  /**
   * For requests to one GraphQL endpoint, which differ only in their bodies: the first field the
   * query calls with arguments (New Relic's {@code keySearch}, {@code apiAccessDeleteKeys}).
   */
  private static String graphqlField(String body) {
    if (body == null || !body.trim().startsWith("{")) {
      return "";
    }
    try {
      String query = IssuerHttp.JSON.readTree(body).path("query").asText("");
      java.util.regex.Matcher m = GRAPHQL_FIELD.matcher(query);
      return m.find() ? " (GraphQL `" + m.group(1) + "`)" : "";
    } catch (java.io.IOException notJson) {
      return "";
    }
  }

  private static String code(List<String> values) {
    return String.join(", ", values.stream().map(v -> "`" + v + "`").toList());
  }

  private static String links(List<String> urls) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      out.add("[" + (i + 1) + "](" + urls.get(i) + ")");
    }
    return String.join(" ", out);
  }

  private static String cell(String text) {
    return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
  }
}
