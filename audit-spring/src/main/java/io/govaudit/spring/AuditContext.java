package io.govaudit.spring;

import io.govaudit.Actor;
import io.govaudit.AuditEvent;
import io.govaudit.AuditTrail;
import io.govaudit.EventType;
import io.govaudit.Location;
import io.govaudit.Receipt;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Who is acting and from where, for the events an application records itself: the current
 * user from Spring Security's context, the client's address and the operation from the servlet
 * request bound to the thread. Inject it and record through it:
 *
 * <pre>{@code
 * audit.record(audit.event(EventType.of("PERMIT_APPROVED"))
 *         .subject(Subject.of("PERMIT", permitId)));
 * }</pre>
 *
 * <p>Outside a request {@link #currentLocation()} is {@link Location#defaults()} (the trail's
 * system and host); without an authentication on the thread (a scheduled job, a message
 * listener) {@link #currentActor()} is the system actor {@value #SYSTEM_ACTOR_ID}.
 *
 * <p>{@link #record} also marks the current request as recorded, so the admin-request filter
 * does not add a generic {@code ADMIN_ACTION} for a request that already has its specific record.
 *
 * <p>Thread-safe: stateless apart from immutable collaborators; everything current is read from
 * the calling thread.
 *
 * @since 0.1.0
 */
public final class AuditContext {

    /** The actor id of events recorded when no user is authenticated on the thread. */
    public static final String SYSTEM_ACTOR_ID = "system";

    private static final Actor SYSTEM = Actor.builder(SYSTEM_ACTOR_ID).name("application").build();

    /**
     * Spring MVC's {@code HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE}, spelled out: that
     * constant is computed from the class name, and Spring MVC is optional.
     */
    static final String PATTERN_ATTRIBUTE = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

    private final AuditTrail trail;
    private final WebActors actors;

    AuditContext(AuditTrail trail, WebActors actors) {
        this.trail = trail;
        this.actors = actors;
    }

    /**
     * Returns the current user: id = the authenticated name, roles = the authorities, admin =
     * holds one of {@code govaudit.admin-roles}, the session if there is one; the system actor
     * when no authentication is on the thread.
     *
     * @return the actor, never null
     */
    public Actor currentActor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null ? SYSTEM : actors.actor(authentication, currentRequest());
    }

    /**
     * Returns where the current request comes from: the client's address (trusted proxies
     * applied) and {@code METHOD /pattern} (Spring MVC's path pattern, else the raw path);
     * {@link Location#defaults()} outside a request.
     *
     * @return the location, never null
     */
    public Location currentLocation() {
        HttpServletRequest request = currentRequest();
        if (request == null) {
            return Location.defaults();
        }
        Object pattern = request.getAttribute(PATTERN_ATTRIBUTE);
        return actors.location(request, pattern != null ? pattern.toString() : request.getRequestURI());
    }

    /**
     * Starts an event of a type by the current actor at the current location.
     *
     * @param type the event type
     * @return a builder with actor and location set
     * @throws io.govaudit.AuditRecordRejectedException naming {@code type} when it is null or a
     *         library type
     */
    public AuditEvent.Builder event(EventType type) {
        return AuditEvent.of(type, currentActor()).where(currentLocation());
    }

    /**
     * Records an event and marks the current request, if any, as recorded.
     *
     * @param event the event
     * @return the trail's receipt
     * @throws io.govaudit.AuditRecordRejectedException   if the event is invalid
     * @throws io.govaudit.AuditUnavailableException if the trail cannot record
     */
    public Receipt record(AuditEvent.Builder event) {
        Receipt receipt = trail.record(event.build());
        markRequestRecorded();
        return receipt;
    }

    /** Marks the current request, if any, as one for which a specific event is recorded. */
    void markRequestRecorded() {
        HttpServletRequest request = currentRequest();
        if (request != null) {
            request.setAttribute(SecurityAuditListener.RECORDED_ATTRIBUTE, Boolean.TRUE);
        }
    }

    private static HttpServletRequest currentRequest() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        return attributes instanceof ServletRequestAttributes servlet ? servlet.getRequest() : null;
    }
}
