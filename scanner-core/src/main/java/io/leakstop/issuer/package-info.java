/**
 * Verification and revocation through issuers' APIs, with the audit log. Layer 6: gets findings,
 * never a scanner.
 *
 * <p>Public types are scanner-core's API; the layers: docs/architecture.md, checked by
 * ArchitectureTest.
 */
package io.leakstop.issuer;
