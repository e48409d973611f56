package io.govaudit.verify;

import io.govaudit.AuditException;

/**
 * The verifier found nothing to give a verdict about: the store holds no chain, or the path given
 * is not a store directory (a chain directory, or a directory of several stores). A verifier never
 * reports "intact" about nothing; the message says what it expected to find.
 *
 * @since 0.1.0
 */
public final class NothingToVerifyException extends AuditException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was found and what was expected
     */
    public NothingToVerifyException(String message) {
        super(message);
    }
}
