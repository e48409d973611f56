package io.govaudit.spring;

import io.govaudit.Actor;
import io.govaudit.Location;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * Builds actors and locations from Spring Security authentications and servlet requests.
 * Thread-safe: immutable.
 */
final class WebActors {

    /** The actor id of a failed login that named no user. */
    static final String UNKNOWN_USER = "unknown";

    /**
     * Spring MVC's {@code HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE}, spelled out: the
     * security listener must not load Spring MVC classes in applications without it.
     */
    static final String BEST_MATCHING_PATTERN = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

    private final List<String> adminRoles;
    private final ClientAddress clientAddress;

    WebActors(List<String> adminRoles, ClientAddress clientAddress) {
        this.adminRoles = List.copyOf(adminRoles);
        this.clientAddress = clientAddress;
    }

    /** The authority names, without nulls. */
    static List<String> authorities(Authentication authentication) {
        List<String> names = new ArrayList<>();
        Collection<? extends GrantedAuthority> authorities = authentication.getAuthorities();
        if (authorities != null) {
            for (GrantedAuthority authority : authorities) {
                if (authority != null && authority.getAuthority() != null) {
                    names.add(authority.getAuthority());
                }
            }
        }
        return names;
    }

    /** Tells whether the authentication holds one of the administrator authorities. */
    boolean isAdmin(Authentication authentication) {
        return authorities(authentication).stream().anyMatch(adminRoles::contains);
    }

    /** The actor: id = the user name, roles = the authorities, admin, and the session if any. */
    Actor actor(Authentication authentication, HttpServletRequest request) {
        HttpSession session = request == null ? null : request.getSession(false);
        return actor(authentication, session == null ? null : session.getId());
    }

    /** The actor of an authentication, with the session id (hashed by the trail) when known. */
    Actor actor(Authentication authentication, String sessionId) {
        String name = authentication.getName();
        Actor.Builder actor = Actor.builder(name == null || name.isBlank() ? UNKNOWN_USER : name)
                .roles(authorities(authentication))
                .admin(isAdmin(authentication));
        if (sessionId != null) {
            actor.session(sessionId);
        }
        return actor.build();
    }

    /**
     * The operation's path: the path pattern Spring MVC matched ({@code /api/settings/{key}}),
     * else the request's path without its query string.
     */
    static String pathPattern(HttpServletRequest request) {
        Object pattern = request.getAttribute(BEST_MATCHING_PATTERN);
        return pattern != null ? pattern.toString() : request.getRequestURI();
    }

    Location location(HttpServletRequest request, String path) {
        if (request == null) {
            return Location.defaults();
        }
        return Location.defaults().withIp(clientAddress.resolve(request))
                .withOp(request.getMethod() + " " + path);
    }
}
