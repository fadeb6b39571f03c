package io.leakstop.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Collection;

/**
 * Checks a service-account assertion as Google's token endpoint documents it: an RS256 JWT whose
 * issuer is the service account, audience the token endpoint, with at most an hour between iat and
 * exp, signed by the key (verified with the public half of each key the simulator knows).
 */
final class JwtCheck {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JwtCheck() {}

  /**
   * The one of {@code keys} (PEM, as a key file holds them) that signed {@code jwt} for {@code
   * email}, or null.
   */
  static String keyThatSigned(String jwt, String email, Collection<String> keys) {
    String[] parts = jwt.split("\\.");
    if (parts.length != 3) {
      return null;
    }
    try {
      JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      long lifetime = claims.path("exp").asLong() - claims.path("iat").asLong();
      if (!header.path("alg").asText().equals("RS256")
          || !claims.path("iss").asText().equals(email)
          || !claims.path("aud").asText().equals("https://oauth2.googleapis.com/token")
          || lifetime <= 0
          || lifetime > 3600
          || claims.path("scope").asText().isEmpty()) {
        return null;
      }
      byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
      for (String key : keys) {
        PublicKey publicKey = TestKeys.publicHalf(key);
        if (publicKey == null) {
          continue;
        }
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(publicKey);
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        if (rs256.verify(signature)) {
          return key;
        }
      }
      return null;
    } catch (java.io.IOException
        | java.security.GeneralSecurityException
        | IllegalArgumentException e) {
      return null;
    }
  }
}
