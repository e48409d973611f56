package io.govaudit.spring;

import io.govaudit.Actor;
import io.govaudit.AuditEvent;
import io.govaudit.AuditTrail;
import io.govaudit.Location;
import io.govaudit.query.AuditQuery;
import io.govaudit.query.AuditReader;
import io.govaudit.query.QueryPage;
import io.govaudit.query.StoredRecord;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The application's {@link AuditReader}: every page and stream read through it is recorded as
 * {@code AUDIT_LOG_READ} by whoever is reading, the user of the current request (with the
 * client's address and the request's operation) or the system actor outside one. A page is
 * recorded before it is returned, so a page the trail refuses to record is never shown.
 * Thread-safe.
 */
final class CurrentUserReader implements AuditReader {

    private static final Actor SYSTEM = Actor.of(AuditContext.SYSTEM_ACTOR_ID);

    private final AuditReader reader;
    private final AuditTrail trail;
    private final ObjectProvider<AuditContext> context;

    CurrentUserReader(AuditReader reader, AuditTrail trail, ObjectProvider<AuditContext> context) {
        this.reader = reader;
        this.trail = trail;
        this.context = context;
    }

    @Override
    public QueryPage page(AuditQuery query) {
        QueryPage page = reader.page(query);
        record(query, page.records().size(), "query");
        return page;
    }

    @Override
    public Stream<StoredRecord> stream(AuditQuery query) {
        AtomicLong count = new AtomicLong();
        // the reader is asked on the caller's thread; the stream may be closed on another
        AuditContext ctx = context.getIfAvailable();
        Actor actor = ctx == null ? SYSTEM : ctx.currentActor();
        Location where = ctx == null ? Location.defaults() : ctx.currentLocation();
        if (ctx != null) {
            // the read is recorded when the stream closes, perhaps after the request: the
            // request is marked now, so no generic ADMIN_ACTION is added for it
            ctx.markRequestRecorded();
        }
        return reader.stream(query).peek(r -> count.incrementAndGet())
                .onClose(() -> trail.record(event(actor, where, query, count.get(), "stream").build()));
    }

    private void record(AuditQuery query, long records, String action) {
        AuditContext ctx = context.getIfAvailable();
        if (ctx == null) {
            trail.record(event(SYSTEM, Location.defaults(), query, records, action).build());
        } else {
            ctx.record(event(ctx.currentActor(), ctx.currentLocation(), query, records, action));
        }
    }

    private AuditEvent.Builder event(Actor actor, Location where, AuditQuery query, long records, String action) {
        return AuditEvent.auditLogRead(actor, reader.location(), action).where(where)
                .detail("filter", query.describe()).detail("records", records);
    }

    @Override
    public String location() {
        return reader.location();
    }

    @Override
    public void close() {
        reader.close();
    }

    @Override
    public String toString() {
        return "CurrentUserReader[" + reader + "]";
    }
}
