package io.govaudit.examples.admin;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.stereotype.Component;

/**
 * After a login: the session gets the idle timeout of the settings page, and the user's failed
 * login count starts again. Then the saved request, or {@code /}.
 */
@Component
class SessionTimeoutLoginHandler extends SavedRequestAwareAuthenticationSuccessHandler {

    private final SettingsStore settings;
    private final LoginAttempts attempts;

    SessionTimeoutLoginHandler(SettingsStore settings, LoginAttempts attempts) {
        this.settings = settings;
        this.attempts = attempts;
        setDefaultTargetUrl("/");
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
            Authentication authentication) throws ServletException, IOException {
        request.getSession().setMaxInactiveInterval(settings.current().sessionTimeoutMinutes() * 60);
        attempts.succeeded(authentication.getName());
        super.onAuthenticationSuccess(request, response, authentication);
    }
}
