package io.govaudit.query;

import java.time.Instant;

/**
 * One record as stored: the line exactly as the writer wrote it (which any verifier can check
 * again), and the members a query filters on, read from it.
 *
 * @param chain       the chain
 * @param seq         the record's seq in its chain
 * @param ts          when it was written
 * @param type        the event type code, e.g. {@code LOGIN}
 * @param outcome     {@code SUCCESS} or {@code FAILURE}
 * @param actorId     {@code actor.id}, or null for a library record without an actor
 * @param subjectKind {@code subject.kind}, or null
 * @param subjectId   {@code subject.id}, or null
 * @param ip          {@code where.ip}, or null
 * @param line        the stored line, without its line feed
 * @since 0.1.0
 */
public record StoredRecord(String chain, long seq, Instant ts, String type, String outcome, String actorId,
        String subjectKind, String subjectId, String ip, String line) {

    /**
     * Returns the cursor that continues after this record.
     *
     * @return the cursor
     */
    public Cursor cursor() {
        return new Cursor(chain, seq, ts);
    }
}
