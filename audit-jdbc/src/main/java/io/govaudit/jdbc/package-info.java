/**
 * The chain in a relational database: PostgreSQL (primary) and H2 (embedded default). The same
 * record bytes and the same verifier as the file store (docs/format.md sections 1-2); the table is
 * append-only, enforced by the database; each application node writes its own chain.
 *
 * <p>API: {@link io.govaudit.jdbc.JdbcAuditStore} (give it to {@code AuditTrail.builder().store(..)}),
 * {@link io.govaudit.jdbc.JdbcSchema} (DDL, installer, grants), {@link io.govaudit.jdbc.Dialect} and
 * {@link io.govaudit.jdbc.InsertMode}. Everything in {@code io.govaudit.jdbc.internal} is not API.
 */
package io.govaudit.jdbc;
