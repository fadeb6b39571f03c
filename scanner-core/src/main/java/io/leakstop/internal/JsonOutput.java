package io.leakstop.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;

/** The one way JSON-based reports open their output: pretty, UTF-8, leaving the stream open. */
public final class JsonOutput {
  private static final JsonFactory JSON = new JsonFactory();

  private JsonOutput() {}

  /** A generator over {@code out}; closing it flushes but does not close {@code out}. */
  public static JsonGenerator open(OutputStream out) throws IOException {
    JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    g.useDefaultPrettyPrinter();
    return g;
  }
}
