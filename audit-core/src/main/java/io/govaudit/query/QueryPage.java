package io.govaudit.query;

import java.util.List;
import java.util.Optional;

/**
 * One page of an answer.
 *
 * @param records the records, in the query's order, at most its limit
 * @param next    the cursor for the next page ({@link AuditQuery.Builder#after}); empty when this
 *                page holds the last matching record
 * @since 0.1.0
 */
public record QueryPage(List<StoredRecord> records, Optional<Cursor> next) {

    /**
     * Creates a page.
     *
     * @param records the records
     * @param next    the cursor for the next page, or empty
     */
    public QueryPage {
        records = List.copyOf(records);
        next = next == null ? Optional.empty() : next;
    }
}
