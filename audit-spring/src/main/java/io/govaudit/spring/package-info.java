/**
 * Spring Boot auto-configuration for govaudit: an {@link io.govaudit.AuditTrail} from the
 * {@code govaudit.*} properties, Spring Security logins, login failures and logouts, and
 * administrators' state-changing requests recorded with the client's address (docs/spring.md).
 */
package io.govaudit.spring;
