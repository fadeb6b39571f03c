package io.leakstop.issuer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The revocation audit trail: one JSON object per line, appended, never rewritten. Holds the
 * fingerprint and redacted form of each secret, never the secret. Besides every revocation attempt
 * (revoked or failed) it records secrets found already inactive, so a later run can skip them
 * without asking the issuer again.
 */
public final class AuditLog {
  /**
   * One line.
   *
   * @param result {@code revoked}, {@code failed} or {@code skipped}
   * @param verification the verification status when the decision was made
   */
  public record Entry(
      Instant time,
      String fingerprint,
      String rule,
      String issuer,
      String redacted,
      String result,
      String verification,
      String reason,
      String requestId) {

    /** True when the secret is known dead: revoked by us, or found inactive. */
    public boolean settled() {
      return "revoked".equals(result) || "inactive".equals(verification);
    }
  }

  private final Path file;

  public AuditLog(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  /** Creates the file (owner-only where the file system allows) so a revocation is never unrecorded. */
  public void ensureWritable() {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      if (!Files.exists(file)) {
        try {
          Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
          Files.createFile(file);
        }
      }
      if (!Files.isWritable(file)) {
        throw new IOException("not writable");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("audit log " + file + ": cannot write: " + message(e), e);
    }
  }

  public synchronized void append(List<Entry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    StringBuilder lines = new StringBuilder();
    for (Entry e : entries) {
      ObjectNode o = IssuerHttp.JSON.createObjectNode();
      o.put("time", e.time().toString());
      o.put("fingerprint", e.fingerprint());
      o.put("rule", e.rule());
      o.put("issuer", e.issuer());
      o.put("redacted", e.redacted());
      o.put("result", e.result());
      o.put("verification", e.verification());
      if (e.reason() != null) {
        o.put("reason", e.reason());
      }
      if (e.requestId() != null) {
        o.put("requestId", e.requestId());
      }
      lines.append(o).append('\n');
    }
    try {
      Files.writeString(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("audit log " + file + ": cannot write: " + message(e), e);
    }
  }

  /** Every entry, oldest first; malformed lines are reported to {@code notices} and skipped. */
  public List<Entry> read(Consumer<String> notices) {
    if (!Files.exists(file)) {
      return List.of();
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("audit log " + file + ": cannot read: " + message(e), e);
    }
    List<Entry> out = new java.util.ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode o = IssuerHttp.JSON.readTree(line);
        out.add(new Entry(Instant.parse(o.path("time").asText()), o.path("fingerprint").asText(), o.path("rule").asText(null),
            o.path("issuer").asText(null), o.path("redacted").asText(null), o.path("result").asText(), o.path("verification").asText(null),
            o.path("reason").asText(null), o.path("requestId").asText(null)));
      } catch (IOException | RuntimeException e) {
        notices.accept("audit log " + file + ":" + (i + 1) + ": not a leakstop audit entry; ignored");
      }
    }
    return out;
  }

  /** The latest settling entry per fingerprint. */
  public Map<String, Entry> settled(Consumer<String> notices) {
    Map<String, Entry> out = new HashMap<>();
    for (Entry e : read(notices)) {
      if (e.settled()) {
        out.put(e.fingerprint(), e);
      }
    }
    return out;
  }

  private static String message(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
