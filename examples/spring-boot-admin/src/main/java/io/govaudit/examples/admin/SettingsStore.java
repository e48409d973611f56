package io.govaudit.examples.admin;

import io.govaudit.spring.AuditContext;
import io.govaudit.AuditEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;

/**
 * The important settings, kept in memory. Each changed value is recorded as
 * {@code CONFIG_CHANGE} with its old and new value through {@link AuditContext} (the current
 * administrator, the client's address, {@code POST /settings}); the core writes both values of a
 * secret-looking key ({@code smtp.password}) as {@code <masked>}. The change is recorded before it
 * is applied: a change the trail refuses to record does not happen. Thread-safe: synchronized.
 */
@Component
class SettingsStore {

    /** The settings, immutable. */
    record Settings(int sessionTimeoutMinutes, int passwordMinLength, String smtpRelay, String smtpPassword) {

        Map<String, String> asKeys() {
            Map<String, String> keys = new LinkedHashMap<>();
            keys.put("session.timeout-minutes", Integer.toString(sessionTimeoutMinutes));
            keys.put("password.min-length", Integer.toString(passwordMinLength));
            keys.put("smtp.relay", smtpRelay);
            keys.put("smtp.password", smtpPassword);
            return keys;
        }
    }

    private final AuditContext audit;
    private Settings current = new Settings(30, 12, "smtp.example.gov.tw:587", "");

    SettingsStore(AuditContext audit) {
        this.audit = audit;
    }

    synchronized Settings current() {
        return current;
    }

    /** Records every changed key, then applies the new settings; answers how many changed. */
    synchronized int update(Settings next) {
        Map<String, String> before = current.asKeys();
        int changed = 0;
        for (Map.Entry<String, String> after : next.asKeys().entrySet()) {
            String old = before.get(after.getKey());
            if (!Objects.equals(old, after.getValue())) {
                audit.record(AuditEvent.configChange(audit.currentActor(), after.getKey(), emptyToNull(old),
                        emptyToNull(after.getValue())).where(audit.currentLocation()));
                changed++;
            }
        }
        current = next;
        return changed;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
