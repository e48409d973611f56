package io.govaudit.query;

import io.govaudit.AuditException;

/**
 * A query, a cursor or a filter value was refused: {@link #field()} names which, the message
 * says why. Nothing was read.
 *
 * @since 0.1.0
 */
public final class InvalidQueryException extends AuditException {

    private static final long serialVersionUID = 1L;

    /** The field that was refused. */
    private final String field;

    /**
     * Creates the exception.
     *
     * @param field the query field, e.g. {@code actor} or {@code cursor}
     * @param why   what is wrong with it
     */
    public InvalidQueryException(String field, String why) {
        super(field + ": " + why);
        this.field = field;
    }

    /**
     * Returns the field that was refused.
     *
     * @return the field name, e.g. {@code limit}
     */
    public String field() {
        return field;
    }
}
