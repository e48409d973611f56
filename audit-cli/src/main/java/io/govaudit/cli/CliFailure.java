package io.govaudit.cli;

/**
 * An expected failure of a command (a missing directory, a bad option value found late): its
 * message is printed as the one error line, and the exit status is 2. Not a public API.
 */
final class CliFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CliFailure(String message) {
        super(message);
    }

    CliFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
