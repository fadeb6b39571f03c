package io.leakstop.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.leakstop.issuer.Catalogue.Example;
import io.leakstop.issuer.Catalogue.Family;
import io.leakstop.testing.CatalogueSimulator.Account;
import io.leakstop.testing.CatalogueSimulator.Match;
import io.leakstop.testing.CatalogueSimulator.State;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The issuer endpoints the catalogue leaves to Java handlers, answered as the issuers document
 * them: GitHub's unauthenticated batch revocation, npm's token list and delete by key, AWS's
 * SigV4-signed STS and IAM calls (signature recomputed by {@link SigV4Check}), GCP's JWT exchange
 * and tokeninfo (signature checked by {@link JwtCheck}) and IBM's API key details and delete by id
 * (with the access token the key's documented exchange issues).
 */
final class HandlerEndpoints {
  /** GitHub: unauthenticated requests to /credentials/revoke per hour. */
  static final int GITHUB_REVOKE_BUDGET = 60;

  private final CatalogueSimulator sim;
  private final AtomicInteger revokeBudget = new AtomicInteger(GITHUB_REVOKE_BUDGET);
  private final Map<String, String> ibmKeyById = new java.util.concurrent.ConcurrentHashMap<>();

  /** The service-account key whose JWT the token endpoint last accepted. */
  private volatile String lastMinted;

  HandlerEndpoints(CatalogueSimulator sim) {
    this.sim = sim;
  }

  Optional<Match> match(Family family, HttpExchange ex, String path, String body) {
    String method = ex.getRequestMethod();
    String verify = family.verifyHandler() == null ? "" : family.verifyHandler();
    String revoke = family.revokeHandler() == null ? "" : family.revokeHandler();
    if (verify.equals("gcp-service-account-jwt") && method.equals("POST")) {
      if (path.equals("/token")
          && body.startsWith(
              "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=")) {
        String jwt =
            URLDecoder.decode(
                body.substring(body.indexOf("&assertion=") + 11), StandardCharsets.UTF_8);
        String email = family.companions().get("client-email").example();
        String key = JwtCheck.keyThatSigned(jwt, email, sim.tokens.keySet());
        if (key != null) {
          lastMinted = key;
        }
        return Optional.of(new Match(family, family.verifyNotes().examples(), "verify", key));
      }
      if (path.equals("/tokeninfo") && body.startsWith("access_token=")) {
        Example info = family.verifyNotes().examples().get("tokeninfo");
        return Optional.of(
            new Match(
                family, Map.of("live", info, "invalid", info), CatalogueSimulator.FOLLOW_UP, null));
      }
    }
    if (verify.equals("aws-sts-get-caller-identity") && method.equals("POST") && path.equals("/")) {
      boolean check = body.startsWith("Action=GetCallerIdentity&");
      if (check || body.startsWith("Action=UpdateAccessKey&")) {
        String credential = SigV4Check.secretThatSigned(ex, body, sim.tokens.keySet());
        return Optional.of(
            new Match(
                family,
                check ? family.verifyNotes().examples() : family.revokeNotes().examples(),
                check ? "verify" : "revoke",
                credential));
      }
    }
    if (revoke.equals("gcp-service-account-key-disable") && method.equals("POST")) {
      String expected =
          "/v1/projects/-/serviceAccounts/"
              + family.companions().get("client-email").example()
              + "/keys/"
              + family.companions().get("private-key-id").example()
              + ":disable";
      String minted = mintedToken(family);
      if (URLDecoder.decode(path, StandardCharsets.UTF_8).equals(expected)
          && ("Bearer " + minted).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
        String key = lastMinted;
        return Optional.of(
            new Match(family, null, Map.of(), "revoke", key, () -> gcpDisable(family, key)));
      }
    }
    if (revoke.equals("github-credentials-revoke")
        && method.equals("POST")
        && path.equals("/credentials/revoke")) {
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      return Optional.of(
          new Match(family, null, Map.of(), "revoke", auth, () -> githubBatch(auth, body)));
    }
    if (revoke.equals("ibm-apikey-delete")) {
      if (method.equals("GET") && path.equals("/v1/apikeys/details")) {
        String key = ex.getRequestHeaders().getFirst("IAM-Apikey");
        String bearer = bearer(ex);
        return Optional.of(
            new Match(
                family, null, Map.of(), "lookup", key, () -> ibmDetails(family, bearer, key)));
      }
      if (method.equals("DELETE") && path.startsWith("/v1/apikeys/")) {
        String key = ibmKeyById.get(path.substring("/v1/apikeys/".length()));
        String bearer = bearer(ex);
        return Optional.of(
            new Match(family, null, Map.of(), "revoke", key, () -> ibmDelete(family, bearer, key)));
      }
    }
    if (revoke.equals("npm-token-delete")) {
      String credential = bearer(ex);
      if (method.equals("GET") && path.equals("/-/npm/v1/tokens")) {
        return Optional.of(
            new Match(family, null, Map.of(), "list", credential, () -> npmList(credential)));
      }
      if (method.equals("DELETE") && path.startsWith("/-/npm/v1/tokens/token/")) {
        String key = path.substring("/-/npm/v1/tokens/token/".length());
        return Optional.of(
            new Match(
                family, null, Map.of(), "revoke", credential, () -> npmDelete(credential, key)));
      }
    }
    return Optional.empty();
  }

  /** The access token the documented token answer holds. */
  private static String mintedToken(Family family) {
    try {
      return CatalogueSimulator.JSON
          .readTree(family.verifyNotes().examples().get("live").body())
          .path("access_token")
          .asText();
    } catch (IOException e) {
      throw new IllegalStateException("the gcp token example is not JSON", e);
    }
  }

  /**
   * IAM's keys.disable for the key that minted the token: disabled when the key may, Google's
   * refusal when it lacks iam.serviceAccountKeys.disable.
   */
  private Example gcpDisable(Family family, String key) {
    Map<String, Example> examples = family.revokeNotes().examples();
    State state = key == null ? null : sim.state(key);
    if (state == State.LIVE) {
      sim.markRevoked(key);
      return examples.get("revoked");
    }
    return examples.get("forbidden");
  }

  /**
   * GitHub's documented answers: 202 accepted, 422 for no or more than 1,000 credentials, 403 when
   * authenticated or over budget.
   */
  private Example githubBatch(String authorization, String body) {
    if (authorization != null) {
      return new Example(
          403, Map.of(), "{\"message\":\"This endpoint must be called without authentication\"}");
    }
    if (revokeBudget.getAndDecrement() <= 0) {
      return new Example(
          403,
          Map.of(
              "x-ratelimit-limit",
              String.valueOf(GITHUB_REVOKE_BUDGET),
              "x-ratelimit-remaining",
              "0",
              "x-ratelimit-reset",
              String.valueOf(Instant.now().getEpochSecond() + 3600)),
          "{\"message\":\"API rate limit exceeded\"}");
    }
    JsonNode credentials;
    try {
      credentials = CatalogueSimulator.JSON.readTree(body).path("credentials");
    } catch (IOException e) {
      credentials = null;
    }
    if (credentials == null
        || !credentials.isArray()
        || credentials.isEmpty()
        || credentials.size() > 1000) {
      return new Example(
          422, Map.of(), "{\"message\":\"Validation failed, or the endpoint has been spammed.\"}");
    }
    credentials.forEach(c -> sim.markRevoked(c.asText()));
    return new Example(202, Map.of(), "{}");
  }

  /**
   * The account's live tokens, each with its key (SHA-512 of the token, as the registry computes
   * it) and a truncated token.
   */
  private Example npmList(String credential) {
    Account account = live(credential);
    if (account == null) {
      return new Example(401, Map.of(), "{\"error\":\"You must be logged in\"}");
    }
    ObjectNode o = CatalogueSimulator.JSON.createObjectNode();
    ArrayNode objects = o.putArray("objects");
    sim.tokens.forEach(
        (token, other) -> {
          if (other.state() == State.LIVE && owner(other).equals(owner(account))) {
            objects
                .addObject()
                .put("token", token.substring(0, 6) + "…")
                .put("key", sha512(token))
                .put("readonly", false);
          }
        });
    o.put("total", objects.size());
    o.putObject("urls");
    return new Example(200, Map.of(), o.toString());
  }

  private Example npmDelete(String credential, String key) {
    Account account = live(credential);
    if (account == null) {
      return new Example(401, Map.of(), "{\"error\":\"You must be logged in\"}");
    }
    String target =
        sim.tokens.keySet().stream().filter(t -> sha512(t).equals(key)).findFirst().orElse(null);
    if (target == null || !owner(sim.tokens.get(target)).equals(owner(account))) {
      return new Example(404, Map.of(), "{\"error\":\"not found\"}");
    }
    sim.markRevoked(target);
    return new Example(204, Map.of(), "");
  }

  /**
   * IAM's answer to "details of an API key by its value": the documented ApiKey for a live key
   * asked with the access token the check's documented exchange issues; the id is remembered so
   * that a DELETE of it deletes that key.
   */
  private Example ibmDetails(Family family, String bearer, String key) {
    Map<String, Example> notes = family.revokeNotes().examples();
    if (!ibmAccessToken(family).equals(bearer)) {
      return ibmUnauthorized();
    }
    Account account = key == null ? null : sim.tokens.get(key);
    if (account == null || !alive(account)) {
      return notes.get("invalid");
    }
    Example details = notes.get("details");
    try {
      ibmKeyById.put(CatalogueSimulator.JSON.readTree(details.body()).path("id").asText(), key);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return details;
  }

  private Example ibmDelete(Family family, String bearer, String key) {
    Map<String, Example> notes = family.revokeNotes().examples();
    if (!ibmAccessToken(family).equals(bearer)) {
      return ibmUnauthorized();
    }
    Account account = key == null ? null : sim.tokens.get(key);
    if (account == null || !alive(account)) {
      return new Example(
          404,
          Map.of(),
          "{\"errorCode\":\"BXNIM0008E\",\"errorMessage\":\"The API key could not be found.\"}");
    }
    if (account.state() == State.LIVE_WITHOUT_REVOKE_PERMISSION) {
      return notes.get("forbidden");
    }
    sim.markRevoked(key);
    return notes.get("revoked");
  }

  private static String ibmAccessToken(Family family) {
    try {
      return CatalogueSimulator.JSON
          .readTree(family.verify().examples().get("live").body())
          .path("access_token")
          .asText();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Example ibmUnauthorized() {
    return new Example(
        401,
        Map.of(),
        "{\"errorCode\":\"BXNIM0308E\",\"errorMessage\":\"No authorization header found\"}");
  }

  private static boolean alive(Account a) {
    return a.state() == State.LIVE || a.state() == State.LIVE_WITHOUT_REVOKE_PERMISSION;
  }

  private Account live(String credential) {
    Account a = credential == null ? null : sim.tokens.get(credential);
    return a != null && a.state() == State.LIVE ? a : null;
  }

  private static String owner(Account a) {
    return a.owner() == null ? "" : a.owner();
  }

  private static String bearer(HttpExchange ex) {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    return auth != null && auth.startsWith("Bearer ") ? auth.substring(7).trim() : null;
  }

  static String sha512(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-512").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
