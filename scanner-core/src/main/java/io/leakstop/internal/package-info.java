/**
 * Internal to scanner-core: helpers several core packages share that are no part of its API. Only
 * code under {@code io.leakstop} in this module uses them (ArchitectureTest); the CLI and other
 * callers never do, so they may change without notice.
 */
package io.leakstop.internal;
