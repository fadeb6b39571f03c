package io.leakstop.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How to rotate a leaked credential of one issuer, from {@code rotation.yaml} beside this class;
 * issuers without an entry get the generic advice.
 *
 * @param summary one line for tables and annotations
 * @param steps Markdown steps, for SARIF help and summaries
 */
record Rotation(String summary, String steps) {
  private static final Map<String, Rotation> BY_ISSUER = load();

  public static Rotation forIssuer(String issuer) {
    Rotation r = issuer == null ? null : BY_ISSUER.get(issuer.toLowerCase(Locale.ROOT));
    return r != null ? r : BY_ISSUER.get("generic");
  }

  /** The steps without Markdown emphasis and links, for plain-text consumers. */
  public String stepsText() {
    return steps.replace("`", "").strip();
  }

  private static Map<String, Rotation> load() {
    try (InputStream in = Rotation.class.getResourceAsStream("rotation.yaml")) {
      if (in == null) {
        throw new IllegalStateException("rotation.yaml is missing from the jar");
      }
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
      Map<String, Rotation> map = new HashMap<>();
      root.properties()
          .forEach(
              e ->
                  map.put(
                      e.getKey(),
                      new Rotation(
                          e.getValue().path("summary").asText(),
                          e.getValue().path("steps").asText())));
      return Map.copyOf(map);
    } catch (IOException e) {
      throw new UncheckedIOException("rotation.yaml: " + e.getMessage(), e);
    }
  }
}
