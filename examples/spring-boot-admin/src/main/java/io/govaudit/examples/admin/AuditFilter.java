package io.govaudit.examples.admin;

import io.govaudit.AuditRecordRejectedException;
import io.govaudit.EventType;
import io.govaudit.Outcome;
import io.govaudit.query.AuditQuery;
import io.govaudit.query.Cursor;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The filter of the audit page, from its query parameters: dates in Asia/Taipei ({@code to}
 * inclusive), event type code, actor, subject id, outcome, and the paging cursor {@code after}.
 *
 * @param from    first day, or null
 * @param to      last day, or null
 * @param type    event type code, or blank
 * @param actor   actor id, or blank
 * @param subject subject id, or blank
 * @param outcome {@code SUCCESS} or {@code FAILURE}, or blank
 * @param after   cursor token of the page before, or blank
 */
record AuditFilter(@DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to, String type, String actor, String subject,
        String outcome, String after) {

    static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");

    /**
     * The query for this filter, newest first.
     *
     * @throws io.govaudit.query.InvalidQueryException or IllegalArgumentException when a value is invalid
     */
    AuditQuery query(int limit) {
        AuditQuery.Builder query = AuditQuery.builder().newestFirst().limit(limit);
        if (from != null) {
            query.from(from.atStartOfDay(TAIPEI).toInstant());
        }
        if (to != null) {
            query.to(to.plusDays(1).atStartOfDay(TAIPEI).toInstant());
        }
        if (present(type)) {
            query.types(EventType.of(type.strip()));
        }
        if (present(actor)) {
            query.actor(actor.strip());
        }
        if (present(subject)) {
            query.subject(subject.strip());
        }
        if (present(outcome)) {
            query.outcome(Outcome.valueOf(outcome.strip()));
        }
        if (present(after)) {
            query.after(Cursor.parse(after.strip()));
        }
        return query.build();
    }

    /**
     * The query for this filter, or empty when a value is invalid (nothing is read then).
     */
    Optional<AuditQuery> validQuery(int limit) {
        try {
            return Optional.of(query(limit));
        } catch (IllegalArgumentException | AuditRecordRejectedException e) {
            // InvalidQueryException is an IllegalArgumentException; EventType.of rejects a bad code
            return Optional.empty();
        }
    }

    /** The query string of this filter without the cursor, for the export link and the next page. */
    String queryString() {
        UriComponentsBuilder uri = UriComponentsBuilder.newInstance();
        add(uri, "from", from == null ? null : from.toString());
        add(uri, "to", to == null ? null : to.toString());
        add(uri, "type", type);
        add(uri, "actor", actor);
        add(uri, "subject", subject);
        add(uri, "outcome", outcome);
        String query = uri.encode().build().getQuery();
        return query == null ? "" : query;
    }

    private static void add(UriComponentsBuilder uri, String name, String value) {
        if (present(value)) {
            uri.queryParam(name, value.strip());
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
