package io.leakstop.issuer;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakstop.finding.Finding;
import io.leakstop.finding.Revocation;
import io.leakstop.issuer.IssuerHttp.Answer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * IBM Cloud deletes an API key by its id, with an IAM access token ("users can manage user API keys
 * for themself"). The key buys that token ({@code POST /identity/token}, as its check does), learns
 * its own id from its value ({@code GET /v1/apikeys/details} with the {@code IAM-Apikey} header:
 * the answer describes exactly this key, nothing is picked from a list) and deletes it ({@code
 * DELETE /v1/apikeys/{id}}). The access token is held for these two requests only; IBM keeps tokens
 * issued before the deletion valid until they expire (within the hour).
 */
final class IbmApiKeyDelete {
  static final String NAME = "ibm-apikey-delete";
  private static final String DEAD = "BXNIM0415E";

  private IbmApiKeyDelete() {}

  /** {@code attempts} hears of each attempt of the DELETE, the one request that revokes. */
  static Revocation revoke(
      IssuerHttp http,
      Catalogue.Issuer issuer,
      CredentialParts.Resolved parts,
      Finding finding,
      IssuerHttp.Attempts attempts) {
    URI base = parts.base();
    String key = finding.secret();
    String accessToken = null;
    try {
      Answer token =
          http.send(
              issuer,
              HttpRequest.newBuilder(IssuerHttp.resolve(base, "/identity/token"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .header("Accept", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "grant_type=urn:ibm:params:oauth:grant-type:apikey&apikey="
                              + URLEncoder.encode(key, StandardCharsets.UTF_8))));
      if (DEAD.equals(text(token.json(), "/errorCode"))) {
        return new Revocation(
            Revocation.Status.SKIPPED,
            "already inactive: " + scrub(text(token.json(), "/errorMessage"), key, null),
            null,
            Instant.now());
      }
      accessToken = text(token.json(), "/access_token");
      if (token.status() != 200 || accessToken == null) {
        return failed(
            "exchanging the key for an IAM token: " + Exchanges.unexpected(issuer.name(), token),
            key,
            null);
      }
      Answer details =
          http.send(
              issuer,
              HttpRequest.newBuilder(IssuerHttp.resolve(base, "/v1/apikeys/details"))
                  .header("Authorization", "Bearer " + accessToken)
                  .header("IAM-Apikey", key)
                  .header("Accept", "application/json")
                  .GET());
      String id = text(details.json(), "/id");
      if (details.status() != 200 || id == null) {
        return failed(
            "reading the key's id: " + Exchanges.unexpected(issuer.name(), details),
            key,
            accessToken);
      }
      Answer delete =
          http.send(
              issuer,
              HttpRequest.newBuilder(
                      IssuerHttp.resolve(
                          base, "/v1/apikeys/" + URLEncoder.encode(id, StandardCharsets.UTF_8)))
                  .header("Authorization", "Bearer " + accessToken)
                  .DELETE(),
              attempts);
      String requestId = delete.requestId(issuer);
      if (delete.status() == 204 || delete.status() == 200) {
        return new Revocation(
            Revocation.Status.REVOKED,
            "API key "
                + id
                + " deleted; IAM access tokens it bought earlier stay valid until they expire",
            requestId,
            Instant.now());
      }
      return failed(Exchanges.unexpected(issuer.name(), delete), key, accessToken);
    } catch (IssuerHttp.Unavailable e) {
      return failed(e.getMessage(), key, accessToken);
    }
  }

  private static String text(JsonNode json, String pointer) {
    if (json == null) {
      return null;
    }
    JsonNode v = json.at(pointer);
    return v.isValueNode() && !v.asText().isBlank() ? v.asText() : null;
  }

  /** Neither the key nor the access token it bought may reach a report. */
  private static String scrub(String text, String key, String accessToken) {
    String out = Exchanges.scrub(text, key);
    return accessToken == null ? out : Exchanges.scrub(out, accessToken);
  }

  private static Revocation failed(String reason, String key, String accessToken) {
    return new Revocation(
        Revocation.Status.FAILED, scrub(reason, key, accessToken), null, Instant.now());
  }
}
