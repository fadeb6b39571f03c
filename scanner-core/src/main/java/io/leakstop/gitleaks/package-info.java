/**
 * gitleaks compatibility, all in one place: its config, ignore file, reports, JSON format and
 * flags. Layer 8.
 *
 * <p>Public types are scanner-core's API; the layers: docs/architecture.md, checked by
 * ArchitectureTest.
 */
package io.leakstop.gitleaks;
