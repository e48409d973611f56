package io.govaudit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Who performed the audited operation: the record's {@code actor} member.
 *
 * <p>The id must identify one person (no shared accounts, REQUIREMENTS.md section C); a display
 * name is optional. A session id given to {@link Builder#session(String)} is never written as
 * given: the trail writes a keyed hash of it, so records can be correlated by session without
 * disclosing a usable session token. {@link #toString()} never prints the raw session.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * Actor admin = Actor.builder("A123456").name("Chen Mei-Ling").roles("ADMIN").admin(true)
 *         .session(request.getSession().getId()).build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Actor {

    /** The actor of the records the library writes itself ({@code CHAIN_START}, {@code CHECKPOINT} …). */
    static final Actor LIBRARY = builder("govaudit").name("govaudit audit trail").build();


    private final String id;
    private final String name;
    private final List<String> roles;
    private final boolean admin;
    private final String session;

    private Actor(Builder builder) {
        this.id = builder.id;
        this.name = builder.name;
        this.roles = List.copyOf(builder.roles);
        this.admin = builder.admin;
        this.session = builder.session;
    }

    /**
     * Returns an actor with only an id.
     *
     * @param id the unique account id of the person; not blank
     * @return the actor
     * @throws AuditRecordRejectedException if the id is null or blank (member {@code actor.id})
     */
    public static Actor of(String id) {
        return builder(id).build();
    }

    /**
     * Starts an actor with the given account id.
     *
     * @param id the unique account id of the person; not blank
     * @return a builder
     * @throws AuditRecordRejectedException if the id is null or blank (member {@code actor.id})
     */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /**
     * Returns the account id.
     *
     * @return the id, never blank
     */
    public String id() {
        return id;
    }

    /**
     * Returns the display name.
     *
     * @return the name, or null
     */
    public String name() {
        return name;
    }

    /**
     * Returns the roles the actor held when acting.
     *
     * @return an immutable list, possibly empty
     */
    public List<String> roles() {
        return roles;
    }

    /**
     * Tells whether the actor acted with an administrator account (S1).
     *
     * @return true for administrators
     */
    public boolean admin() {
        return admin;
    }

    /**
     * Returns the raw session id given to the builder. Only the trail's encoder reads it, to
     * write its keyed hash; do not log it.
     *
     * @return the raw session id, or null
     */
    public String rawSession() {
        return session;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Actor)) {
            return false;
        }
        Actor that = (Actor) other;
        return admin == that.admin && id.equals(that.id) && Objects.equals(name, that.name)
                && roles.equals(that.roles) && Objects.equals(session, that.session);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, name, roles, admin, session);
    }

    @Override
    public String toString() {
        return "Actor[id=" + id + ", name=" + name + ", roles=" + roles + ", admin=" + admin
                + (session == null ? "" : ", session=<secret>") + "]";
    }

    /**
     * Builds an {@link Actor}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final String id;
        private String name;
        private final List<String> roles = new ArrayList<>();
        private boolean admin;
        private String session;

        private Builder(String id) {
            if (id == null || id.isBlank()) {
                throw new AuditRecordRejectedException("actor.id", "is missing or blank");
            }
            this.id = id;
        }

        /**
         * Sets the display name.
         *
         * @param name the name, or null
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Adds roles.
         *
         * @param roles role names; none null
         * @return this builder
         * @throws AuditRecordRejectedException naming {@code actor.roles} when the array is or
         *         contains null; nothing is added then
         */
        public Builder roles(String... roles) {
            return roles(roles == null ? null : Arrays.asList(roles));
        }

        /**
         * Adds roles.
         *
         * @param roles role names; none null
         * @return this builder
         * @throws AuditRecordRejectedException naming {@code actor.roles} when the collection is
         *         or contains null; nothing is added then
         */
        public Builder roles(Collection<String> roles) {
            this.roles.addAll(Checks.strings("actor.roles", roles));
            return this;
        }

        /**
         * Marks the actor as acting with an administrator account.
         *
         * @param admin true for administrators
         * @return this builder
         */
        public Builder admin(boolean admin) {
            this.admin = admin;
            return this;
        }

        /**
         * Sets the session id; the record holds only its keyed hash.
         *
         * @param session the raw session id, or null
         * @return this builder
         */
        public Builder session(String session) {
            this.session = session;
            return this;
        }

        /**
         * Builds the actor.
         *
         * @return the immutable actor
         */
        public Actor build() {
            return new Actor(this);
        }
    }
}
