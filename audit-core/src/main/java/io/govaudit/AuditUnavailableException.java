package io.govaudit;

/**
 * The trail cannot record right now: it is closed, or its store failed. The application should
 * refuse the audited operation rather than carry it out unaudited.
 *
 * @since 0.1.0
 */
public final class AuditUnavailableException extends AuditException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do
     * @param cause   the underlying failure, or {@code null}
     */
    public AuditUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
