package io.govaudit.spring;

import io.govaudit.AuditTrail;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.aop.Advisor;
import org.springframework.aop.config.AopConfigUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.security.core.Authentication;
import org.springframework.security.provisioning.UserDetailsManager;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Recording beyond logins and admin requests, where Spring Security and the servlet API are on
 * the class path and there is an {@link AuditTrail} bean: the {@link AuditContext} for the
 * application's own events, {@link SensitiveAccess} on bean methods, the application's
 * {@code UserDetailsManager} beans wrapped (switch: {@code govaudit.user-details.audit}), and
 * Spring Boot's {@code AuditEventRepository} bridged into the chain when the actuator is on the
 * class path. Every bean backs off when the application defines its own.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = {GovauditAutoConfiguration.class, GovauditSecurityAutoConfiguration.class},
        beforeName = "org.springframework.boot.actuate.autoconfigure.audit.AuditAutoConfiguration")
@ConditionalOnClass({Authentication.class, RequestContextHolder.class, HttpServletRequest.class})
@ConditionalOnBean(AuditTrail.class)
@Import(GovauditExtrasAutoConfiguration.ProxyCreatorRegistrar.class)
public final class GovauditExtrasAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    AuditContext govauditAuditContext(AuditTrail trail, GovauditProperties properties,
            ObjectProvider<ClientAddress> clientAddress) {
        ClientAddress address = clientAddress.getIfAvailable(
                () -> new ClientAddress(properties.getWeb().getTrustedProxies()));
        return new AuditContext(trail, new WebActors(properties.getAdminRoles(), address));
    }

    /**
     * The {@link SensitiveAccess} advisor: an infrastructure bean, so that the auto-proxy creator
     * Spring registers without AspectJ ({@code InfrastructureAdvisorAutoProxyCreator}) applies it
     * as well as the AspectJ-aware one. Outermost (highest precedence): a denial by method
     * security or a failed commit inside is recorded as {@code FAILURE}. Static, with the
     * context looked up at the first call, because advisors are created before ordinary beans.
     */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    @ConditionalOnMissingBean(name = "govauditSensitiveAccessAdvisor")
    static Advisor govauditSensitiveAccessAdvisor(ObjectProvider<AuditContext> context) {
        SensitiveAccessInterceptor interceptor = new SensitiveAccessInterceptor(context::getObject);
        DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(interceptor.pointcut(), interceptor);
        advisor.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return advisor;
    }

    /** Wraps the application's UserDetailsManager beans. */
    @Bean
    @ConditionalOnClass(UserDetailsManager.class)
    @ConditionalOnProperty(prefix = "govaudit.user-details", name = "audit", havingValue = "true",
            matchIfMissing = true)
    static UserDetailsAuditPostProcessor govauditUserDetailsAuditPostProcessor(ObjectProvider<AuditContext> context) {
        return new UserDetailsAuditPostProcessor(context::getObject);
    }

    /** Boot's audit events into the chain, when the actuator is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(AuditEventRepository.class)
    @ConditionalOnProperty(prefix = "management.auditevents", name = "enabled", havingValue = "true",
            matchIfMissing = true)
    static class BootAuditEvents {

        @Bean
        @ConditionalOnMissingBean(AuditEventRepository.class)
        TrailAuditEventRepository govauditAuditEventRepository(AuditContext context) {
            return new TrailAuditEventRepository(context);
        }
    }

    /**
     * Makes sure an auto-proxy creator exists, as {@code @EnableTransactionManagement} does, so
     * that {@link SensitiveAccess} is applied even where Boot's AOP auto-configuration is off
     * ({@code spring.aop.auto=false}): an annotation that silently records nothing would be
     * worse. An AspectJ-aware creator registered by anyone else takes precedence.
     */
    static class ProxyCreatorRegistrar implements ImportBeanDefinitionRegistrar {

        @Override
        public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
            AopConfigUtils.registerAutoProxyCreatorIfNecessary(registry);
        }
    }
}
