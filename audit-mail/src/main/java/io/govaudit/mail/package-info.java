/**
 * Alerts by e-mail (REQUIREMENTS.md B8): {@link io.govaudit.mail.EmailAlertListener} sends each
 * alert of a trail to people over SMTP, STARTTLS required by default, from its own thread.
 *
 * <p>Rules: the listener is an {@link io.govaudit.alert.QueuedAlertListener}, so the queue,
 * retries and counters are core's and the trail's writer never waits for a mail server. Only
 * {@code io.govaudit.mail} is API; no core internals are used. Passwords come from environment
 * variables and are never logged.
 */
package io.govaudit.mail;
