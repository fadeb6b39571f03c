package io.leakstop.testing;

import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RSA private keys made at run time, written as a service-account JSON key file holds them (PEM
 * PKCS#8 with its line breaks as {@code \n}), so that no test commits a key.
 */
public final class TestKeys {
  private static final Map<Integer, String> KEYS = new ConcurrentHashMap<>();

  private TestKeys() {}

  /**
   * {@code size} bytes that open as a PKCS#12 file does (a DER sequence) and go on at random, NULs
   * included: binary to every reader, and no key inside (rules flag such files by name alone).
   */
  public static byte[] keyStoreBytes(int size) {
    byte[] bytes = new byte[size];
    new java.util.Random(size).nextBytes(bytes);
    bytes[0] = 0x30;
    bytes[1] = (byte) 0x82;
    bytes[2] = 0;
    return bytes;
  }

  /** The same key for the same {@code variant} within a run. */
  public static String serviceAccountPem(int variant) {
    return KEYS.computeIfAbsent(
        variant,
        v -> {
          try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            String encoded =
                Base64.getEncoder()
                    .encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < encoded.length(); i += 64) {
              body.append(i == 0 ? "" : "\\n")
                  .append(encoded, i, Math.min(encoded.length(), i + 64));
            }
            return "-----BEGIN PRIVATE KEY-----\\n" + body + "\\n-----END PRIVATE KEY-----";
          } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** The public half of a PEM RSA private key in that form, or null if it is not one. */
  static PublicKey publicHalf(String pem) {
    try {
      String body =
          pem.replace("\\n", "")
              .replace("-----BEGIN PRIVATE KEY-----", "")
              .replace("-----END PRIVATE KEY-----", "");
      KeyFactory rsa = KeyFactory.getInstance("RSA");
      RSAPrivateCrtKey key =
          (RSAPrivateCrtKey)
              rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
      return rsa.generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
    } catch (java.security.GeneralSecurityException
        | IllegalArgumentException
        | ClassCastException e) {
      return null;
    }
  }
}
