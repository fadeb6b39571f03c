/**
 * Every decision to drop what the detector found ({@link io.leakstop.filter.Filters#admit}), and
 * the user's ignore files. Layer 5.
 *
 * <p>Public types are scanner-core's API; the layers: docs/architecture.md, checked by
 * ArchitectureTest.
 */
package io.leakstop.filter;
