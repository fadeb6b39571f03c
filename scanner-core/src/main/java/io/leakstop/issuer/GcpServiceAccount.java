package io.leakstop.issuer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leakstop.finding.Finding;
import io.leakstop.finding.Revocation;
import io.leakstop.finding.Verification;
import io.leakstop.issuer.IssuerHttp.Answer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Google Cloud service-account keys: the key signs a JWT (RS256, with the JDK's {@code
 * SHA256withRSA}) which Google's token endpoint exchanges for an access token, as Google documents
 * for server-to-server OAuth; {@code tokeninfo} then tells the token's scope and expiry. The JWT
 * asks only for the read-only cloud-platform scope; the access token lives about an hour, is held
 * in memory for the one tokeninfo request, and is never stored or printed. The request always goes
 * to the catalogue's endpoint ({@code https://oauth2.googleapis.com}): the key file's {@code
 * token_uri} is only checked to be Google's, never used as an address.
 */
final class GcpServiceAccount {
  static final String VERIFY = "gcp-service-account-jwt";
  static final String REVOKE = "gcp-service-account-key-disable";

  /** The catalogue's name of the IAM API host ({@code hosts:}), where keys are disabled. */
  static final String IAM_HOST = "iam";

  /** The audience Google expects in the assertion, whatever base URL a test points leakstop at. */
  static final String TOKEN_URI = "https://oauth2.googleapis.com/token";

  static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform.read-only";

  /** The scope the IAM API takes for disabling a key; such a token is used for that one request. */
  static final String IAM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";

  private static final String FORM = "application/x-www-form-urlencoded";

  private GcpServiceAccount() {}

  static Verification verify(
      IssuerHttp http, Catalogue.Issuer issuer, CredentialParts.Resolved parts, Finding finding) {
    String email = parts.companions().get("client-email");
    PrivateKey key = privateKey(finding.secret());
    if (key == null) {
      return Verification.unverifiable(
          "the private key is not a PKCS#8 RSA key as Google issues them; not sent");
    }
    String assertion;
    try {
      assertion = jwt(email, key, Instant.now(), SCOPE);
    } catch (GeneralSecurityException e) {
      return Verification.unverifiable(
          "the private key cannot sign (" + e.getClass().getSimpleName() + "); not sent");
    }
    Answer token;
    try {
      token = exchange(http, issuer, parts, assertion);
    } catch (IssuerHttp.Unavailable e) {
      return Verifier.unknown(e.getMessage(), finding);
    }
    if (token.status() == 200 && token.json() != null && token.json().hasNonNull("access_token")) {
      return describe(http, issuer, parts, finding, email, token.json());
    }
    if ((token.status() == 400 || token.status() == 401)
        && token.json() != null
        && List.of("invalid_grant", "invalid_client", "unauthorized_client")
            .contains(token.json().path("error").asText())) {
      String why =
          token.json().path("error_description").asText(token.json().path("error").asText());
      return new Verification(
          Verification.Status.INACTIVE,
          null,
          List.of(),
          null,
          Exchanges.scrub(
              Exchanges.shorten(token.json().path("error").asText() + ": " + why),
              finding.secret()),
          Map.of());
    }
    return Verifier.unknown(Exchanges.unexpected(issuer.name(), token), finding);
  }

  /** Live: the key minted a token; tokeninfo adds its scope and expiry (best effort). */
  private static Verification describe(
      IssuerHttp http,
      Catalogue.Issuer issuer,
      CredentialParts.Resolved parts,
      Finding finding,
      String email,
      JsonNode token) {
    String accessToken = token.path("access_token").asText();
    Instant expires = Exchanges.inSeconds(token.path("expires_in").asText(null));
    List<String> scopes = new ArrayList<>();
    Map<String, String> details = new LinkedHashMap<>();
    details.put("key_type", "service account");
    try {
      Answer info =
          http.send(
              issuer,
              form(parts, "/tokeninfo", "access_token=" + Exchanges.urlEncode(accessToken)));
      if (info.status() == 200 && info.json() != null) {
        for (String s : info.json().path("scope").asText("").split(" ")) {
          if (!s.isBlank()) {
            scopes.add(s);
          }
        }
        Instant exp = Exchanges.instant(info.json().path("exp").asText(null));
        expires = exp != null ? exp : expires;
      } else {
        details.put("tokeninfo", "HTTP " + info.status());
      }
    } catch (IssuerHttp.Unavailable e) {
      details.put(
          "tokeninfo",
          Exchanges.scrub(Exchanges.scrub(e.getMessage(), accessToken), finding.secret()));
    }
    return new Verification(
        Verification.Status.ACTIVE,
        email,
        scopes,
        expires,
        "minted a short-lived access token (read-only scope), not kept",
        details);
  }

