package io.govaudit.spring;

import io.govaudit.AuditTrail;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletListenerRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authorization.AuthorizationEventPublisher;
import org.springframework.security.authorization.SpringAuthorizationEventPublisher;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.security.web.session.HttpSessionEventPublisher;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Records Spring Security's logins, failed logins and logouts, and administrators'
 * state-changing requests, in servlet applications with Spring Security on the class path and an
 * {@link AuditTrail} bean (ours or the application's).
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = GovauditAutoConfiguration.class)
@ConditionalOnClass({AbstractAuthenticationFailureEvent.class, LogoutHandler.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean(AuditTrail.class)
public final class GovauditSecurityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ClientAddress govauditClientAddress(GovauditProperties properties) {
        return new ClientAddress(properties.getWeb().getTrustedProxies(), properties.getWeb().getForwardedHeader());
    }

    @Bean
    @ConditionalOnMissingBean
    SecurityAuditListener govauditSecurityAuditListener(AuditTrail trail, GovauditProperties properties,
            ClientAddress clientAddress) {
        return new SecurityAuditListener(trail, new WebActors(properties.getAdminRoles(), clientAddress));
    }

    /** The admin-request filter, in servlet applications with Spring MVC. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HandlerMapping.class)
    static class AdminActions {

        @Bean
        @ConditionalOnMissingBean
        AdminActionFilter govauditAdminActionFilter(AuditTrail trail, GovauditProperties properties,
                ClientAddress clientAddress) {
            return new AdminActionFilter(trail, new WebActors(properties.getAdminRoles(), clientAddress),
                    properties.getWeb().isRecordGetRequests());
        }
    }

    /**
     * Makes method security publish its denials (it publishes nothing without this bean;
     * {@code authorizeHttpRequests} uses it too). Spring's publisher sends denials only, never
     * the granted decisions.
     */
    @Bean
    @ConditionalOnMissingBean
    AuthorizationEventPublisher govauditAuthorizationEventPublisher(ApplicationEventPublisher publisher) {
        return new SpringAuthorizationEventPublisher(publisher);
    }

    /**
     * Publishes the servlet container's session events as Spring events, so that a session that
     * timed out is recorded as a {@code LOGOUT} with reason {@code SESSION_EXPIRED}.
     */
    @Bean
    @ConditionalOnMissingBean(value = HttpSessionEventPublisher.class,
            parameterizedContainer = ServletListenerRegistrationBean.class)
    ServletListenerRegistrationBean<HttpSessionEventPublisher> govauditSessionEventPublisher() {
        return new ServletListenerRegistrationBean<>(new HttpSessionEventPublisher());
    }
}
