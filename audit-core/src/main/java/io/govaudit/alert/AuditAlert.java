package io.govaudit.alert;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One alert raised by a trail.
 *
 * @param kind    what it is about (a stable code)
 * @param chain   the chain whose trail raised it
 * @param time    when it was raised, from the trail's clock
 * @param message what happened and what to do, for people
 * @param facts   the figures behind it (for example {@code used_bytes}, {@code not_recorded}),
 *                for machines; never holds secrets
 * @since 0.1.0
 */
public record AuditAlert(AlertKind kind, String chain, Instant time, String message, Map<String, Object> facts) {

    /**
     * Creates an alert.
     *
     * @throws NullPointerException if any argument is null
     */
    public AuditAlert {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(message, "message");
        facts = Map.copyOf(facts);
    }

    @Override
    public String toString() {
        return kind + " chain=" + chain + " at " + time + ": " + message + (facts.isEmpty() ? "" : " " + facts);
    }
}
