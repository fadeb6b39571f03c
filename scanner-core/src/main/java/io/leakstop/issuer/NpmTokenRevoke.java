package io.leakstop.issuer;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakstop.finding.Revocation;
import io.leakstop.issuer.IssuerHttp.Answer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * npm has no "revoke this token" call: the token lists its account's tokens ({@code GET
 * /-/npm/v1/tokens}), leakstop finds its own entry and deletes it by key ({@code DELETE
 * /-/npm/v1/tokens/token/{key}}). The list shows each token's key and a truncated token; an entry
 * is ours when its key is the SHA-512 of the token (as the registry computes keys) or when exactly
 * one truncated token is a prefix of ours. Whether granular tokens may list and delete tokens is
 * not documented; when npm refuses, the revocation fails with npm's answer.
 */
final class NpmTokenRevoke {
  static final String NAME = "npm-token-delete";
  private static final int MAX_PAGES = 20;

  private NpmTokenRevoke() {}

  /** {@code attempts} hears of each attempt of the DELETE, the one request that revokes. */
  static Revocation revoke(
      IssuerHttp http,
      Catalogue.Issuer issuer,
      URI base,
      String secret,
      IssuerHttp.Attempts attempts) {
    try {
      List<JsonNode> tokens = new ArrayList<>();
      String path = "/-/npm/v1/tokens";
      for (int page = 0; page < MAX_PAGES && path != null; page++) {
        Answer list = http.send(issuer, request(base, path, secret).GET());
        if (list.status() == 401) {
          return new Revocation(
              Revocation.Status.SKIPPED,
              "already inactive: npm rejects the token",
              null,
              Instant.now());
        }
        if (list.status() != 200 || list.json() == null) {
          return failed(
              "npm would not list the account's tokens: "
                  + Exchanges.unexpected(issuer.name(), list),
              secret);
        }
        list.json().path("objects").forEach(tokens::add);
        path = nextPage(base, list.json().path("urls").path("next").asText(null));
      }
      String key = keyOf(tokens, secret);
      if (key == null) {
        return failed("the token is not in its account's token list", secret);
      }
      Answer delete =
          http.send(
              issuer,
              request(
                      base,
                      "/-/npm/v1/tokens/token/" + URLEncoder.encode(key, StandardCharsets.UTF_8),
                      secret)
                  .DELETE(),
              attempts);
      String requestId = delete.requestId(issuer);
      if (delete.status() == 200 || delete.status() == 204) {
        return new Revocation(
            Revocation.Status.REVOKED,
            "npm may take up to an hour to stop accepting it",
            requestId,
            Instant.now());
      }
      return failed(Exchanges.unexpected(issuer.name(), delete), secret);
    } catch (IssuerHttp.Unavailable e) {
      return failed(e.getMessage(), secret);
    }
  }

  /** Only pages under the same base URL: a next link must not carry the token elsewhere. */
  private static String nextPage(URI base, String next) {
    if (next == null || next.isBlank()) {
      return null;
    }
    if (next.startsWith("/")) {
      return next;
    }
    String prefix = base.toString();
    return next.startsWith(prefix + "/") ? next.substring(prefix.length()) : null;
  }

  private static HttpRequest.Builder request(URI base, String path, String secret) {
    return HttpRequest.newBuilder(IssuerHttp.resolve(base, path))
        .header("Authorization", "Bearer " + secret);
  }

  static String keyOf(List<JsonNode> tokens, String secret) {
    String hash = sha512(secret);
    String byPrefix = null;
    int prefixMatches = 0;
    for (JsonNode t : tokens) {
      String key = t.path("key").asText("");
      String shown = t.path("token").asText("");
      if (key.equalsIgnoreCase(hash) || shown.equals(secret)) {
        return key;
      }
      String visible = shown.replace("…", "").replace("...", "");
      if (visible.length() >= 4 && secret.startsWith(visible)) {
        byPrefix = key;
        prefixMatches++;
      }
    }
    return prefixMatches == 1 && !byPrefix.isEmpty() ? byPrefix : null;
  }

  static String sha512(String secret) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-512").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Revocation failed(String reason, String secret) {
    return new Revocation(
        Revocation.Status.FAILED, Exchanges.scrub(reason, secret), null, Instant.now());
  }
}
