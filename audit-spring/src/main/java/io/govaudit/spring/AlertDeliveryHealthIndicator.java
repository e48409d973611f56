package io.govaudit.spring;

import io.govaudit.alert.QueuedAlertListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Alert delivery's health for Spring Boot 4; the details are {@link AlertDeliveryHealth}'s.
 * Boot 3.5's twin is {@code Boot3AlertDeliveryHealthIndicator}. Thread-safe: reads counters.
 */
final class AlertDeliveryHealthIndicator implements HealthIndicator {

    private final ObjectProvider<QueuedAlertListener> listeners;

    AlertDeliveryHealthIndicator(ObjectProvider<QueuedAlertListener> listeners) {
        this.listeners = listeners;
    }

    @Override
    public Health health() {
        return Health.up().withDetails(AlertDeliveryHealth.details(listeners.orderedStream().toList())).build();
    }
}
