/**
 * Reading the audit log: {@link io.govaudit.query.AuditReader} answers an
 * {@link io.govaudit.query.AuditQuery} (time range, chain, types, actor, subject, outcome,
 * address) over a file store or, with {@code audit-jdbc}, a database, page by page or as a stream,
 * handing back each stored record line exactly as the writer wrote it.
 *
 * @since 0.1.0
 */
package io.govaudit.query;
