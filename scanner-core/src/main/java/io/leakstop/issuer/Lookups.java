package io.leakstop.issuer;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakstop.finding.Revocation;
import io.leakstop.issuer.Catalogue.Lookup;
import io.leakstop.issuer.Catalogue.Outcome;
import io.leakstop.issuer.Catalogue.Read;
import io.leakstop.issuer.IssuerHttp.Answer;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A revocation's {@code lookup} (see {@link Lookup}): the read-only request that finds the id of
 * the very token to revoke in a list the token itself may read, by an exact match of the secret, or
 * the one thing a list of what the token belongs to names (its organization).
 */
final class Lookups {
  private Lookups() {}

  /**
   * The details read from the one matching item, or the revocation to report instead (nothing
   * sent).
   */
  record Found(Map<String, String> details, Revocation refusal) {
    static Found refused(Revocation.Status status, String reason) {
      return new Found(Map.of(), new Revocation(status, reason, null, Instant.now()));
    }
  }

  static Found find(
      IssuerHttp http, Catalogue.Issuer issuer, URI base, Lookup lookup, Exchanges.Holes holes) {
    String secret = holes.secret();
    Answer answer;
    try {
      answer = http.send(issuer, Exchanges.request(base, issuer, lookup.request(), holes));
    } catch (IssuerHttp.Unavailable e) {
      return Found.refused(
          Revocation.Status.FAILED,
          "finding the token's id: " + Exchanges.scrub(e.getMessage(), secret));
    }
    Optional<Outcome> outcome = Exchanges.match(lookup.request().outcomes(), answer);
    if (outcome.isPresent()) {
      Outcome o = outcome.get();
      String reason = o.reasonFrom() != null ? Exchanges.text(o.reasonFrom(), answer) : o.reason();
      // `failed`: a list the catalogue cannot trust to be whole (another page follows), in which a
      // unique match need not be this token.
      if (o.result().equals("failed")) {
        return Found.refused(
            Revocation.Status.FAILED,
            "finding the token's id: "
                + Exchanges.scrub(reason == null ? "refused by " + issuer.name() : reason, secret));
      }
      if (o.result().equals("inactive")) {
        return Found.refused(
            Revocation.Status.SKIPPED,
            "already inactive"
                + (reason == null
                    ? ""
                    : ": " + Exchanges.scrub(Exchanges.shorten(reason), secret)));
      }
    }
    JsonNode items = answer.json() == null ? null : answer.json().at(lookup.items());
    if (!answer.success() || items == null || !items.isArray()) {
      return Found.refused(
          Revocation.Status.FAILED,
          "finding the token's id: "
              + Exchanges.scrub(Exchanges.unexpected(issuer.name(), answer), secret));
    }
    List<JsonNode> matches = new ArrayList<>();
    items.forEach(
        item -> {
          JsonNode value = lookup.only() ? null : item.at(lookup.match());
          if (lookup.only() || (value.isValueNode() && lookup.matches(value.asText(), secret))) {
            matches.add(item);
          }
        });
    String where = lookup.request().method() + " " + lookup.request().path();
    if (lookup.only() && matches.size() != 1) {
      return Found.refused(
          Revocation.Status.FAILED,
          where
              + " lists "
              + matches.size()
              + " entries where the token's own is the only one; nothing revoked (leakstop does"
              + " not choose among them)");
    }
    if (matches.size() != 1) {
      return Found.refused(
          Revocation.Status.FAILED,
          (matches.isEmpty()
                  ? "the token is not among the " + items.size() + " entries " + where + " lists"
                  : "the token matches " + matches.size() + " entries " + where + " lists")
              + "; nothing revoked (leakstop revokes only an entry it can tie to the secret)");
    }
    Map<String, String> details = new LinkedHashMap<>();
    for (Map.Entry<String, Read> d : lookup.request().details().entrySet()) {
      JsonNode value = d.getValue().json() == null ? null : matches.get(0).at(d.getValue().json());
      if (value != null && value.isValueNode() && !value.asText().isBlank()) {
        details.put(d.getKey(), value.asText());
      }
    }
    return new Found(details, null);
  }
}
