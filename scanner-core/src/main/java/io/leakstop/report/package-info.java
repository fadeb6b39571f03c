/**
 * Reporters: the same scan result in each format. Layer 7: reads finding values, never the
 * pipeline.
 *
 * <p>Public types are scanner-core's API; the layers: docs/architecture.md, checked by
 * ArchitectureTest.
 */
package io.leakstop.report;
