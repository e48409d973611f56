/**
 * Alerts: how a trail tells people that it is near full, stopped, purged data or failed
 * (docs/operations.md, retention and capacity, REQUIREMENTS.md B7 and B8).
 *
 * <p>Rules: an {@link io.govaudit.alert.AuditAlertListener} is user code; the trail calls it
 * through {@link io.govaudit.alert.AuditAlertListener#guarded}, so a listener that throws or
 * blocks cannot stop recording. Every {@link io.govaudit.alert.AlertKind} name is a stable code.
 */
package io.govaudit.alert;
