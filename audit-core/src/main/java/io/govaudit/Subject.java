package io.govaudit;

/**
 * What or whom the operation was done to: the record's {@code subject} member, for example
 * {@code Subject.user("u-1001")} or {@code Subject.of("CITIZEN_RECORD", "R-77")}.
 *
 * @param kind upper snake case category such as {@code USER}, {@code CONFIG}, {@code DATA}
 * @param id   identifier of the subject; not blank
 * @param name optional display name, or null
 * @since 0.1.0
 */
public record Subject(String kind, String id, String name) {

    /** Kind of a user account. */
    public static final String USER = "USER";
    /** Kind of a configuration key. */
    public static final String CONFIG = "CONFIG";

    /**
     * Validates the members.
     *
     * @throws AuditRecordRejectedException naming {@code subject.kind} or {@code subject.id}
     */
    public Subject {
        if (kind == null || !EventType.isUpperSnake(kind)) {
            throw new AuditRecordRejectedException("subject.kind",
                    "must be upper snake case of 1 to 64 characters, was "
                            + (kind == null ? "missing" : "'" + EventType.abbreviate(kind) + "'"));
        }
        if (id == null || id.isBlank()) {
            throw new AuditRecordRejectedException("subject.id", "is missing or blank");
        }
    }

    /**
     * Returns a subject of the given kind without a display name.
     *
     * @param kind upper snake case kind
     * @param id   identifier
     * @return the subject
     * @throws AuditRecordRejectedException naming {@code subject.kind} or {@code subject.id} when
     *         missing or malformed
     */
    public static Subject of(String kind, String id) {
        return new Subject(kind, id, null);
    }

    /**
     * Returns a user-account subject.
     *
     * @param userId the account id of the user acted upon
     * @return the subject
     * @throws AuditRecordRejectedException naming {@code subject.id} when the id is null or blank
     */
    public static Subject user(String userId) {
        return new Subject(USER, userId, null);
    }
}
