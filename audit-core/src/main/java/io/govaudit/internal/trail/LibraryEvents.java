package io.govaudit.internal.trail;

import io.govaudit.AuditEvent;
import io.govaudit.EventType;

/**
 * Builds the library's own records ({@code CHAIN_START}, {@code CHECKPOINT}, {@code RECOVERY} …),
 * which the public API refuses to build: {@link AuditEvent#of} rejects library types, so an
 * application can never write a record that claims to come from the trail. The API package
 * hands this engine package its one way in when {@link AuditEvent} is initialised (the
 * "shared secrets" pattern of the JDK), so nothing about library records is public API.
 *
 * <p>Thread-safe: the access is installed once, before any use, by {@link AuditEvent}'s static
 * initialiser.
 */
public final class LibraryEvents {

    /** What the API package lets the engine do. Implemented in {@code io.govaudit} only. */
    public interface Access {

        /**
         * Starts a library record: actor {@code govaudit}, outcome {@code SUCCESS}.
         *
         * @param type a library type
         * @return the builder
         */
        AuditEvent.Builder event(EventType type);

        /**
         * Adds a detail member without the secret-name masking, for members whose names contain
         * "key" but hold public values (key ids, public keys).
         *
         * @param builder a library record's builder
         * @param key     the member
         * @param value   its value
         * @return the builder
         */
        AuditEvent.Builder detail(AuditEvent.Builder builder, String key, Object value);
    }

    private static volatile Access access;

    private LibraryEvents() {
    }

    /**
     * Installs the access; called once by {@link AuditEvent}.
     *
     * @param api the access
     * @throws IllegalStateException if it was installed before
     */
    public static synchronized void install(Access api) {
        if (access != null) {
            throw new IllegalStateException("library event access is installed already");
        }
        access = api;
    }

    private static Access access() {
        Access api = access;
        if (api == null) {
            try {
                Class.forName(AuditEvent.class.getName(), true, AuditEvent.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("AuditEvent cannot be initialised", e);
            }
            api = access;
        }
        return api;
    }

    /**
     * Starts a library record.
     *
     * @param type a library type
     * @return a builder whose actor is the library
     */
    public static AuditEvent.Builder of(EventType type) {
        return access().event(type);
    }

    /**
     * Adds a detail member without the secret-name masking.
     *
     * @param builder the builder
     * @param key     the member
     * @param value   its value
     * @return the builder
     */
    public static AuditEvent.Builder detail(AuditEvent.Builder builder, String key, Object value) {
        return access().detail(builder, key, value);
    }
}
