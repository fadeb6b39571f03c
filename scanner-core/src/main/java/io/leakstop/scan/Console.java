package io.leakstop.scan;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * Where a run reads and writes: standard input (for {@code --stdin} and {@code revoke}), standard
 * output (the report), standard error (notices, problems, the summary) and the environment (issuer
 * URLs, the state directory, a CI runner's variables). Tests pass their own.
 */
public record Console(InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
  public Console {
    env = Map.copyOf(env);
  }

  /** The process's own streams and environment. */
  public static Console system() {
    return new Console(System.in, System.out, System.err, System.getenv());
  }

  /** One line on standard error, prefixed {@code leakstop: }. */
  public void notice(String line) {
    err.println("leakstop: " + line);
  }
}
