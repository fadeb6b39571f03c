package io.leakstop.source;

import java.io.IOException;
import java.io.InputStream;

/** One stream, such as standard input with a CI log piped in, scanned as a whole. */
public final class StreamSource implements Source {
  private final String name;
  private final InputStream in;

  public StreamSource(String name, InputStream in) {
    this.name = name;
    this.in = in;
  }

  public static StreamSource stdin() {
    return new StreamSource("<stdin>", System.in);
  }

  @Override
  public String describe() {
    return name;
  }

  @Override
  public void feed(FragmentSink sink) throws IOException {
    // A log piped from a Windows tool may be UTF-16.
    sink.accept(Fragment.of(name, Utf16.asUtf8(in.readAllBytes())));
  }
}
