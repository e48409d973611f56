package io.govaudit.examples.admin;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.stereotype.Component;

/**
 * Locks an account after {@value #LIMIT} failed logins in a row. audit-spring records each
 * {@code LOGIN_FAILURE}; the lock goes through the wrapped user manager, so it is recorded as
 * {@code USER_LOCK} with the system actor (no one is logged in during a failed login), the
 * client's address and {@code POST /login}. A successful login starts the count again.
 * Thread-safe: a concurrent map.
 */
@Component
class LoginAttempts {

    static final int LIMIT = 5;

    private final ConcurrentMap<String, Integer> failures = new ConcurrentHashMap<>();
    private final UserAccounts accounts;

    LoginAttempts(UserAccounts accounts) {
        this.accounts = accounts;
    }

    @EventListener
    void failed(AuthenticationFailureBadCredentialsEvent event) {
        String username = event.getAuthentication().getName();
        if (!accounts.exists(username)) {
            return;
        }
        int count = failures.merge(username, 1, Integer::sum);
        if (count >= LIMIT && accounts.lockIfUnlocked(username)) {
            failures.remove(username);
        }
    }

    void succeeded(String username) {
        failures.remove(username);
    }
}
