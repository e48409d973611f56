package io.govaudit.spring;

import io.govaudit.alert.QueuedAlertListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers {@link Boot3AlertDeliveryHealthIndicator} under Spring Boot 3.5; imported by name from
 * {@link GovauditAlertsActuatorAutoConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
class Boot3AlertsHealthConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = GovauditAlertsActuatorAutoConfiguration.HEALTH_INDICATOR_BEAN)
    Boot3AlertDeliveryHealthIndicator govauditAlertsHealthIndicator(ObjectProvider<QueuedAlertListener> listeners) {
        return new Boot3AlertDeliveryHealthIndicator(listeners);
    }
}
