package io.govaudit.spring;

import io.govaudit.AuditTrail;
import io.govaudit.TrailStatus;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * The trail's health for Spring Boot 3.5 ({@code org.springframework.boot.actuate.health}); the
 * statuses and details are {@link TrailHealth}'s, as for Boot 4's {@link GovauditHealthIndicator}.
 * Compiled against spring-boot-actuator 3.5.7 by a second javac run (see audit-spring's pom).
 * Thread-safe: reads {@link AuditTrail#status()}, which takes no lock.
 */
final class Boot3GovauditHealthIndicator implements HealthIndicator {

    private final AuditTrail trail;

    Boot3GovauditHealthIndicator(AuditTrail trail) {
        this.trail = trail;
    }

    @Override
    public Health health() {
        TrailStatus status = trail.status();
        return Health.status(TrailHealth.code(status)).withDetails(TrailHealth.details(status)).build();
    }
}
