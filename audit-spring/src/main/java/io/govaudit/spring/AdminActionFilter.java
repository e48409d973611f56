package io.govaudit.spring;

import io.govaudit.AuditEvent;
import io.govaudit.AuditTrail;
import io.govaudit.Outcome;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Records {@code ADMIN_ACTION} after every state-changing request (POST, PUT, PATCH, DELETE) of
 * a user holding one of {@code govaudit.admin-roles}: {@code where.op} = method + Spring MVC's
 * path pattern ({@code POST /api/settings/{key}}; the raw path when no handler matched), detail
 * {@code status} = the response status, outcome {@code FAILURE} from status 400. Requests for
 * which a more specific event was recorded (login, logout, a denial, a user-management call) are
 * left out. With {@code govaudit.web.record-get-requests=true} an administrator's GET requests are
 * recorded too. Runs inside Spring Security's filter chain (it is ordered after it), where the
 * authentication is known.
 *
 * <p>While the trail refuses records (it failed, is closed, or is full under {@code FAIL_CLOSED}:
 * {@link io.govaudit.TrailStatus#refusing()}), an administrator's request is answered with 503
 * before it runs: it could not be recorded. A record refused after the request ran (the store
 * failed meanwhile) fails the request with the trail's exception.
 *
 * @since 0.1.0
 */
public final class AdminActionFilter extends OncePerRequestFilter implements Ordered {

    private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> WITH_GET = Set.of("POST", "PUT", "PATCH", "DELETE", "GET");

    private final AuditTrail trail;
    private final WebActors actors;

    private final Set<String> recorded;

    AdminActionFilter(AuditTrail trail, WebActors actors, boolean recordGetRequests) {
        this.trail = trail;
        this.actors = actors;
        this.recorded = recordGetRequests ? WITH_GET : STATE_CHANGING;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 100;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !recorded.contains(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isAdmin(SecurityContextHolder.getContext().getAuthentication()) && unrecordable()) {
            // the action would happen unrecorded: an administrator's function waits for the trail
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "The audit trail cannot record");
            return;
        }
        boolean failed = true;
        try {
            chain.doFilter(request, response);
            failed = false;
        } finally {
            recordIfAdmin(request, response, failed);
        }
    }

    private boolean isAdmin(Authentication authentication) {
        return authentication != null && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken) && actors.isAdmin(authentication);
    }

    /**
     * A trail that failed, was closed or is full under {@code FAIL_CLOSED} refuses every record:
     * checked before the request runs.
     */
    private boolean unrecordable() {
        return trail.status().refusing();
    }

    private void recordIfAdmin(HttpServletRequest request, HttpServletResponse response, boolean failed) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!isAdmin(authentication) || request.getAttribute(SecurityAuditListener.RECORDED_ATTRIBUTE) != null) {
            return;
        }
        String path = WebActors.pathPattern(request);
        int status = failed && response.getStatus() < 400 ? 500 : response.getStatus();
        AuditEvent.Builder event = AuditEvent.adminAction(actors.actor(authentication, request),
                        request.getMethod() + " " + path)
                .where(actors.location(request, path))
                .detail("status", status);
        if (status >= 400) {
            event.outcome(Outcome.FAILURE);
        }
        trail.record(event.build());
    }
}
