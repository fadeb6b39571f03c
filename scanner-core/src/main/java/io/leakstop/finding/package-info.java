/**
 * The values a scan produces and passes on: findings, their verification and revocation, scan
 * results, baselines; how a finding names and shows its secret. Layer 3: above source and rules.
 *
 * <p>Public types are scanner-core's API; the layers: docs/architecture.md, checked by
 * ArchitectureTest.
 */
package io.leakstop.finding;
