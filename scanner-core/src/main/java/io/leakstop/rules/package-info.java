/**
 * The rule model the detector consumes: rules, allowlists, severities, configs, the built-in
 * catalogue. Layer 2: uses nothing of leakstop but the base.
 *
 * <p>Public types are scanner-core's API; the layers: docs/architecture.md, checked by
 * ArchitectureTest.
 */
package io.leakstop.rules;
