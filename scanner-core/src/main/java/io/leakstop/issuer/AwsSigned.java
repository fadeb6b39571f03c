package io.leakstop.issuer;

import io.leakstop.finding.Finding;
import io.leakstop.finding.Revocation;
import io.leakstop.finding.Verification;
import io.leakstop.issuer.IssuerHttp.Answer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * AWS access keys: checked with STS {@code GetCallerIdentity} (free, needs no permission; answers
 * account, ARN and user id) and revoked with IAM {@code UpdateAccessKey Status=Inactive} signed by
 * the key itself (the key stops working; an administrator can re-activate it, nothing is deleted).
 * Both are SigV4-signed by AWS's own signer ({@code software.amazon.awssdk:http-auth-aws}) and sent
 * through {@link IssuerHttp}, so the endpoint rules hold as for every issuer. The answers are AWS's
 * query-protocol XML, read for a few plain elements (no XML parser, so no entity expansion).
 */
final class AwsSigned {
  static final String VERIFY = "aws-sts-get-caller-identity";
  static final String REVOKE = "aws-iam-deactivate-access-key";
  private static final String KEY_ID = "access-key-id";
  private static final String SESSION_TOKEN = "session-token";
  private static final URI IAM = URI.create("https://iam.amazonaws.com");
  private static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";

  /** Headers the JDK's client sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED =
      Set.of("host", "content-length", "connection", "expect", "upgrade");

  /** Errors meaning the key pair does not work (AWS common errors and STS's). */
  private static final Map<String, String> DEAD =
      Map.of(
          "InvalidClientTokenId", "AWS does not know the access key id (deleted, or never valid)",
          "SignatureDoesNotMatch",
              "the secret does not belong to the access key id (or was rotated)",
          "ExpiredToken", "the session token has expired",
          "InvalidAccessKeyId", "AWS does not know the access key id (deleted, or never valid)");

  private AwsSigned() {}

  static Verification verify(
      IssuerHttp http, Catalogue.Issuer issuer, CredentialParts.Resolved parts, Finding finding) {
    String keyId = parts.companions().get(KEY_ID);
    if (keyId.startsWith("ASIA") && !parts.companions().containsKey(SESSION_TOKEN)) {
      return Verification.unverifiable(
          "needs companion: the session token that goes with a temporary (ASIA) access key");
    }
    Answer answer;
    try {
      answer =
          http.send(
              issuer,
              signed(
                  parts.base(),
                  "sts",
                  "Action=GetCallerIdentity&Version=2011-06-15",
                  keyId,
                  finding.secret(),
                  parts.companions().get(SESSION_TOKEN)));
    } catch (IssuerHttp.Unavailable e) {
      return Verifier.unknown(e.getMessage(), finding);
    }
    String code = element(answer.body(), "Code");
    if (answer.status() == 200 && element(answer.body(), "Arn") != null) {
      Map<String, String> details = new LinkedHashMap<>();
      putIfPresent(details, "account", element(answer.body(), "Account"));
      putIfPresent(details, "user_id", element(answer.body(), "UserId"));
      putIfPresent(details, "key_type", keyId.startsWith("ASIA") ? "temporary" : "long-term");
      return new Verification(
          Verification.Status.ACTIVE,
          element(answer.body(), "Arn"),
          List.of(),
          null,
          null,
          details);
    }
    if ((answer.status() == 403 || answer.status() == 400)
        && code != null
        && DEAD.containsKey(code)) {
      return new Verification(
          Verification.Status.INACTIVE,
          null,
          List.of(),
          null,
          code + ": " + DEAD.get(code),
          Map.of());
    }
    return Verifier.unknown(unexpected(issuer.name(), answer, code), finding);
  }

  static Revocation revoke(
      IssuerHttp http,
      Catalogue.Issuer issuer,
      CredentialParts.Resolved parts,
      Finding finding,
      IssuerHttp.Attempts attempts) {
    String keyId = parts.companions().get(KEY_ID);
    if (!keyId.startsWith("AKIA")) {
      return new Revocation(
          Revocation.Status.NOT_SUPPORTED,
          "only a long-term (AKIA) key can be deactivated by itself; a temporary key expires on its own",
          null,
          null);
    }
    // The override (tests) stands for every AWS endpoint; otherwise IAM's global endpoint.
    URI base = parts.base().equals(issuer.defaultUrl()) ? IAM : parts.base();
    Answer answer;
    try {
      answer =
          http.send(
              issuer,
              signed(
                  base,
                  "iam",
                  "Action=UpdateAccessKey&Version=2010-05-08&AccessKeyId="
                      + keyId
                      + "&Status=Inactive",
                  keyId,
                  finding.secret(),
                  null),
              attempts);
    } catch (IssuerHttp.Unavailable e) {
      return new Revocation(
          Revocation.Status.FAILED,
          Exchanges.scrub(e.getMessage(), finding.secret()),
          null,
          Instant.now());
    }
    String requestId = element(answer.body(), "RequestId");
    String code = element(answer.body(), "Code");
    if (answer.status() == 200 && answer.body().contains("UpdateAccessKeyResponse")) {
      return new Revocation(
          Revocation.Status.REVOKED,
          "deactivated (Status=Inactive); an IAM administrator can delete it",
          requestId,
          Instant.now());
    }
    if (code != null && DEAD.containsKey(code)) {
      return new Revocation(
          Revocation.Status.SKIPPED, "already inactive: " + code, requestId, Instant.now());
    }
    return new Revocation(
        Revocation.Status.FAILED,
        Exchanges.scrub(unexpected(issuer.name(), answer, code), finding.secret()),
        requestId,
        Instant.now());
  }

  /**
   * A form POST to {@code base}/ signed with SigV4 for {@code service} in us-east-1 (the global
   * endpoints' region).
   */
  static HttpRequest.Builder signed(
      URI base, String service, String body, String keyId, String secret, String sessionToken) {
    URI uri = IssuerHttp.resolve(base, "/");
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(uri)
            .putHeader("Content-Type", FORM)
            .build();
    AwsCredentialsIdentity identity =
        sessionToken == null
            ? AwsCredentialsIdentity.create(keyId, secret)
            : AwsSessionCredentialsIdentity.create(keyId, secret, sessionToken);
    SignedRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(identity)
                        .request(request)
                        .payload(ContentStreamProvider.fromUtf8String(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
    HttpRequest.Builder out =
        HttpRequest.newBuilder(uri)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    signed
        .request()
        .forEachHeader(
            (name, values) -> {
              if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> out.header(name, v));
              }
            });
    return out;
  }

  private static String unexpected(String issuer, Answer answer, String code) {
    if (code != null) {
      String message = element(answer.body(), "Message");
      return "unexpected answer from "
          + issuer
          + ": HTTP "
          + answer.status()
          + " "
          + code
          + (message == null ? "" : ": " + Exchanges.shorten(message));
    }
    if (answer.status() >= 200 && answer.status() < 300) {
      return "malformed answer from "
          + issuer
          + " (HTTP "
          + answer.status()
          + ", not the documented XML)";
    }
    return Exchanges.unexpected(issuer, answer);
  }

  /** The text of the first {@code <name>…</name>} in an XML answer, unescaped; null if none. */
  static String element(String xml, String name) {
    Matcher m = Pattern.compile("<" + name + ">([^<]{0,2048})</" + name + ">").matcher(xml);
    if (!m.find()) {
      return null;
    }
    return m.group(1)
        .trim()
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
  }

  private static void putIfPresent(Map<String, String> map, String key, String value) {
    if (value != null && !value.isBlank()) {
      map.put(key, value);
    }
  }
}
