package io.leakstop.issuer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leakstop.finding.Finding;
import io.leakstop.finding.Revocation;
import io.leakstop.issuer.IssuerHttp.Answer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GitHub's credential revocation API: {@code POST /credentials/revoke} with up to 1,000 tokens per
 * request. It must be sent unauthenticated (an authenticated request gets 403) and is limited to 60
 * requests an hour, so leakstop batches every GitHub token of a run into as few requests as it can.
 * A 202 means accepted; GitHub does not say per token whether it was live.
 */
final class GithubCredentialsRevoke {
  static final String NAME = "github-credentials-revoke";
  static final int BATCH = 1000;

  private GithubCredentialsRevoke() {}

  /**
   * Each batch's attempts and outcome are put on record through {@code recorder} as they happen.
   */
  static Map<String, Revocation> revoke(
      IssuerHttp http,
      Catalogue.Issuer issuer,
      URI base,
      List<Finding> findings,
      Revoker.Recorder recorder) {
    Map<String, Revocation> out = new LinkedHashMap<>();
    for (int from = 0; from < findings.size(); from += BATCH) {
      List<Finding> batch = findings.subList(from, Math.min(findings.size(), from + BATCH));
      Revocation result = send(http, issuer, base, batch, recorder.attempts(batch));
      recorder.answered(batch, result);
      batch.forEach(f -> out.put(f.fingerprint(), result));
    }
    return out;
  }

  private static Revocation send(
      IssuerHttp http,
      Catalogue.Issuer issuer,
      URI base,
      List<Finding> batch,
      IssuerHttp.Attempts attempts) {
    ObjectNode body = IssuerHttp.JSON.createObjectNode();
    ArrayNode credentials = body.putArray("credentials");
    batch.forEach(f -> credentials.add(f.secret()));
    // Deliberately no Authorization header: GitHub rejects authenticated calls to this endpoint.
    HttpRequest.Builder request =
        HttpRequest.newBuilder(IssuerHttp.resolve(base, "/credentials/revoke"))
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .header("Content-Type", "application/json");
    issuer.headers().forEach(request::setHeader);
    Answer answer;
    try {
      answer = http.send(issuer, request, attempts);
    } catch (IssuerHttp.Unavailable e) {
      return new Revocation(Revocation.Status.FAILED, e.getMessage(), null, Instant.now());
    }
    String requestId = answer.requestId(issuer);
    if (answer.status() == 202 || answer.status() == 200 || answer.status() == 204) {
      return new Revocation(Revocation.Status.REVOKED, null, requestId, Instant.now());
    }
    String reason =
        answer.status() == 422
            ? "GitHub refused the request (validation failed, or the endpoint has been spammed)"
            : Exchanges.unexpected(issuer.name(), answer);
    for (Finding f : batch) {
      reason = Exchanges.scrub(reason, f.secret());
    }
    return new Revocation(Revocation.Status.FAILED, reason, requestId, Instant.now());
  }
}
