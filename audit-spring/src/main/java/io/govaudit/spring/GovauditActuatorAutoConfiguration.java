package io.govaudit.spring;

import io.govaudit.AuditTrail;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportSelector;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Actuator and Micrometer support for the {@link AuditTrail} bean (ours or the application's):
 * a {@code govaudit} health indicator, the {@code govaudit} endpoint and the {@code govaudit.*}
 * meters, each only when its technology is on the class path. Works with Spring Boot 4.0 and
 * 3.5 from the same jar: where Boot 4 moved a type (the health contributors), the version-specific
 * classes are separate and chosen by {@code @ConditionalOnClass} by name; everything else uses
 * types both versions share.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = GovauditAutoConfiguration.class, afterName = {
    // Boot 4 and Boot 3.5 names of the auto-configurations that define the MeterRegistry
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnBean(AuditTrail.class)
public final class GovauditActuatorAutoConfiguration {

    /**
     * The bean name of the health indicator: its health component is {@code govaudit}; an
     * application's bean of this name replaces it. (The beans are named, not typed, because their
     * types are package-private or, for health, differ between Boot versions.)
     */
    static final String HEALTH_INDICATOR_BEAN = "govauditHealthIndicator";
    /** The bean name of the endpoint; an application's bean of this name replaces it. */
    static final String ENDPOINT_BEAN = "govauditEndpoint";
    /** The bean name of the meter binder; an application's bean of this name replaces it. */
    static final String METRICS_BEAN = "govauditMetrics";
    /** Boot 4's health indicator type. */
    static final String BOOT4_HEALTH_INDICATOR = "org.springframework.boot.health.contributor.HealthIndicator";
    /** Boot 3.5's health indicator type, gone in Boot 4. */
    static final String BOOT3_HEALTH_INDICATOR = "org.springframework.boot.actuate.health.HealthIndicator";

    /** The health indicator under Spring Boot 4. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = BOOT4_HEALTH_INDICATOR)
    @ConditionalOnProperty(prefix = "management.health.govaudit", name = "enabled", matchIfMissing = true)
    static class Boot4Health {

        @Bean(HEALTH_INDICATOR_BEAN)
        @ConditionalOnMissingBean(name = HEALTH_INDICATOR_BEAN)
        GovauditHealthIndicator govauditHealthIndicator(AuditTrail trail) {
            return new GovauditHealthIndicator(trail);
        }
    }

    /**
     * The health indicator under Spring Boot 3.5: its class is compiled from
     * {@code src/main/boot3/java} after the main sources, so it is imported by name.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = BOOT3_HEALTH_INDICATOR)
    @ConditionalOnProperty(prefix = "management.health.govaudit", name = "enabled", matchIfMissing = true)
    @Import(Boot3Health.Selector.class)
    static class Boot3Health {

        /** Names {@code Boot3HealthConfiguration}, which only Boot 3.5 can load. */
        static final class Selector implements ImportSelector {
            @Override
            public String[] selectImports(AnnotationMetadata metadata) {
                return new String[] {"io.govaudit.spring.Boot3HealthConfiguration"};
            }
        }
    }

    /**
     * The {@code govaudit} endpoint, in servlet applications with Spring Security (which it needs
     * to know who asks: without it the endpoint does not exist, rather than being open).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.boot.actuate.endpoint.annotation.Endpoint",
        "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint",
        "org.springframework.security.core.context.SecurityContextHolder",
        "org.springframework.web.context.request.RequestContextHolder"})
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class EndpointConfiguration {

        @Bean(ENDPOINT_BEAN)
        @ConditionalOnMissingBean(name = ENDPOINT_BEAN)
        @ConditionalOnAvailableEndpoint(endpoint = GovauditEndpoint.class)
        GovauditEndpoint govauditEndpoint(AuditTrail trail, GovauditProperties properties,
                ObjectProvider<ClientAddress> clientAddress, ObjectProvider<AuditVerifierSource> verifierSource) {
            ClientAddress address = clientAddress.getIfAvailable(
                    () -> new ClientAddress(properties.getWeb().getTrustedProxies()));
            return new GovauditEndpoint(trail, properties.getActuator().getAuditorRole(),
                    new WebActors(properties.getAdminRoles(), address), verifierSource);
        }

        /** Verifies the file store that {@link GovauditAutoConfiguration} opened the trail on. */
        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnProperty(prefix = "govaudit.file", name = "directory")
        AuditVerifierSource govauditVerifierSource(GovauditProperties properties, AuditTrail trail) {
            return AuditVerifierSource.directory(properties.getFile().getDirectory(), trail.chainId());
        }
    }

    /** The {@code govaudit.*} meters, when the application has Micrometer and a registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
    @ConditionalOnBean(type = "io.micrometer.core.instrument.MeterRegistry")
    static class MetricsConfiguration {

        @Bean(METRICS_BEAN)
        @ConditionalOnMissingBean(name = METRICS_BEAN)
        GovauditMetrics govauditMetrics(AuditTrail trail) {
            return new GovauditMetrics(trail);
        }
    }
}
