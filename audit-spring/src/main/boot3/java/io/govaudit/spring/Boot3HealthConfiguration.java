package io.govaudit.spring;

import io.govaudit.AuditTrail;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers {@link Boot3GovauditHealthIndicator} under Spring Boot 3.5. Imported by name from
 * {@link GovauditActuatorAutoConfiguration}, only when Boot 3.5's
 * {@code org.springframework.boot.actuate.health.HealthIndicator} is on the class path: the main
 * sources cannot name this class, which is compiled after them.
 */
@Configuration(proxyBeanMethods = false)
class Boot3HealthConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = GovauditActuatorAutoConfiguration.HEALTH_INDICATOR_BEAN)
    Boot3GovauditHealthIndicator govauditHealthIndicator(AuditTrail trail) {
        return new Boot3GovauditHealthIndicator(trail);
    }
}
