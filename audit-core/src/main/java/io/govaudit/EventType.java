package io.govaudit;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The type of an audit event, written as the record's {@code type} member.
 *
 * <p>The constants cover every event type the county spec and the protection baseline require
 * (docs/format.md section 4, REQUIREMENTS.md S2) and the types the library writes itself.
 * Applications may define their own codes with {@link #of(String)}: upper snake case, 1 to 64
 * characters, starting with a letter. Library types cannot be recorded by applications.
 *
 * <p>Instances are immutable and thread-safe; equal codes give equal types.
 *
 * @since 0.1.0
 */
public final class EventType {

    private static final int MAX_CODE_LENGTH = 64;

    /** An administrator logged in (S2). */
    public static final EventType LOGIN = new EventType("LOGIN");
    /** A login attempt failed (S2). */
    public static final EventType LOGIN_FAILURE = new EventType("LOGIN_FAILURE");
    /** An administrator logged out (S2). */
    public static final EventType LOGOUT = new EventType("LOGOUT");
    /** An administrator changed their own password (S2). */
    public static final EventType PASSWORD_CHANGE = new EventType("PASSWORD_CHANGE");
    /** An administrator reset or changed another user's password (S2). */
    public static final EventType USER_PASSWORD_RESET = new EventType("USER_PASSWORD_RESET");
    /** A user account was locked (S2, lockout after failures included). */
    public static final EventType USER_LOCK = new EventType("USER_LOCK");
    /** A user account was unlocked (S2). */
    public static final EventType USER_UNLOCK = new EventType("USER_UNLOCK");
    /** A user's access rights changed (S2). */
    public static final EventType PERMISSION_CHANGE = new EventType("PERMISSION_CHANGE");
    /** A user account was created (S2). */
    public static final EventType USER_CREATE = new EventType("USER_CREATE");
    /** A user account was deleted (S2). */
    public static final EventType USER_DELETE = new EventType("USER_DELETE");
    /** Important system configuration changed (S2). */
    public static final EventType CONFIG_CHANGE = new EventType("CONFIG_CHANGE");
    /** Personal data or account information was accessed (S2). */
    public static final EventType SENSITIVE_ACCESS = new EventType("SENSITIVE_ACCESS");
    /** Any other function executed by an administrator account (S1, B3). */
    public static final EventType ADMIN_ACTION = new EventType("ADMIN_ACTION");

    /** Library: first record of a new chain. */
    public static final EventType CHAIN_START = new EventType("CHAIN_START");
    /** Library: the trail was opened by a writer. */
    public static final EventType TRAIL_START = new EventType("TRAIL_START");
    /** Library: the trail was closed in an orderly way. */
    public static final EventType TRAIL_STOP = new EventType("TRAIL_STOP");
    /** Library: a torn tail was cut and quarantined when the chain was reopened. */
    public static final EventType RECOVERY = new EventType("RECOVERY");
    /**
     * Library: the chain was continued although its records end before the writer's own head
     * mark: the missing range is stated, and every verification reports it as
     * {@code RECORDS_LOST}. Written only when the operator allowed it
     * ({@link AuditTrail.Builder#acceptLostRecords}).
     */
    public static final EventType RECORDS_LOST = new EventType("RECORDS_LOST");
    /** Library: signed checkpoint. */
    public static final EventType CHECKPOINT = new EventType("CHECKPOINT");
    /** Library: closed segments were purged under the retention or capacity policy. */
    public static final EventType RETENTION_PURGE = new EventType("RETENTION_PURGE");
    /** Library: the store passed its capacity warning threshold. */
    public static final EventType CAPACITY_WARNING = new EventType("CAPACITY_WARNING");
    /** Library: recording stopped because the store is full or failing. */
    public static final EventType RECORDING_STOPPED = new EventType("RECORDING_STOPPED");
    /** Library: recording resumed; carries the count and span of events not recorded. */
    public static final EventType RECORDING_RESUMED = new EventType("RECORDING_RESUMED");
    /** Library: the checkpoint signing key was rotated. */
    public static final EventType KEY_ROTATION = new EventType("KEY_ROTATION");
    /** Library: the clock jumped backwards or drifted too far. */
    public static final EventType CLOCK_ANOMALY = new EventType("CLOCK_ANOMALY");
    /**
     * Library: a periodic clock check against SNTP servers found the clock within bounds
     * ({@link AuditTrail.Builder#clockCheck}); carries the offset, the server and the delay.
     */
    public static final EventType CLOCK_CHECK = new EventType("CLOCK_CHECK");
    /**
     * Someone read, verified or exported the audit log (S9). Not written by the trail itself:
     * applications and {@code audit-cli verify --record-read} record it.
     */
    public static final EventType AUDIT_LOG_READ = new EventType("AUDIT_LOG_READ");
    /**
     * Someone was refused a function or a resource they asked for (an HTTP 403, a denied method
     * call): the attempted operation in {@code where.op}, outcome {@code FAILURE}. Not written by
     * the trail itself: applications and the Spring integration record it.
     */
    public static final EventType ACCESS_DENIED = new EventType("ACCESS_DENIED");

    private static final Map<String, EventType> KNOWN = Map.ofEntries(
            entry(LOGIN), entry(LOGIN_FAILURE), entry(LOGOUT), entry(PASSWORD_CHANGE),
            entry(USER_PASSWORD_RESET), entry(USER_LOCK), entry(USER_UNLOCK),
            entry(PERMISSION_CHANGE), entry(USER_CREATE), entry(USER_DELETE),
            entry(CONFIG_CHANGE), entry(SENSITIVE_ACCESS), entry(ADMIN_ACTION),
            entry(CHAIN_START), entry(TRAIL_START), entry(TRAIL_STOP), entry(RECOVERY), entry(RECORDS_LOST),
            entry(CHECKPOINT), entry(RETENTION_PURGE), entry(CAPACITY_WARNING),
            entry(RECORDING_STOPPED), entry(RECORDING_RESUMED), entry(KEY_ROTATION),
            entry(CLOCK_ANOMALY), entry(AUDIT_LOG_READ), entry(ACCESS_DENIED), entry(CLOCK_CHECK));

    private static final Set<EventType> REQUIRED = Set.of(
            LOGIN, LOGIN_FAILURE, LOGOUT, PASSWORD_CHANGE, USER_PASSWORD_RESET, USER_LOCK,
            USER_UNLOCK, PERMISSION_CHANGE, USER_CREATE, USER_DELETE, CONFIG_CHANGE,
            SENSITIVE_ACCESS, ADMIN_ACTION);

    private final String code;

    private EventType(String code) {
        this.code = code;
    }

    private static Map.Entry<String, EventType> entry(EventType type) {
        return Map.entry(type.code, type);
    }

    /**
     * Returns the type with the given code: a constant of this class if the code is known,
     * otherwise an application-defined type.
     *
     * @param code upper snake case, 1 to 64 characters, starting with a letter
     * @return the event type
     * @throws AuditRecordRejectedException if the code is null or malformed (member {@code type})
     */
    public static EventType of(String code) {
        if (code == null) {
            throw new AuditRecordRejectedException("type", "is missing");
        }
        EventType known = KNOWN.get(code);
        if (known != null) {
            return known;
        }
        if (!isUpperSnake(code)) {
            throw new AuditRecordRejectedException("type",
                    "must be upper snake case of 1 to 64 characters starting with a letter, was '"
                            + abbreviate(code) + "'");
        }
        return new EventType(code);
    }

    /**
     * Returns the event types the county spec requires every system to record (S2). Recording
     * them cannot be switched off (B2).
     *
     * @return an immutable set of thirteen types
     */
    public static Set<EventType> required() {
        return REQUIRED;
    }

    /**
     * Returns the code written to the record's {@code type} member.
     *
     * @return the code, e.g. {@code LOGIN}
     */
    public String code() {
        return code;
    }

    /**
     * Tells whether only the library itself writes this type ({@code CHAIN_START},
     * {@code RECOVERY}, {@code RETENTION_PURGE} …).
     *
     * @return true for library types
     */
    public boolean isLibraryType() {
        return KNOWN.containsKey(code) && !REQUIRED.contains(this)
                && !code.equals(AUDIT_LOG_READ.code) && !code.equals(ACCESS_DENIED.code);
    }

    /**
     * Tells whether a code is upper snake case: {@code [A-Z][A-Z0-9_]{0,63}}. A character loop
     * rather than a regular expression, because {@link Subject} checks its kind on every event
     * (benchmarks/README.md).
     */
    static boolean isUpperSnake(String code) {
        int length = code.length();
        if (length < 1 || length > MAX_CODE_LENGTH || !isUpper(code.charAt(0))) {
            return false;
        }
        for (int i = 1; i < length; i++) {
            char c = code.charAt(i);
            if (!isUpper(c) && !isDigit(c) && c != '_') {
                return false;
            }
        }
        return true;
    }

    static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EventType && ((EventType) other).code.equals(code);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(code);
    }

    @Override
    public String toString() {
        return code;
    }
}
