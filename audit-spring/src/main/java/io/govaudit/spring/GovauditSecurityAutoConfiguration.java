package io.govaudit.spring;

import io.govaudit.AuditTrail;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.web.authentication.logout.LogoutHandler;
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
        return new ClientAddress(properties.getWeb().getTrustedProxies());
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
            return new AdminActionFilter(trail, new WebActors(properties.getAdminRoles(), clientAddress));
        }
    }
}
