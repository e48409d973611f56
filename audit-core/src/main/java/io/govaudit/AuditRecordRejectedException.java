package io.govaudit;

/**
 * An event was refused before anything was written, because a member is missing, malformed or
 * too large. Nothing already recorded is affected. {@link #member()} names the offending member
 * in the record's own vocabulary, for example {@code actor.id}, {@code where.system} or
 * {@code detail.comment}, or {@code event} when {@link AuditTrail#record} was given no event.
 *
 * @since 0.1.0
 */
public final class AuditRecordRejectedException extends AuditException {

    private static final long serialVersionUID = 1L;

    private final String member;

    /**
     * Creates the exception.
     *
     * @param member the record member at fault, e.g. {@code actor.id}
     * @param why    what is wrong with it, including the limit where one applies
     */
    public AuditRecordRejectedException(String member, String why) {
        super("audit event rejected: " + member + " " + why);
        this.member = member;
    }

    /**
     * Returns the record member at fault.
     *
     * @return a dotted member path such as {@code subject.id}
     */
    public String member() {
        return member;
    }
}
