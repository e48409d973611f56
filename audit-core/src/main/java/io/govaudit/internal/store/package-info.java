/**
 * The file store (DESIGN.md section 5): segment names, owner-only files, the chain lock, tail
 * recovery and durable appends. No logging here; failures are thrown to the trail.
 */
package io.govaudit.internal.store;
