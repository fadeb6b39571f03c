/**
 * Sources and what they produce: fragments of bytes, where they came from ({@link
 * io.leakstop.source.Location}, {@link io.leakstop.source.CommitInfo}). Layer 2: uses nothing of
 * leakstop but the base.
 *
 * <p>Public types are scanner-core's API; the layers: docs/architecture.md, checked by
 * ArchitectureTest.
 */
package io.leakstop.source;
