package io.govaudit.query;

import io.govaudit.AuditException;

/**
 * A record the reader was about to hand back does not match its own hash or its place in the
 * chain (changed, re-ordered, or a part of the store that is not a record line): the reader
 * stops rather than return it. Verify the store ({@code audit-cli verify}) for the full picture.
 *
 * @since 0.1.0
 */
public final class RecordIntegrityException extends AuditException {

    private static final long serialVersionUID = 1L;

    /** The chain the broken record is in. */
    private final String chain;

    /** The seq of the broken record, or of the record before it when its own is unreadable. */
    private final long seq;

    /**
     * Creates the exception.
     *
     * @param chain   the chain
     * @param seq     the seq at which the problem was found
     * @param message what is wrong, and where (a segment file or a table), never record content
     */
    public RecordIntegrityException(String chain, long seq, String message) {
        super(message);
        this.chain = chain;
        this.seq = seq;
    }

    /**
     * Returns the chain of the broken record.
     *
     * @return the chain id
     */
    public String chain() {
        return chain;
    }

    /**
     * Returns the seq at which the problem was found.
     *
     * @return the seq
     */
    public long seq() {
        return seq;
    }
}
