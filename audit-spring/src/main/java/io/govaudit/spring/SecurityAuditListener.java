package io.govaudit.spring;

import io.govaudit.Actor;
import io.govaudit.AuditEvent;
import io.govaudit.AuditTrail;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Records Spring Security's interactive logins ({@code LOGIN}, once per login: the
 * non-interactive {@code AuthenticationSuccessEvent} that precedes it is not recorded), failed
 * logins ({@code LOGIN_FAILURE}, the reason being the exception's simple class name, never the
 * credentials) and logouts ({@code LOGOUT}). The client's address and the operation come from
 * the request bound to the thread, when there is one.
 *
 * @since 0.1.0
 */
public final class SecurityAuditListener {

    /**
     * The request attribute set once this listener recorded an event for the request, so that
     * the admin-request filter does not record it again.
     */
    public static final String RECORDED_ATTRIBUTE = SecurityAuditListener.class.getName() + ".RECORDED";

    private final AuditTrail trail;
    private final WebActors actors;

    SecurityAuditListener(AuditTrail trail, WebActors actors) {
        this.trail = trail;
        this.actors = actors;
    }

    /**
     * Records a {@code LOGIN}.
     *
     * @param event the interactive login
     */
    @EventListener
    public void onLogin(InteractiveAuthenticationSuccessEvent event) {
        HttpServletRequest request = currentRequest();
        Authentication authentication = event.getAuthentication();
        record(request, AuditEvent.login(actors.actor(authentication, request)));
    }

    /**
     * Records a {@code LOGIN_FAILURE}: actor id = the attempted user name.
     *
     * @param event the failed authentication
     */
    @EventListener
    public void onFailure(AbstractAuthenticationFailureEvent event) {
        HttpServletRequest request = currentRequest();
        String name = event.getAuthentication().getName();
        Actor actor = Actor.builder(name == null || name.isBlank() ? WebActors.UNKNOWN_USER : name).build();
        record(request, AuditEvent.loginFailure(actor, event.getException().getClass().getSimpleName()));
    }

    /**
     * Records a {@code LOGOUT}.
     *
     * @param event the logout
     */
    @EventListener
    public void onLogout(LogoutSuccessEvent event) {
        HttpServletRequest request = currentRequest();
        record(request, AuditEvent.logout(actors.actor(event.getAuthentication(), request)));
    }

    private void record(HttpServletRequest request, AuditEvent.Builder event) {
        if (request != null) {
            event.where(actors.location(request, request.getRequestURI()));
        }
        trail.record(event.build());
        if (request != null) {
            request.setAttribute(RECORDED_ATTRIBUTE, Boolean.TRUE);
        }
    }

    private static HttpServletRequest currentRequest() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        return attributes instanceof ServletRequestAttributes servlet ? servlet.getRequest() : null;
    }
}
