/**
 * Application: the GitHub Action step. Layer 10 (top).
 *
 * <p>Public types are scanner-core's API; the layers: docs/architecture.md, checked by
 * ArchitectureTest.
 */
package io.leakstop.github;
