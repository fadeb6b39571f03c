/**
 * Application: the scheduled sweep over many repositories. Layer 10 (top).
 *
 * <p>Public types are scanner-core's API; the layers: docs/architecture.md, checked by
 * ArchitectureTest.
 */
package io.leakstop.sweep;
