package io.govaudit;

import io.govaudit.internal.format.Secrets;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One audited event, before the trail gives it a place in the chain.
 *
 * <p>Start from the factory for the event type, which asks for exactly the members that type
 * needs, add where it happened and any detail, then pass it to {@link AuditTrail#record}:
 *
 * <pre>{@code
 * trail.record(AuditEvent.login(admin).where(Location.defaults().withIp("10.1.2.3")).build());
 * trail.record(AuditEvent.configChange(admin, "session.timeout", "15m", "30m").build());
 * trail.record(AuditEvent.sensitiveAccess(admin, "CITIZEN", "R-77",
 *         List.of("name", "address"), "case review 2026-118").build());
 * }</pre>
 *
 * <p>There is deliberately no member for passwords or tokens, and secrets are masked under two
 * rules (docs/operations.md, "Secrets", has the table of examples):
 *
 * <p><b>By name.</b> Detail entries whose key looks secret are replaced by {@value #MASKED} when
 * they are added, so the secret never reaches the event, and so are both values of a
 * {@link #configChange configChange} whose configuration key looks secret. A key is split into
 * words at every character that is not a letter or digit ({@code . _ -} …), at lower-to-upper
 * case changes and at letter-to-digit changes ({@code db.password}, {@code DB_PASSWORD},
 * {@code privateKey}, {@code APIKey}, {@code oauth2Token}). It looks secret when a word, compared
 * ignoring case,
 * <ul>
 * <li>is {@code key}, {@code keys}, {@code pass}, {@code pin}, {@code otp}, {@code totp},
 *     {@code hotp}, {@code auth} or {@code bearer} ({@code api_key}, {@code smtp.pass},
 *     {@code user.pin}, {@code basic-auth}), or</li>
 * <li>ends with {@code password}, {@code passwd}, {@code pwd}, {@code passphrase},
 *     {@code passcode}, {@code secret}, {@code token}, {@code credential}, {@code apikey},
 *     {@code privatekey}, {@code secretkey}, {@code accesskey}, {@code authorization},
 *     {@code cookie} or {@code sessionid} (each also plural where that makes sense:
 *     {@code dbpassword}, {@code clientSecret}, {@code set-cookie}, {@code JSESSIONID}), or</li>
 * <li>is {@code id} right after the word {@code session} ({@code session_id}, {@code sessionId}).</li>
 * </ul>
 * Words are matched whole, never as substrings: {@code monkey}, {@code keyboard.layout},
 * {@code hotkey}, {@code tokenizer}, {@code secretary}, {@code compass}, {@code bypass_count},
 * {@code spinner}, {@code opinion}, {@code passport_no}, {@code oauth_provider} and
 * {@code session.timeout} are kept, while {@code password.policy}, {@code pin_code_length} and
 * {@code auth.method} are masked (the rule errs towards masking; name such members
 * {@code code_length} or {@code login_method}). One name is exempt: the detail member named
 * exactly {@value #NAME_MEMBER}, which in {@code CONFIG_CHANGE} and {@code CHECKPOINT} records
 * holds the <em>name</em> or id of a key, never key material.
 *
 * <p><b>By shape.</b> When the event is recorded, every string the application supplied (detail
 * values, reason, configuration values, actor, subject and location members) is searched for
 * secret-shaped text, and each secret is replaced by {@value #MASKED}: the value of a
 * {@code name=value} parameter or {@code Name: value} header whose name looks secret
 * ({@code jdbc:…?user=app&password=<masked>}, {@code Password=<masked>;}); the password in a URL
 * ({@code https://user:<masked>@host/}); the credential after {@code Bearer} or {@code Basic};
 * a JWT; a PEM block ({@code -----BEGIN …} to {@code -----END …-----}). So {@link #detail()} still
 * holds such text; the record never does.
 *
 * <p>What neither rule can see is a secret in free text without a recognisable name or shape
 * (a reason of {@code "user typed hunter2"}): never pass one.
 *
 * <p>Arguments: every factory and builder method checks its arguments and rejects a missing
 * (null) or malformed one with an {@link AuditRecordRejectedException} whose
 * {@link AuditRecordRejectedException#member() member()} names the record member at fault
 * ({@code actor.id}, {@code detail.granted}, {@code where.ip} …), never with a
 * {@code NullPointerException}, so integrations can switch on the type (STYLE.md S16). Arguments
 * documented as "or null" are optional. String lengths and the record size are checked when the
 * event is recorded ({@link AuditTrail#record}).
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class AuditEvent {

    /** The value written in place of a secret. */
    public static final String MASKED = "<masked>";

    private static final int MAX_DETAIL_KEY_LENGTH = 64;
    /** The detail member holding the name or id of a key; exempt from masking. */
    private static final String NAME_MEMBER = "key";

    private final EventType type;
    private final Outcome outcome;
    private final Actor actor;
    private final Subject subject;
    private final Location where;
    private final Map<String, Object> detail;
    private final String reason;

    private AuditEvent(Builder builder) {
        this.type = builder.type;
        this.outcome = builder.outcome;
        this.actor = builder.actor;
        this.subject = builder.subject;
        this.where = builder.where;
        this.detail = builder.handOverDetail();
        this.reason = builder.reason;
    }

    // ---- typed factories, one per required event type (docs/format.md section 4) ----

    /**
     * An administrator logged in.
     *
     * @param actor who logged in
     * @return a builder for a {@code LOGIN} event
     * @throws AuditRecordRejectedException naming {@code actor.id} when the actor is null
     */
    public static Builder login(Actor actor) {
        return of(EventType.LOGIN, actor);
    }

    /**
     * A login attempt failed.
     *
     * @param actor  the account that tried to log in
     * @param reason why it failed, e.g. {@code bad credentials}; never the password tried; or null
     * @return a builder for a {@code LOGIN_FAILURE} event with outcome {@code FAILURE}
     * @throws AuditRecordRejectedException naming {@code actor.id} when the actor is null
     */
    public static Builder loginFailure(Actor actor, String reason) {
        return of(EventType.LOGIN_FAILURE, actor).failure(reason);
    }

    /**
     * An administrator logged out.
     *
     * @param actor who logged out
     * @return a builder for a {@code LOGOUT} event
     * @throws AuditRecordRejectedException naming {@code actor.id} when the actor is null
     */
    public static Builder logout(Actor actor) {
        return of(EventType.LOGOUT, actor);
    }

    /**
     * An administrator changed their own password. Neither password is recorded.
     *
     * @param actor who changed their password
     * @return a builder for a {@code PASSWORD_CHANGE} event
     * @throws AuditRecordRejectedException naming {@code actor.id} when the actor is null
     */
    public static Builder passwordChange(Actor actor) {
        return of(EventType.PASSWORD_CHANGE, actor).subject(Subject.user(actor.id()));
    }

    /**
     * An administrator reset or changed another user's password. No password is recorded.
     *
     * @param actor  the administrator
     * @param userId the account whose password was reset
     * @return a builder for a {@code USER_PASSWORD_RESET} event
     * @throws AuditRecordRejectedException naming {@code actor.id} when the actor is null, or
     *         {@code subject.id} when the user id is null or blank
     */
    public static Builder userPasswordReset(Actor actor, String userId) {
        return of(EventType.USER_PASSWORD_RESET, actor).subject(Subject.user(userId));
    }

    /**
     * A user account was locked, by an administrator or by the lockout rule.
     *
     * @param actor  the administrator, or the system account applying the lockout rule
     * @param userId the account locked
     * @return a builder for a {@code USER_LOCK} event
     * @throws AuditRecordRejectedException naming {@code actor.id} when the actor is null, or
     *         {@code subject.id} when the user id is null or blank
     */
    public static Builder userLock(Actor actor, String userId) {
        return of(EventType.USER_LOCK, actor).subject(Subject.user(userId));
    }

    /**
     * A user account was unlocked.
     *
     * @param actor  the administrator
     * @param userId the account unlocked
     * @return a builder for a {@code USER_UNLOCK} event
     * @throws AuditRecordRejectedException naming {@code actor.id} when the actor is null, or
     *         {@code subject.id} when the user id is null or blank
     */
    public static Builder userUnlock(Actor actor, String userId) {
        return of(EventType.USER_UNLOCK, actor).subject(Subject.user(userId));
    }

    /**
     * A user's access rights changed.
     *
     * @param actor   the administrator
     * @param userId  the account whose rights changed
     * @param granted rights or roles granted, possibly empty
     * @param revoked rights or roles revoked, possibly empty
     * @return a builder for a {@code PERMISSION_CHANGE} event with detail {@code granted} and
     *         {@code revoked}
     * @throws AuditRecordRejectedException naming {@code actor.id}, {@code subject.id},
     *         {@code detail.granted} or {@code detail.revoked} when it is null (a collection that
     *         is or contains null) or blank (the user id)
     */
    public static Builder permissionChange(Actor actor, String userId,
            Collection<String> granted, Collection<String> revoked) {
        return of(EventType.PERMISSION_CHANGE, actor).subject(Subject.user(userId))
                .detail("granted", Checks.strings("detail.granted", granted))
                .detail("revoked", Checks.strings("detail.revoked", revoked));
    }

    /**
     * A user account was created.
     *
     * @param actor  the administrator
     * @param userId the new account
     * @return a builder for a {@code USER_CREATE} event
     * @throws AuditRecordRejectedException naming {@code actor.id} when the actor is null, or
     *         {@code subject.id} when the user id is null or blank
     */
    public static Builder userCreate(Actor actor, String userId) {
        return of(EventType.USER_CREATE, actor).subject(Subject.user(userId));
    }

    /**
     * A user account was deleted.
     *
     * @param actor  the administrator
     * @param userId the deleted account
     * @return a builder for a {@code USER_DELETE} event
     * @throws AuditRecordRejectedException naming {@code actor.id} when the actor is null, or
     *         {@code subject.id} when the user id is null or blank
     */
    public static Builder userDelete(Actor actor, String userId) {
        return of(EventType.USER_DELETE, actor).subject(Subject.user(userId));
    }

    /**
     * Important system configuration changed. When the configuration key looks secret (see the
     * rule in the class description: {@code db.password}, {@code api_key}, {@code clientSecret} …)
     * both values are written as {@value #MASKED}; the key itself is kept.
     *
     * @param actor    the administrator
     * @param key      the configuration key
     * @param oldValue the value before, or null if it was unset
     * @param newValue the value after, or null if it was removed
     * @return a builder for a {@code CONFIG_CHANGE} event with detail {@code key}, {@code old},
     *         {@code new}
     * @throws AuditRecordRejectedException naming {@code detail.key} when the key is null or
     *         blank, or {@code actor.id} when the actor is null
     */
    public static Builder configChange(Actor actor, String key, String oldValue, String newValue) {
        if (key == null || key.isBlank()) {
            throw new AuditRecordRejectedException("detail.key", "is missing or blank");
        }
        boolean secret = looksSecret(key);
        Builder builder = of(EventType.CONFIG_CHANGE, actor).subject(Subject.of(Subject.CONFIG, key))
                .putDetail("key", key);
        if (oldValue != null) {
            builder.putDetail("old", secret ? MASKED : oldValue);
        }
        if (newValue != null) {
            builder.putDetail("new", secret ? MASKED : newValue);
        }
        return builder;
    }

    /**
     * Personal data or account information was accessed (S2).
     *
     * @param actor      who accessed it
     * @param recordKind upper snake case kind of record, e.g. {@code CITIZEN}
     * @param recordId   which record
     * @param fields     which fields were shown or exported
     * @param purpose    why, e.g. a case number, or null
     * @return a builder for a {@code SENSITIVE_ACCESS} event with detail {@code fields} and
     *         {@code purpose}
     * @throws AuditRecordRejectedException naming {@code actor.id}, {@code subject.kind},
     *         {@code subject.id} or {@code detail.fields} when it is null (fields: or contains
     *         null) or malformed
     */
    public static Builder sensitiveAccess(Actor actor, String recordKind, String recordId,
            Collection<String> fields, String purpose) {
        Builder builder = of(EventType.SENSITIVE_ACCESS, actor).subject(Subject.of(recordKind, recordId))
                .detail("fields", Checks.strings("detail.fields", fields));
        if (purpose != null) {
            builder.detail("purpose", purpose);
        }
        return builder;
    }

    /**
     * Someone read, verified or exported the audit log itself (S9: reads of the log are audited).
     *
     * @param actor  who read it
     * @param log    which log: a store directory or database, never credentials
     * @param action what was done, e.g. {@code verify}, {@code export}, {@code view}
     * @return a builder for an {@code AUDIT_LOG_READ} event with subject {@code AUDIT_LOG}/{@code log}
     *         and detail {@code action}
     * @throws AuditRecordRejectedException naming {@code actor.id}, {@code subject.id} or
     *         {@code detail.action} when it is null (or the log blank)
     */
    public static Builder auditLogRead(Actor actor, String log, String action) {
        return of(EventType.AUDIT_LOG_READ, actor).subject(Subject.of("AUDIT_LOG", log)).detail("action", action);
    }

    /**
     * Someone was refused an operation: an HTTP 403 or a denied method call. Recorded whoever
     * asked, administrator or not: a refused attempt is what a reviewer looks for.
     *
     * @param actor who asked (an anonymous caller is an actor too, e.g. {@code anonymousUser})
     * @param op    the attempted operation, e.g. {@code POST /api/settings/{key}}
     * @return a builder for an {@code ACCESS_DENIED} event with {@code where.op} set and outcome
     *         {@code FAILURE}
     * @throws AuditRecordRejectedException naming {@code where.op} when the operation is null or
     *         blank, or {@code actor.id} when the actor is null
     * @since 0.1.0
     */
    public static Builder accessDenied(Actor actor, String op) {
        if (op == null || op.isBlank()) {
            throw new AuditRecordRejectedException("where.op", "is missing or blank");
        }
        return of(EventType.ACCESS_DENIED, actor).where(Location.defaults().withOp(op)).outcome(Outcome.FAILURE);
    }

    /**
     * Any other function executed by an administrator account (S1). The operation is kept when a
     * location without an operation is set later with {@link Builder#where}; a location naming a
     * different operation is rejected (see there).
     *
     * @param actor the administrator
     * @param op    the function, e.g. {@code POST /admin/reports/export}
     * @return a builder for an {@code ADMIN_ACTION} event with {@code where.op} set
     * @throws AuditRecordRejectedException naming {@code where.op} when the operation is null or
     *         blank, or {@code actor.id} when the actor is null
     */
    public static Builder adminAction(Actor actor, String op) {
        if (op == null || op.isBlank()) {
            throw new AuditRecordRejectedException("where.op", "is missing or blank");
        }
        return of(EventType.ADMIN_ACTION, actor).where(Location.defaults().withOp(op));
    }

    /**
     * An event of any type, including application-defined ones.
     *
     * @param type  the event type
     * @param actor who did it
     * @return a builder with outcome {@code SUCCESS}
     * @throws AuditRecordRejectedException naming {@code type} or {@code actor.id} when missing,
     *         or {@code type} when it is one of the library's own types ({@code CHAIN_START},
     *         {@code CHECKPOINT} …): only the trail writes those
     */
    public static Builder of(EventType type, Actor actor) {
        if (type != null && type.isLibraryType()) {
            throw new AuditRecordRejectedException("type", "'" + type + "' is written only by the library itself");
        }
        return new Builder(type, actor);
    }

    static {
        io.govaudit.internal.trail.LibraryEvents.install(new io.govaudit.internal.trail.LibraryEvents.Access() {
            @Override
            public Builder event(EventType type) {
                return new Builder(type, Actor.LIBRARY);
            }

            @Override
            public Builder detail(Builder builder, String key, Object value) {
                return builder.libraryDetail(key, value);
            }
        });
    }

    /**
     * Tells whether a detail or configuration key looks secret, by the rule in the class
     * description (the {@value #NAME_MEMBER} exemption is applied by the caller).
     */
    static boolean looksSecret(String key) {
        return Secrets.isSecretName(key);
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return EventType.isUpper(c) || EventType.isLower(c) || EventType.isDigit(c);
    }

    /** Tells whether a detail key is {@code [A-Za-z][A-Za-z0-9_.-]{0,63}}. */
    static boolean isDetailKey(String key) {
        int length = key.length();
        if (length < 1 || length > MAX_DETAIL_KEY_LENGTH
                || !EventType.isUpper(key.charAt(0)) && !EventType.isLower(key.charAt(0))) {
            return false;
        }
        for (int i = 1; i < length; i++) {
            char c = key.charAt(i);
            if (!isAsciiLetterOrDigit(c) && c != '_' && c != '.' && c != '-') {
                return false;
            }
        }
        return true;
    }

    // ---- accessors ----

    /** @return the event type */
    public EventType type() {
        return type;
    }

    /** @return the outcome */
    public Outcome outcome() {
        return outcome;
    }

    /** @return who did it */
    public Actor actor() {
        return actor;
    }

    /** @return what or whom it was done to, or null */
    public Subject subject() {
        return subject;
    }

    /** @return where it happened; members left null take the trail's defaults */
    public Location where() {
        return where;
    }

    /**
     * @return the detail members in insertion order, values under secret-looking keys already
     *         masked (secret-shaped text is masked when the event is recorded); immutable
     */
    public Map<String, Object> detail() {
        return detail;
    }

    /** @return the reason for a failure, or null */
    public String reason() {
        return reason;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof AuditEvent)) {
            return false;
        }
        AuditEvent that = (AuditEvent) other;
        return type.equals(that.type) && outcome == that.outcome && actor.equals(that.actor)
                && Objects.equals(subject, that.subject) && where.equals(that.where)
                && detail.equals(that.detail) && Objects.equals(reason, that.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, outcome, actor, subject, where, detail, reason);
    }

    @Override
    public String toString() {
        return "AuditEvent[type=" + type + ", outcome=" + outcome + ", actor=" + actor
                + ", subject=" + subject + ", where=" + where + ", detail=" + detail
                + ", reason=" + reason + "]";
    }

    /**
     * Builds an {@link AuditEvent}. Every setter checks its argument and names the member at
     * fault. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final EventType type;
        private final Actor actor;
        private Outcome outcome = Outcome.SUCCESS;
        private Subject subject;
        private Location where = Location.defaults();
        /**
         * The members so far. {@link #build} hands this map to the event instead of copying it
         * (one copy per event was 15 % of the bytes allocated per recorded event, issue 17);
         * {@code shared} then makes the next change copy it first, so an event never sees a
         * later change to its builder.
         */
        private Map<String, Object> detail = new LinkedHashMap<>();
        private boolean shared;
        private String reason;

        private Builder(EventType type, Actor actor) {
            if (type == null) {
                throw new AuditRecordRejectedException("type", "is missing");
            }
            if (actor == null) {
                throw new AuditRecordRejectedException("actor.id", "is missing (no actor given)");
            }
            this.type = type;
            this.actor = actor;
        }

        /**
         * Sets the outcome.
         *
         * @param outcome success or failure
         * @return this builder
         * @throws AuditRecordRejectedException naming {@code outcome} when it is null
         */
        public Builder outcome(Outcome outcome) {
            this.outcome = Checks.present("outcome", outcome);
            return this;
        }

        /**
         * Marks the event as failed and says why.
         *
         * @param reason why it failed, or null; never a secret
         * @return this builder
         */
        public Builder failure(String reason) {
            this.outcome = Outcome.FAILURE;
            this.reason = reason;
            return this;
        }

        /**
         * Sets the reason.
         *
         * @param reason free text, bounded, or null
         * @return this builder
         */
        public Builder reason(String reason) {
            this.reason = reason;
            return this;
        }

        /**
         * Sets what or whom the event concerns.
         *
         * @param subject the subject, or null
         * @return this builder
         */
        public Builder subject(Subject subject) {
            this.subject = subject;
            return this;
        }

        /**
         * Sets where the event happened, replacing any location set before. Members left null
         * take the trail's defaults.
         *
         * <p>The operation: once {@code where.op} is set (by {@link AuditEvent#adminAction} or an
         * earlier call of this method), a location without an operation keeps it, and a location
         * with the same operation is accepted; a location naming a <em>different</em> operation
         * is rejected, because one of the two would otherwise be dropped silently and the record
         * would say the wrong function ran.
         *
         * <pre>{@code
         * AuditEvent.adminAction(admin, "POST /admin/export").where(desk)               // desk has no op: kept
         * AuditEvent.adminAction(admin, "POST /admin/export").where(desk.withOp("GET /")) // rejected
         * }</pre>
         *
         * @param where the location
         * @return this builder
         * @throws AuditRecordRejectedException naming {@code where} when it is null, or
         *         {@code where.op} when it names an operation other than the one already set
         */
        public Builder where(Location where) {
            Checks.present("where", where);
            String op = this.where.op();
            if (op != null && where.op() != null && !op.equals(where.op())) {
                throw new AuditRecordRejectedException("where.op", "was already set to " + Checks.quote(op)
                        + " (by the factory or an earlier where); the location names " + Checks.quote(where.op())
                        + "; set one operation");
            }
            this.where = where.op() != null || op == null ? where : where.withOp(op);
            return this;
        }

        /**
         * Adds a detail member. Values may be strings, integral or decimal numbers, booleans, or
         * lists of those. A key that looks secret (see the class description) has its value
         * replaced by {@value #MASKED}; the key {@value #NAME_MEMBER} alone is exempt. A subclass
         * of {@code BigInteger} or {@code BigDecimal} is kept as a plain one holding the number its
         * {@code toString} gives now.
         *
         * @param key   1 to 64 characters of {@code A-Z a-z 0-9 _ . -}, starting with a letter
         * @param value the value; not null
         * @return this builder
         * @throws AuditRecordRejectedException naming {@code detail.<key>} if the key or value is
         *         not allowed
         */
        public Builder detail(String key, Object value) {
            if (key == null || !isDetailKey(key)) {
                throw new AuditRecordRejectedException("detail",
                        "key must be 1 to 64 characters of A-Z a-z 0-9 _ . - starting with a letter, was "
                                + (key == null ? "null" : "'" + EventType.abbreviate(key) + "'"));
            }
            if (!NAME_MEMBER.equals(key) && looksSecret(key)) {
                return putDetail(key, MASKED);
            }
            return putDetail(key, checkValue(key, value));
        }

        /**
         * Adds a detail member without the secret-name masking, for the library's own records
         * whose member names contain "key" but hold public values (key ids, public keys).
         */
        Builder libraryDetail(String key, Object value) {
            return putDetail(key, checkValue(key, value));
        }

        private Builder putDetail(String key, Object value) {
            if (detail.containsKey(key)) {
                throw new AuditRecordRejectedException("detail." + key, "is already set");
            }
            if (shared) {
                detail = new LinkedHashMap<>(detail);
                shared = false;
            }
            detail.put(key, value);
            return this;
        }

        /** The members for a new event, read-only; the builder copies before its next change. */
        private Map<String, Object> handOverDetail() {
            if (detail.isEmpty()) {
                return Collections.emptyMap();
            }
            shared = true;
            return Collections.unmodifiableMap(detail);
        }

        /** Checks a detail value; {@code key} names it in an error as {@code detail.<key>}. */
        private static Object checkValue(String key, Object value) {
            if (value instanceof List<?>) {
                List<Object> copy = new ArrayList<>();
                for (Object element : (List<?>) value) {
                    if (element instanceof List<?>) {
                        throw new AuditRecordRejectedException("detail." + key, "must not nest lists");
                    }
                    copy.add(checkValue(key, element));
                }
                return Collections.unmodifiableList(copy);
            }
            if (value == null) {
                throw new AuditRecordRejectedException("detail." + key, "is null; omit the member instead");
            }
            if (value instanceof Double || value instanceof Float) {
                double d = ((Number) value).doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw new AuditRecordRejectedException("detail." + key, "is " + d + ", which JSON cannot hold");
                }
                return value;
            }
            if (value instanceof String || value instanceof Boolean || value instanceof Long
                    || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                return value;
            }
            if (value instanceof BigInteger || value instanceof BigDecimal) {
                return plainNumber(key, (Number) value);
            }
            throw new AuditRecordRejectedException("detail." + key, "has unsupported type "
                    + value.getClass().getName() + "; use a string, number, boolean or list of those");
        }

        /**
         * A {@code BigInteger} or {@code BigDecimal} as an instance of the JDK's own class. Both
         * classes can be extended and a subclass can override {@code toString}, so the value the
         * subclass shows now is copied: no application code runs while the record is encoded,
         * where it could show another value than the one built, or record on the encoding thread.
         */
        private static Number plainNumber(String key, Number value) {
            if (value.getClass() == BigDecimal.class || value.getClass() == BigInteger.class) {
                return value;
            }
            String text = String.valueOf(value);
            try {
                return value instanceof BigDecimal ? new BigDecimal(text) : new BigInteger(text);
            } catch (NumberFormatException e) {
                throw new AuditRecordRejectedException("detail." + key, "is a " + value.getClass().getName()
                        + " whose text is not a number");
            }
        }

        /**
         * Builds the event.
         *
         * @return the immutable event
         */
        public AuditEvent build() {
            return new AuditEvent(this);
        }
    }
}
