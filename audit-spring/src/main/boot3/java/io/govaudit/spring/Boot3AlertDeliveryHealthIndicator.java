package io.govaudit.spring;

import io.govaudit.alert.QueuedAlertListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Alert delivery's health for Spring Boot 3.5; the details are {@link AlertDeliveryHealth}'s, as
 * for Boot 4's {@link AlertDeliveryHealthIndicator}. Thread-safe: reads counters.
 */
final class Boot3AlertDeliveryHealthIndicator implements HealthIndicator {

    private final ObjectProvider<QueuedAlertListener> listeners;

    Boot3AlertDeliveryHealthIndicator(ObjectProvider<QueuedAlertListener> listeners) {
        this.listeners = listeners;
    }

    @Override
    public Health health() {
        return Health.up().withDetails(AlertDeliveryHealth.details(listeners.orderedStream().toList())).build();
    }
}
