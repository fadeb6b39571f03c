/**
 * Infrastructure at the bottom: the one rule for every address leakstop sends a request to ({@link
 * io.leakstop.net.Endpoints}).
 *
 * <p>Public types are scanner-core's API; the layers: docs/architecture.md, checked by
 * ArchitectureTest.
 */
package io.leakstop.net;
