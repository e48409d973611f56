package io.govaudit.spring;

import io.govaudit.Actor;
import io.govaudit.AuditEvent;
import io.govaudit.EventType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Spring Boot's {@link AuditEventRepository} writing into the audit trail: each event the
 * application publishes through Boot's audit API ({@code AuditApplicationEvent}) is recorded
 * in the chain.
 *
 * <p><b>Mapping.</b> The type string becomes the event type: upper-cased, every character outside
 * {@code A-Z 0-9 _} replaced by {@code _}, prefixed {@code BOOT_} when it does not start with a
 * letter or names one of the library's own types, cut to 64 characters ({@code order.placed} →
 * {@code ORDER_PLACED}); the original is kept in detail {@code bootType} when it differs. The
 * principal is the actor (the current user's roles and session added when the principal is the
 * authenticated user), the request the location. The data become detail members, keys
 * sanitised the same way: strings, numbers, booleans, enums, UUIDs and dates as themselves,
 * collections as lists, any other object as {@code <SimpleClassName>} (an arbitrary
 * {@code toString()} could carry anything). The trail's secret and personal data masking applies.
 * The record's {@code ts} is when it was written, not Boot's event timestamp.
 *
 * <p><b>Not recorded twice.</b> {@code AUTHENTICATION_SUCCESS}, {@code AUTHENTICATION_FAILURE},
 * {@code LOGOUT_SUCCESS} and {@code AUTHORIZATION_FAILURE}, which Boot publishes from Spring
 * Security's events, are ignored: the security listener records logins, failed logins and
 * logouts itself, once per interactive login and with the client's address.
 *
 * <p><b>{@link #find}.</b> Served from an in-memory window of the last {@value #WINDOW} events
 * this repository recorded, as Boot gave them (the ignored ones are not in it). It is not read
 * from the chain and starts empty after a restart; the chain, read with the verifier or
 * {@code audit-cli}, is the record.
 *
 * <p>Thread-safe. {@link #add} throws when the trail cannot record; the event is then not in the
 * window either.
 *
 * @since 0.1.0
 */
public final class TrailAuditEventRepository implements AuditEventRepository {

    /** How many recorded events {@link #find} can return, as Boot's in-memory repository. */
    public static final int WINDOW = 1000;

    /** The types Boot publishes from Spring Security events, recorded by the security listener. */
    static final Set<String> SECURITY_TYPES = Set.of("AUTHENTICATION_SUCCESS", "AUTHENTICATION_FAILURE",
            "LOGOUT_SUCCESS", "AUTHORIZATION_FAILURE");

    private static final int MAX_CODE = 64;

    private final AuditContext audit;
    private final InMemoryAuditEventRepository window = new InMemoryAuditEventRepository(WINDOW);

    TrailAuditEventRepository(AuditContext audit) {
        this.audit = audit;
    }

    /**
     * Records the event in the chain, unless it is one of Boot's security event types.
     *
     * @param event Boot's audit event
     * @throws io.govaudit.AuditUnavailableException if the trail cannot record
     */
    @Override
    public void add(org.springframework.boot.actuate.audit.AuditEvent event) {
        if (SECURITY_TYPES.contains(event.getType())) {
            return;
        }
        String code = code(event.getType());
        AuditEvent.Builder record = AuditEvent.of(EventType.of(code), actor(event.getPrincipal()))
                .where(audit.currentLocation());
        Set<String> keys = new HashSet<>();
        if (!code.equals(event.getType())) {
            record.detail("bootType", event.getType());
            keys.add("bootType");
        }
        for (Map.Entry<String, Object> entry : event.getData().entrySet()) {
            Object value = value(entry.getValue(), true);
            if (value != null) {
                record.detail(unique(key(entry.getKey()), keys), value);
            }
        }
        audit.record(record);
        window.add(event);
    }

    /**
     * Returns the recorded events of the in-memory window (see the class description).
     *
     * @param principal the principal, or null for all
     * @param after     only events after this instant, or null for all
     * @param type      the Boot type string, or null for all
     * @return the matching events, oldest first
     */
    @Override
    public List<org.springframework.boot.actuate.audit.AuditEvent> find(String principal, Instant after, String type) {
        return window.find(principal, after, type);
    }

    private Actor actor(String principal) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && principal != null && principal.equals(authentication.getName())) {
            return audit.currentActor();
        }
        return Actor.of(principal == null || principal.isBlank() ? WebActors.UNKNOWN_USER : principal);
    }

    /** The event type code for a Boot type string. */
    static String code(String type) {
        String code = cut(sanitise(type == null ? "" : type.toUpperCase(Locale.ROOT), false));
        if (code.isEmpty() || code.charAt(0) < 'A' || code.charAt(0) > 'Z' || EventType.of(code).isLibraryType()) {
            code = cut("BOOT_" + code);
        }
        return code;
    }

    /** A detail key for a Boot data key. */
    static String key(String key) {
        String sanitised = sanitise(key == null ? "" : key, true);
        if (sanitised.isEmpty() || !Character.isLetter(sanitised.charAt(0)) || sanitised.charAt(0) > 'z') {
            sanitised = "data_" + sanitised;
        }
        return cut(sanitised);
    }

    private static String cut(String code) {
        return code.length() > MAX_CODE ? code.substring(0, MAX_CODE) : code;
    }

    private static String sanitise(String text, boolean detailKey) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length() && out.length() < 2 * MAX_CODE; i++) {
            char c = text.charAt(i);
            boolean letter = c >= 'A' && c <= 'Z' || detailKey && c >= 'a' && c <= 'z';
            boolean other = c >= '0' && c <= '9' || c == '_' || detailKey && (c == '.' || c == '-');
            out.append(letter || other ? c : '_');
        }
        return out.toString();
    }

    private static String unique(String key, Set<String> keys) {
        String candidate = key;
        for (int n = 2; !keys.add(candidate); n++) {
            String suffix = "_" + n;
            candidate = (key.length() + suffix.length() > MAX_CODE ? key.substring(0, MAX_CODE - suffix.length()) : key)
                    + suffix;
        }
        return candidate;
    }

    /** A detail value: JSON scalars as themselves, known value types as text, others by type name. */
    private static Object value(Object value, boolean allowList) {
        if (value == null) {
            return null;
        }
        if (value instanceof String || value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof Short || value instanceof Byte || value instanceof BigInteger
                || value instanceof BigDecimal) {
            return value;
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isNaN(d) || Double.isInfinite(d) ? String.valueOf(d) : value;
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof CharSequence || value instanceof UUID || value instanceof TemporalAccessor
                || value instanceof Character) {
            return value.toString();
        }
        if (allowList && value instanceof Collection<?> collection) {
            List<Object> items = new ArrayList<>();
            for (Object item : collection) {
                Object converted = value(item, false);
                items.add(converted == null ? "null" : converted);
            }
            return items;
        }
        return "<" + (value.getClass().getSimpleName().isEmpty() ? value.getClass().getName()
                : value.getClass().getSimpleName()) + ">";
    }
}
