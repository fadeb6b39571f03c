/**
 * Sources over git: history, staged changes, worktree changes, the pre-commit hook. Layer 4.
 *
 * <p>Public types are scanner-core's API; the layers: docs/architecture.md, checked by
 * ArchitectureTest.
 */
package io.leakstop.git;