  /**
   * Disables the key ({@code projects.serviceAccounts.keys.disable}): the key signs a JWT for a
   * cloud-platform token (held in memory for the one request, never stored or printed), which asks
   * IAM to disable the key named by the key file's {@code private_key_id}. The service account and
   * its other keys stay; a disabled key can be enabled again. A key without {@code
   * iam.serviceAccountKeys.disable} on its own service account gets Google's refusal.
   */
  static Revocation revoke(
      IssuerHttp http,
      Catalogue.Issuer issuer,
      CredentialParts.Resolved parts,
      Finding finding,
      IssuerHttp.Attempts attempts,
      URI iam) {
    String email = parts.companions().get("client-email");
    String keyId = parts.companions().get("private-key-id");
    if (keyId == null) {
      return failed(
          "needs companion: the key file's private_key_id (the key's id), not found beside the key;"
              + " nothing sent");
    }
    PrivateKey key = privateKey(finding.secret());
    String assertion;
    try {
      if (key == null) {
        return failed("the private key is not a PKCS#8 RSA key as Google issues them; not sent");
      }
      assertion = jwt(email, key, Instant.now(), IAM_SCOPE);
    } catch (GeneralSecurityException e) {
      return failed("the private key cannot sign (" + e.getClass().getSimpleName() + "); not sent");
    }
    Answer token;
    try {
      token = exchange(http, issuer, parts, assertion);
    } catch (IssuerHttp.Unavailable e) {
      return failed(Exchanges.scrub(e.getMessage(), finding.secret()));
    }
    if (token.status() != 200 || token.json() == null || !token.json().hasNonNull("access_token")) {
      String error = token.json() == null ? "" : token.json().path("error").asText("");
      if (List.of("invalid_grant", "invalid_client", "unauthorized_client").contains(error)) {
        return new Revocation(
            Revocation.Status.SKIPPED,
            "already inactive: "
                + Exchanges.scrub(
                    Exchanges.shorten(
                        error + ": " + token.json().path("error_description").asText(error)),
                    finding.secret()),
            null,
            Instant.now());
      }
      return failed(
          "getting a token to disable the key: "
              + Exchanges.scrub(Exchanges.unexpected(issuer.name(), token), finding.secret()));
    }
    String accessToken = token.json().path("access_token").asText();
    Answer answer;
    try {
      answer =
          http.send(
              issuer,
              HttpRequest.newBuilder(
                      IssuerHttp.resolve(
                          iam,
                          "/v1/projects/-/serviceAccounts/"
                              + Exchanges.urlEncode(email)
                              + "/keys/"
                              + Exchanges.urlEncode(keyId)
                              + ":disable"))
                  .header("Authorization", "Bearer " + accessToken)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{}", StandardCharsets.UTF_8)),
              attempts);
    } catch (IssuerHttp.Unavailable e) {
      return failed(
          Exchanges.scrub(Exchanges.scrub(e.getMessage(), accessToken), finding.secret()));
    }
    if (answer.status() == 200) {
      return new Revocation(
          Revocation.Status.REVOKED,
          "key " + keyId + " disabled (it can be enabled again in IAM)",
          null,
          Instant.now());
    }
    return failed(
        Exchanges.scrub(
            Exchanges.scrub(Exchanges.unexpected(issuer.name(), answer), accessToken),
            finding.secret()));
  }

  private static Revocation failed(String reason) {
    return new Revocation(Revocation.Status.FAILED, reason, null, Instant.now());
  }

  /** The JWT-bearer exchange at Google's token endpoint, as its server-to-server flow documents. */
  private static Answer exchange(
      IssuerHttp http, Catalogue.Issuer issuer, CredentialParts.Resolved parts, String assertion)
      throws IssuerHttp.Unavailable {
    return http.send(
        issuer,
        form(
            parts,
            "/token",
            "grant_type="
                + Exchanges.urlEncode("urn:ietf:params:oauth:grant-type:jwt-bearer")
                + "&assertion="
                + assertion));
  }

  private static HttpRequest.Builder form(
      CredentialParts.Resolved parts, String path, String body) {
    return HttpRequest.newBuilder(IssuerHttp.resolve(parts.base(), path))
        .header("Content-Type", FORM)
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
  }

  /**
   * An RS256 JWT as Google's server-to-server flow documents it: iss, scope, aud, iat and exp
   * (Google allows at most an hour).
   */
  static String jwt(String email, PrivateKey key, Instant now, String scope)
      throws GeneralSecurityException {
    ObjectNode header = IssuerHttp.JSON.createObjectNode().put("alg", "RS256").put("typ", "JWT");
    ObjectNode claims =
        IssuerHttp.JSON
            .createObjectNode()
            .put("iss", email)
            .put("scope", scope)
            .put("aud", TOKEN_URI)
            .put("iat", now.getEpochSecond())
            .put("exp", now.getEpochSecond() + 600);
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String signingInput =
        b64.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
    Signature rs256 = Signature.getInstance("SHA256withRSA");
    rs256.initSign(key);
    rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + b64.encodeToString(rs256.sign());
  }

  /**
   * The key as the JSON key file holds it: PEM PKCS#8, its line breaks written {@code \n} (or
   * {@code \\n} when the JSON itself was escaped). Null when it is not an RSA PKCS#8 key.
   */
  static PrivateKey privateKey(String pem) {
    String body =
        pem.replace("\\\\n", "\n")
            .replace("\\n", "\n")
            .replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    if (pem.contains("BEGIN RSA PRIVATE KEY")) {
      return null;
    }
    try {
      return KeyFactory.getInstance("RSA")
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(body)));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return null;
    }
  }
}
