/**
 * The JDBC store's implementation, not API: the chain store behind
 * {@code io.govaudit.jdbc.JdbcAuditStore}, its row writers, the writer's hold on a chain, and the
 * H2 append-only trigger. Every SQL statement here is prepared with parameters; no value is ever
 * concatenated into SQL text.
 */
package io.govaudit.jdbc.internal;
