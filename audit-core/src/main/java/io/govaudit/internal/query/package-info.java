/**
 * The readers behind {@link io.govaudit.query.AuditReader}: the file store's segment scan and
 * merge, the recording decorator, and the parsing of the members a query filters on.
 */
package io.govaudit.internal.query;
