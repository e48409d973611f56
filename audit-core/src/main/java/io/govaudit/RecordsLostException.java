package io.govaudit;

/**
 * A trail refused to open because its chain's records end before the head its writer last knew
 * durable: records were deleted from the end, or the store was restored from an older copy.
 * Nothing was written. An operator decides: find the missing records, or continue once with
 * {@link AuditTrail.Builder#acceptLostRecords(boolean)}, which records the loss.
 *
 * @since 0.1.0
 */
public final class RecordsLostException extends AuditException {

    private static final long serialVersionUID = 1L;

    private final String chainId;
    private final long foundSeq;
    private final long knownSeq;

    /**
     * Creates the exception.
     *
     * @param chainId  the chain
     * @param foundSeq the seq of the last record found, 0 if none
     * @param knownSeq the seq the writer last knew durable
     * @param message  what was found, and what to do
     */
    public RecordsLostException(String chainId, long foundSeq, long knownSeq, String message) {
        super(message);
        this.chainId = chainId;
        this.foundSeq = foundSeq;
        this.knownSeq = knownSeq;
    }

    /** @return the chain whose records are missing */
    public String chainId() {
        return chainId;
    }

    /** @return the seq of the last record found in the store, 0 if it holds none */
    public long foundSeq() {
        return foundSeq;
    }

    /** @return the seq the writer last knew durable: records after {@link #foundSeq()} up to it are missing */
    public long knownSeq() {
        return knownSeq;
    }
}
