package io.govaudit.examples.admin;

import java.util.List;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Puts the logged-in user's name and roles in every page's model, for the navigation. */
@ControllerAdvice
class CurrentUserAdvice {

    /** Who is logged in; {@code name} null when no one is. */
    record CurrentUser(String name, List<String> roles) {

        boolean has(String role) {
            return roles.contains(role);
        }

        public boolean isAdmin() {
            return has(Roles.ADMIN);
        }

        public boolean isClerk() {
            return has(Roles.CLERK);
        }

        public boolean isAuditor() {
            return has(Roles.AUDITOR);
        }
    }

    @ModelAttribute("currentUser")
    CurrentUser currentUser() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || auth instanceof AnonymousAuthenticationToken || !auth.isAuthenticated()) {
            return new CurrentUser(null, List.of());
        }
        return new CurrentUser(auth.getName(),
                auth.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList());
    }
}
