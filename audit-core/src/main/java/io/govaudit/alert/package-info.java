/**
 * Alerts: how a trail tells people that it is near full, stopped, purged data or failed
 * (docs/operations.md, retention and capacity, REQUIREMENTS.md B7 and B8).
 *
 * <p>Rules: an {@link io.govaudit.alert.AuditAlertListener} is user code; the trail calls it
 * through {@link io.govaudit.alert.AuditAlertListener#guarded}, so a listener that throws or
 * blocks cannot stop recording. Every {@link io.govaudit.alert.AlertKind} name is a stable code.
 * Delivery to people outside the store (B8) runs off the writer thread:
 * {@link io.govaudit.alert.QueuedAlertListener} owns the bounded queue, retries and
 * {@link io.govaudit.alert.DeliveryStats}; {@link io.govaudit.alert.WebhookAlertListener} posts JSON,
 * and audit-mail's e-mail listener builds on the same class.
 */
package io.govaudit.alert;
