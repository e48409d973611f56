/**
 * Forwarding the {@code govaudit.AUDIT} mirror ({@code AuditTrail.Builder.mirrorToSlf4j}) to a
 * SIEM with logback: {@link io.govaudit.logback.Rfc5424Encoder} writes RFC 5424 syslog messages
 * whose structured data holds the record's key/value pairs, {@link io.govaudit.logback.SyslogTcpAppender}
 * sends them over TCP or TLS with octet-counting framing (RFC 6587 section 3.4.1, RFC 5425).
 * The configuration is docs/siem/logback-syslog.xml (docs/operations.md, forwarding to a SIEM).
 *
 * @since 0.1.0
 */
package io.govaudit.logback;
