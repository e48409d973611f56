/**
 * A small back-office application of the kind agencies build, using audit-spring as recommended:
 * form login, user management through the wrapped {@code UserDetailsManager}, important settings
 * recorded as {@code CONFIG_CHANGE}, citizens' personal data read through a
 * {@link io.govaudit.spring.SensitiveAccess} method, and the auditor's pages over the
 * {@link io.govaudit.query.AuditReader} bean. Nothing here writes an audit record that
 * audit-spring would write itself; the application records only its own events (settings, the
 * lock after failed logins, verification on demand).
 */
package io.govaudit.examples.admin;
