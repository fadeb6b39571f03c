package io.leakstop.testing;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks an AWS Signature Version 4 the way AWS documents it (canonical request, string to sign,
 * HMAC-SHA256 key chain), written here by hand so that the simulator does not trust the signer
 * leakstop uses: a request counts as signed by a secret only if recomputing the signature with that
 * secret gives the one in its {@code Authorization} header.
 */
final class SigV4Check {
  private static final Pattern AUTH =
      Pattern.compile(
          "AWS4-HMAC-SHA256 Credential=([A-Z0-9]+)/(\\d{8})/([a-z0-9-]+)/([a-z0-9]+)/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})");

  private SigV4Check() {}

  /** The one of {@code secrets} that signed this request, or null. */
  static String secretThatSigned(HttpExchange ex, String body, Collection<String> secrets) {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    String amzDate = ex.getRequestHeaders().getFirst("X-Amz-Date");
    Matcher m = auth == null || amzDate == null ? null : AUTH.matcher(auth);
    if (m == null || !m.matches()) {
      return null;
    }
    StringBuilder canonicalHeaders = new StringBuilder();
    for (String name : m.group(5).split(";")) {
      String value = ex.getRequestHeaders().getFirst(name);
      if (value == null) {
        return null;
      }
      canonicalHeaders
          .append(name)
          .append(':')
          .append(value.trim().replaceAll(" +", " "))
          .append('\n');
    }
    String canonicalRequest =
        ex.getRequestMethod()
            + "\n"
            + ex.getRequestURI().getRawPath()
            + "\n"
            + (ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery())
            + "\n"
            + canonicalHeaders
            + "\n"
            + m.group(5)
            + "\n"
            + hex(sha256(body.getBytes(StandardCharsets.UTF_8)));
    String scope = m.group(2) + "/" + m.group(3) + "/" + m.group(4) + "/aws4_request";
    String toSign =
        "AWS4-HMAC-SHA256\n"
            + amzDate
            + "\n"
            + scope
            + "\n"
            + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    for (String secret : secrets) {
      byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), m.group(2));
      key = hmac(key, m.group(3));
      key = hmac(key, m.group(4));
      key = hmac(key, "aws4_request");
      if (hex(hmac(key, toSign)).equals(m.group(6).toLowerCase(Locale.ROOT))) {
        return secret;
      }
    }
    return null;
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
