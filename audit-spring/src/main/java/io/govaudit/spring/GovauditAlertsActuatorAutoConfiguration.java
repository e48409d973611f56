package io.govaudit.spring;

import io.govaudit.alert.QueuedAlertListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportSelector;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Health ({@code govauditAlerts}) and meters ({@code govaudit.alerts.*}) of alert delivery, when
 * there is at least one {@link QueuedAlertListener} bean (from {@link GovauditAlertsAutoConfiguration}
 * or the application), each only when its technology is on the class path; Boot 4 and 3.5 as
 * {@link GovauditActuatorAutoConfiguration} does.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = GovauditAlertsAutoConfiguration.class, afterName = {
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnBean(QueuedAlertListener.class)
public final class GovauditAlertsActuatorAutoConfiguration {

    /** The health indicator's bean name: its health component is {@code govauditAlerts}. */
    static final String HEALTH_INDICATOR_BEAN = "govauditAlertsHealthIndicator";
    /** The meter binder's bean name. */
    static final String METRICS_BEAN = "govauditAlertMetrics";

    /** The health indicator under Spring Boot 4. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = GovauditActuatorAutoConfiguration.BOOT4_HEALTH_INDICATOR)
    @ConditionalOnProperty(prefix = "management.health.govaudit", name = "enabled", matchIfMissing = true)
    static class Boot4Health {

        @Bean(HEALTH_INDICATOR_BEAN)
        @ConditionalOnMissingBean(name = HEALTH_INDICATOR_BEAN)
        AlertDeliveryHealthIndicator govauditAlertsHealthIndicator(ObjectProvider<QueuedAlertListener> listeners) {
            return new AlertDeliveryHealthIndicator(listeners);
        }
    }

    /** The health indicator under Spring Boot 3.5, compiled from {@code src/main/boot3/java}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = GovauditActuatorAutoConfiguration.BOOT3_HEALTH_INDICATOR)
    @ConditionalOnProperty(prefix = "management.health.govaudit", name = "enabled", matchIfMissing = true)
    @Import(Boot3Health.Selector.class)
    static class Boot3Health {

        /** Names {@code Boot3AlertsHealthConfiguration}, which only Boot 3.5 can load. */
        static final class Selector implements ImportSelector {
            @Override
            public String[] selectImports(AnnotationMetadata metadata) {
                return new String[] {"io.govaudit.spring.Boot3AlertsHealthConfiguration"};
            }
        }
    }

    /** The {@code govaudit.alerts.*} meters. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
    @ConditionalOnBean(type = "io.micrometer.core.instrument.MeterRegistry")
    static class MetricsConfiguration {

        @Bean(METRICS_BEAN)
        @ConditionalOnMissingBean(name = METRICS_BEAN)
        AlertDeliveryMetrics govauditAlertMetrics(ObjectProvider<QueuedAlertListener> listeners) {
            return new AlertDeliveryMetrics(listeners.orderedStream().toList());
        }
    }
}
