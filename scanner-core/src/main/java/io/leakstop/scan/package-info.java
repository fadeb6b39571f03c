/**
 * The pipeline from a source to filtered findings, report formats by name, the fail policy. Layer
 * 9.
 *
 * <p>Public types are scanner-core's API; the layers: docs/architecture.md, checked by
 * ArchitectureTest.
 */
package io.leakstop.scan;
