package io.leakstop.issuer;

import io.leakstop.finding.Finding;
import io.leakstop.finding.Revocation;
import io.leakstop.finding.Verification;
import io.leakstop.issuer.Catalogue.Family;

/**
 * Checks and revocations the catalogue names by {@code handler:} because a request template cannot
 * express them (a SigV4 signature, a JWT signed with the key). Each handler class is loaded only
 * when a finding of its family is verified or revoked, so a scan without {@code --verify} never
 * loads a signing library.
 */
final class Handlers {
  private Handlers() {}

  static Verification verify(
      Family family,
      IssuerHttp http,
      Catalogue.Issuer issuer,
      CredentialParts.Resolved parts,
      Finding finding) {
    return switch (family.verifyHandler()) {
      case AwsSigned.VERIFY -> AwsSigned.verify(http, issuer, parts, finding);
      case GcpServiceAccount.VERIFY -> GcpServiceAccount.verify(http, issuer, parts, finding);
      default ->
          throw new IllegalStateException(
              "the issuer catalogue: unknown verify handler " + family.verifyHandler());
    };
  }

  static Revocation revoke(
      Family family,
      IssuerHttp http,
      Catalogue.Issuer issuer,
      CredentialParts.Resolved parts,
      Finding finding,
      IssuerHttp.Attempts attempts,
      java.util.function.Function<String, java.net.URI> hosts) {
    return switch (family.revokeHandler()) {
      case AwsSigned.REVOKE -> AwsSigned.revoke(http, issuer, parts, finding, attempts);
      case GcpServiceAccount.REVOKE ->
          GcpServiceAccount.revoke(
              http, issuer, parts, finding, attempts, hosts.apply(GcpServiceAccount.IAM_HOST));
      case IbmApiKeyDelete.NAME -> IbmApiKeyDelete.revoke(http, issuer, parts, finding, attempts);
      default ->
          throw new IllegalStateException(
              "the issuer catalogue: unknown revoke handler " + family.revokeHandler());
    };
  }

  /** The request a handler's revocation sends, for the documentation table and dry runs. */
  static String describeRevoke(Family family) {
    return switch (family.revokeHandler()) {
      case AwsSigned.REVOKE ->
          "IAM UpdateAccessKey Status=Inactive, SigV4-signed by the key itself";
      case GithubCredentialsRevoke.NAME -> "`POST /credentials/revoke` (batched, unauthenticated)";
      case GcpServiceAccount.REVOKE ->
          "`POST /token` with a JWT signed by the key (a cloud-platform token for this one request),"
              + " then IAM `POST /v1/projects/-/serviceAccounts/‹client_email›/keys/‹private_key_id›:disable`"
              + " at `iam.googleapis.com`";
      case IbmApiKeyDelete.NAME ->
          "`POST /identity/token` (an IAM token from the key), `GET /v1/apikeys/details` (the key's"
              + " id by its value), then `DELETE /v1/apikeys/{id}`";
      case NpmTokenRevoke.NAME ->
          "`GET /-/npm/v1/tokens`, then `DELETE /-/npm/v1/tokens/token/{key}` of the matching entry";
      default -> "`" + family.revokeHandler() + "`";
    };
  }

  /** The request a handler's check sends, for the documentation table. */
  static String describeVerify(Family family) {
    return switch (family.verifyHandler()) {
      case AwsSigned.VERIFY ->
          "STS `GetCallerIdentity`, SigV4-signed with the key id and secret; reads owner (ARN), account";
      case GcpServiceAccount.VERIFY ->
          "`POST /token` with an RS256 JWT signed by the key (mints a short-lived read-only token, not kept),"
              + " then `POST /tokeninfo`; reads owner (client_email), scopes, expiry";
      default -> "`" + family.verifyHandler() + "`";
    };
  }
}
