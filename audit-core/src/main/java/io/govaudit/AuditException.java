package io.govaudit;

/**
 * Root of every exception govaudit throws for a condition of the trail rather than a programming
 * error. Integrations switch on the subclass, never on the message text.
 *
 * @since 0.1.0
 */
public class AuditException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message that says what happened and what to do.
     *
     * @param message the message
     */
    public AuditException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the failure behind it.
     *
     * @param message the message
     * @param cause   the underlying failure
     */
    public AuditException(String message, Throwable cause) {
        super(message, cause);
    }
}
