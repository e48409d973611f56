package io.govaudit;

/**
 * Whether the audited operation succeeded.
 *
 * @since 0.1.0
 */
public enum Outcome {
    /** The operation was carried out. */
    SUCCESS,
    /** The operation was attempted and refused or failed; the record's {@code reason} says why. */
    FAILURE
}
