package io.govaudit.internal.query;

import io.govaudit.Actor;
import io.govaudit.AuditEvent;
import io.govaudit.AuditTrail;
import io.govaudit.query.AuditQuery;
import io.govaudit.query.AuditReader;
import io.govaudit.query.QueryPage;
import io.govaudit.query.StoredRecord;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Records every read of the wrapped reader as {@code AUDIT_LOG_READ} (S9: reads of the log are
 * audited). Thread-safe when the wrapped reader and the trail are.
 */
public final class RecordingReader implements AuditReader {

    private final AuditReader reader;
    private final AuditTrail trail;
    private final Actor actor;

    /**
     * Wraps a reader.
     *
     * @param reader the reader
     * @param trail  where the reads are recorded
     * @param actor  who reads
     */
    public RecordingReader(AuditReader reader, AuditTrail trail, Actor actor) {
        this.reader = reader;
        this.trail = trail;
        this.actor = actor;
    }

    @Override
    public QueryPage page(AuditQuery query) {
        QueryPage page = reader.page(query);
        record(query, page.records().size());
        return page;
    }

    @Override
    public Stream<StoredRecord> stream(AuditQuery query) {
        AtomicLong count = new AtomicLong();
        Stream<StoredRecord> stream = reader.stream(query);
        return stream.peek(r -> count.incrementAndGet()).onClose(() -> record(query, count.get()));
    }

    private void record(AuditQuery query, long records) {
        trail.record(AuditEvent.auditLogRead(actor, reader.location(), "query")
                .detail("filter", query.describe())
                .detail("records", records)
                .build());
    }

    @Override
    public String location() {
        return reader.location();
    }

    @Override
    public void close() {
        reader.close();
    }
}
