package io.govaudit.spring;

import io.govaudit.Actor;
import io.govaudit.AuditEvent;
import io.govaudit.AuditTrail;
import io.govaudit.AuditUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.security.authorization.event.AuthorizationDeniedEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.security.web.session.HttpSessionDestroyedEvent;

/**
 * Records Spring Security's interactive logins ({@code LOGIN}, once per login: the
 * non-interactive {@code AuthenticationSuccessEvent} that precedes it is not recorded), failed
 * logins ({@code LOGIN_FAILURE}, the reason being the exception's simple class name, never the
 * credentials), logouts ({@code LOGOUT}, detail {@code reason} = {@code LOGOUT}), sessions that
 * expired while logged in ({@code LOGOUT}, detail {@code reason} = {@code SESSION_EXPIRED}) and
 * access denials of authenticated users ({@code ACCESS_DENIED}, outcome {@code FAILURE}, from
 * {@code authorizeHttpRequests} and method security). The client's address and the operation come
 * from the request bound to the thread, when there is one.
 *
 * <p>A login the trail refuses to record ({@link AuditUnavailableException}: the store failed, or
 * it is full under {@code FAIL_CLOSED}) does not happen: the session is invalidated, the security
 * context cleared and the exception fails the request. Under {@code STOP_RECORDING} the login
 * goes ahead and is counted as not recorded, as that policy says.
 *
 * <p>Denials of anonymous callers are not recorded: for them Spring answers with the login page
 * or a 401, not a refusal of something they were allowed to ask for, and every unauthenticated
 * probe would otherwise become a record.
 *
 * @since 0.1.0
 */
public final class SecurityAuditListener {

    /**
     * The request attribute set once this listener recorded an event for the request, so that
     * the admin-request filter does not record it again.
     */
    public static final String RECORDED_ATTRIBUTE = SecurityAuditListener.class.getName() + ".RECORDED";

    /** Detail {@code reason} of a logout the user asked for. */
    static final String LOGOUT_REASON = "LOGOUT";
    /** Detail {@code reason} of a session that timed out. */
    static final String EXPIRY_REASON = "SESSION_EXPIRED";

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
        try {
            record(request, AuditEvent.login(actors.actor(authentication, request)));
        } catch (AuditUnavailableException refused) {
            // Spring has already stored the login in the session: a login the trail refused to
            // record (FAIL_CLOSED, a failed store) must not stay logged in. The exception then
            // fails the request.
            SecurityContextHolder.clearContext();
            HttpSession session = request == null ? null : request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            throw refused;
        }
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
        record(request, AuditEvent.logout(actors.actor(event.getAuthentication(), request))
                .detail("reason", LOGOUT_REASON));
    }

    /**
     * Records a {@code LOGOUT} with reason {@code SESSION_EXPIRED} when a logged-in user's session
     * timed out. A session invalidated before its time (a logout, which records itself; a session
     * fixation change) is not an expiry and is not recorded here. No request is involved in an
     * expiry, so the record has no address: the actor's session id links it to the login.
     *
     * @param event the destroyed session (published by {@code HttpSessionEventPublisher})
     */
    @EventListener
    public void onSessionDestroyed(HttpSessionDestroyedEvent event) {
        HttpSession session = event.getSession();
        if (!expired(session)) {
            return;
        }
        for (SecurityContext context : event.getSecurityContexts()) {
            Authentication authentication = context.getAuthentication();
            if (authentication != null && !(authentication instanceof AnonymousAuthenticationToken)) {
                trail.record(AuditEvent.logout(actors.actor(authentication, session.getId()))
                        .detail("reason", EXPIRY_REASON).build());
                return;
            }
        }
    }

    /**
     * Records an {@code ACCESS_DENIED} for an authenticated user: the operation is the request's
     * method and path pattern when Spring MVC matched one (method security), else its path
     * ({@code authorizeHttpRequests} decides before any handler is chosen); a method-security
     * denial names the method in detail {@code method}.
     *
     * @param event the denial
     */
    @EventListener
    public void onDenied(AuthorizationDeniedEvent<?> event) {
        Authentication authentication = event.getAuthentication().get();
        if (authentication == null || authentication instanceof AnonymousAuthenticationToken) {
            return;
        }
        HttpServletRequest request = currentRequest();
        Object secured = event.getObject();
        if (secured instanceof HttpServletRequest servlet) {
            request = servlet;
        }
        String op;
        String path = null;
        if (request != null) {
            path = WebActors.pathPattern(request);
            op = request.getMethod() + " " + path;
        } else if (secured instanceof MethodInvocation invocation) {
            op = methodName(invocation);
        } else {
            op = secured == null ? "unknown" : secured.getClass().getSimpleName();
        }
        AuditEvent.Builder denial = AuditEvent.accessDenied(actors.actor(authentication, request), op);
        if (request != null) {
            denial.where(actors.location(request, path));
        }
        if (secured instanceof MethodInvocation invocation) {
            denial.detail("method", methodName(invocation));
        }
        trail.record(denial.build());
        if (request != null) {
            request.setAttribute(RECORDED_ATTRIBUTE, Boolean.TRUE);
        }
    }

    private static String methodName(MethodInvocation invocation) {
        return invocation.getMethod().getDeclaringClass().getSimpleName() + "." + invocation.getMethod().getName();
    }

    private static boolean expired(HttpSession session) {
        try {
            int maxInactive = session.getMaxInactiveInterval();
            return maxInactive > 0
                    && System.currentTimeMillis() - session.getLastAccessedTime() >= maxInactive * 1000L;
        } catch (IllegalStateException invalidated) {
            // the container already invalidated it: an explicit invalidation, not a timeout
            return false;
        }
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
