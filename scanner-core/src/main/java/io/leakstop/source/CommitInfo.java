package io.leakstop.source;

import java.time.Instant;

/** The commit that introduced a secret into history. */
public record CommitInfo(
    String id, String authorName, String authorEmail, Instant authorDate, String summary) {}
