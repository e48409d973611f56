/**
 * The govaudit API: build an {@link io.govaudit.AuditTrail}, create
 * {@link io.govaudit.AuditEvent}s with the factory for each required event type, and record them
 * into a tamper-evident hash chain.
 *
 * <p>Rules: everything here is immutable or documents its thread-safety; nothing here exposes a
 * type from {@code io.govaudit.internal}. Errors are {@link io.govaudit.AuditException}s.
 */
package io.govaudit;
