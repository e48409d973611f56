package io.govaudit.spring;

import io.govaudit.AuditTrail;
import io.govaudit.TrailStatus;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The trail's health for Spring Boot 4 ({@code org.springframework.boot.health.contributor}); the
 * statuses and details are {@link TrailHealth}'s. Boot 3.5's twin is
 * {@code Boot3GovauditHealthIndicator} in {@code src/main/boot3/java}. Thread-safe: reads
 * {@link AuditTrail#status()}, which takes no lock.
 */
final class GovauditHealthIndicator implements HealthIndicator {

    private final AuditTrail trail;

    GovauditHealthIndicator(AuditTrail trail) {
        this.trail = trail;
    }

    @Override
    public Health health() {
        TrailStatus status = trail.status();
        return Health.status(TrailHealth.code(status)).withDetails(TrailHealth.details(status)).build();
    }
}
