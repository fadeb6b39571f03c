package io.leakstop.issuer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leakstop.finding.Finding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
 * The revocation audit trail: one JSON object per line, appended and forced to disk, never
 * rewritten. Holds the fingerprint and redacted form of each secret, never the secret. Every
 * revocation request is preceded by an {@code intent} line (with its attempt number) and followed
 * by its outcome: {@code retry} when the issuer answered 5xx or not at all and the request is sent
 * again, else {@code revoked}, {@code failed} or {@code skipped}. A secret whose last line is an
 * intent was being revoked when the process died: the next run verifies it again ({@code
 * rechecked}) and revokes it only if it is still live. Secrets found already inactive are recorded
 * too, so a later run can skip them without asking the issuer again.
 */
final class AuditLog {
  /**
   * One line.
   *
   * @param result {@code intent}, {@code retry}, {@code revoked}, {@code failed}, {@code skipped}
   *     or {@code rechecked}
   * @param verification the verification status when the decision was made
   * @param attempt which attempt of the request an {@code intent} or {@code retry} is about; else
   *     null
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
      String requestId,
      Integer attempt) {

    public static final String INTENT = "intent";
    public static final String RETRY = "retry";
    public static final String RECHECKED = "rechecked";

    /**
     * A line about {@code f} written now: the finding names the secret (fingerprint, rule, issuer,
     * redacted form) and its verification status as checked; no request id or attempt yet.
     */
    public static Entry about(Finding f, String result, String reason) {
      return new Entry(
          Instant.now(),
          f.fingerprint(),
          f.ruleId(),
          f.issuer(),
          f.redacted(),
          result,
          f.verification() == null ? null : f.verification().status().label(),
          reason,
          null,
          null);
    }

    /** This line as of {@code when} (an answer's time rather than the time it is written). */
    public Entry at(Instant when) {
      return new Entry(
          when,
          fingerprint,
          rule,
          issuer,
          redacted,
          result,
          verification,
          reason,
          requestId,
          attempt);
    }

    /** This line naming the issuer's id for the request it records. */
    public Entry withRequestId(String id) {
      return new Entry(
          time, fingerprint, rule, issuer, redacted, result, verification, reason, id, attempt);
    }

    /** This line for the {@code n}th attempt at a request. */
    public Entry withAttempt(Integer n) {
      return new Entry(
          time, fingerprint, rule, issuer, redacted, result, verification, reason, requestId, n);
    }

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

  /**
   * Creates the file (owner-only where the file system allows) so a revocation is never unrecorded.
   */
  public void ensureWritable() {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      if (!Files.exists(file)) {
        try {
          Files.createFile(
              file,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
          Files.createFile(file);
        }
        if (parent != null) {
          forceDirectory(parent);
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
      if (e.attempt() != null) {
        o.put("attempt", e.attempt());
      }
      lines.append(o).append('\n');
    }
    // Forced to disk before the request it announces is sent: a process killed mid-request (even
    // by SIGKILL, or the machine losing power) leaves its intent on record.
    try (FileChannel out =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer bytes = StandardCharsets.UTF_8.encode(lines.toString());
      while (bytes.hasRemaining()) {
        out.write(bytes);
      }
      out.force(true);
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
        out.add(
            new Entry(
                Instant.parse(o.path("time").asText()),
                o.path("fingerprint").asText(),
                o.path("rule").asText(null),
                o.path("issuer").asText(null),
                o.path("redacted").asText(null),
                o.path("result").asText(),
                o.path("verification").asText(null),
                o.path("reason").asText(null),
                o.path("requestId").asText(null),
                o.hasNonNull("attempt") ? o.get("attempt").asInt() : null));
      } catch (IOException | RuntimeException e) {
        notices.accept(
            "audit log " + file + ":" + (i + 1) + ": not a leakstop audit entry; ignored");
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

  /**
   * The secrets whose last line is an {@code intent}: a request was sent (or about to be) and no
   * outcome followed, by fingerprint.
   */
  public Map<String, Entry> unanswered(Consumer<String> notices) {
    Map<String, Entry> last = new HashMap<>();
    for (Entry e : read(notices)) {
      last.put(e.fingerprint(), e);
    }
    last.values().removeIf(e -> !Entry.INTENT.equals(e.result()));
    return last;
  }

  /**
   * So that the new file's name survives a crash as well as its lines; not every system allows it.
   */
  private static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | RuntimeException e) {
      // The lines themselves are forced as they are written.
    }
  }

  private static String message(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
