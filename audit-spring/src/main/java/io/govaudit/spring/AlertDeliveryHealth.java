package io.govaudit.spring;

import io.govaudit.alert.DeliveryStats;
import io.govaudit.alert.QueuedAlertListener;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The health of alert delivery (B8), independent of the Spring Boot version: one entry per
 * {@link QueuedAlertListener} bean, by its name, with {@code state} ({@code OK}, or
 * {@code DEGRADED} when its last alert was given up or alerts were dropped), {@code delivered},
 * {@code retries}, {@code failed}, {@code dropped}, {@code queued} and {@code lastFailure}.
 *
 * <p>The status stays {@code UP} with a {@code warning}, as for a trail past its capacity
 * warning: the application still records; what is broken is the way to tell people, and the
 * {@code govaudit.alerts.failed} and {@code .dropped} meters are there to alert on. Never shows
 * header values, passwords or recipients' addresses. Thread-safe: stateless.
 */
final class AlertDeliveryHealth {

    private AlertDeliveryHealth() {
    }

    static Map<String, Object> details(List<QueuedAlertListener> listeners) {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean degraded = false;
        for (QueuedAlertListener listener : listeners) {
            DeliveryStats stats = listener.stats();
            degraded |= stats.degraded();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("state", stats.degraded() ? "DEGRADED" : "OK");
            entry.put("delivered", stats.delivered());
            entry.put("retries", stats.retries());
            entry.put("failed", stats.failed());
            entry.put("dropped", stats.dropped());
            entry.put("queued", stats.queued());
            if (!stats.lastFailure().isEmpty()) {
                entry.put("lastFailure", stats.lastFailure());
            }
            details.put(listener.name(), entry);
        }
        if (degraded) {
            details.put("warning", "alerts were not delivered to people: see failed and dropped; "
                    + "the alerts are in the application's log (marker AUDIT_ALERT)");
        }
        return details;
    }
}
