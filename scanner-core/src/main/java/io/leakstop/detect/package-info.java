/**
 * The detector: bytes in, candidates out, no I/O. Layer 4.
 *
 * <p>Public types are scanner-core's API; the layers: docs/architecture.md, checked by
 * ArchitectureTest.
 */
package io.leakstop.detect;
