package io.govaudit.query;

import io.govaudit.Actor;
import io.govaudit.AuditTrail;
import io.govaudit.internal.query.DirectoryReader;
import io.govaudit.internal.query.RecordingReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads records from a store: {@link #forDirectory} for a file store, {@code
 * io.govaudit.jdbc.JdbcAuditReader} for a database. Every record handed back is the stored line
 * itself, checked against its own hash and its neighbours in the chain on the way
 * ({@link RecordIntegrityException} when one does not match); a full verification of the store
 * is {@link io.govaudit.verify.AuditVerifier}'s job.
 *
 * <p>A time range is answered from the part of the store that can hold it: on a file store the
 * segments whose times overlap it (each segment starts later than the one before it), on a
 * database the time index. Records are in the order of their time, then chain, then seq; a
 * file store keeps each chain in seq order, the same except around a backward clock step (which
 * the chain records as {@code CLOCK_ANOMALY}).
 *
 * <p>Reads of the log are themselves audited (S9) with {@link #recording}.
 *
 * <p>Implementations are thread-safe; a stream is used by one thread and must be closed.
 *
 * @since 0.1.0
 */
public interface AuditReader extends AutoCloseable {

    /**
     * Answers one page: at most {@link AuditQuery#limit()} records after the query's cursor.
     *
     * @param query the query
     * @return the page, with the cursor of the next one when there are more
     * @throws RecordIntegrityException if a record read does not match its hash or place
     * @throws io.govaudit.AuditException if the store cannot be read
     */
    default QueryPage page(AuditQuery query) {
        List<StoredRecord> records = new ArrayList<>(Math.min(query.limit(), 1024));
        boolean more = false;
        try (Stream<StoredRecord> stream = stream(query)) {
            Iterator<StoredRecord> it = stream.iterator();
            while (it.hasNext()) {
                StoredRecord record = it.next();
                if (records.size() == query.limit()) {
                    more = true;
                    break;
                }
                records.add(record);
            }
        }
        return new QueryPage(records, more ? Optional.of(records.get(records.size() - 1).cursor()) : Optional.empty());
    }

    /**
     * Streams every matching record after the query's cursor, in its order, reading the store
     * as the stream is consumed (the limit does not apply). Memory stays bounded: on a file store
     * by a segment's matching records when reading newest first, otherwise by one record.
     *
     * @param query the query
     * @return the records; close the stream (try-with-resources) to release files or connections
     * @throws RecordIntegrityException while streaming, if a record read does not match
     * @throws io.govaudit.AuditException if the store cannot be read
     */
    Stream<StoredRecord> stream(AuditQuery query);

    /**
     * Describes the store for reports and {@code AUDIT_LOG_READ} records: a directory or a
     * database URL without credentials.
     *
     * @return the location
     */
    String location();

    /** Releases what the reader holds. */
    @Override
    void close();

    /**
     * Reads a file store: the directory that holds one sub-directory per chain.
     *
     * @param store the store directory
     * @return a reader
     * @throws InvalidQueryException naming {@code store} when it is null or not a directory
     */
    static AuditReader forDirectory(Path store) {
        if (store == null) {
            throw new InvalidQueryException("store", "is null");
        }
        return new DirectoryReader(store);
    }

    /**
     * Wraps a reader so that every read is recorded as {@code AUDIT_LOG_READ} in a trail: actor
     * = the reader, subject = {@code AUDIT_LOG}/{@link #location()}, detail {@code action}
     * ({@code query}), {@code filter} ({@link AuditQuery#describe()}) and {@code records} (how
     * many were handed back). A page is recorded before it is returned, so a page the trail
     * refuses to record is not returned; a stream is recorded when it is closed, with the count
     * it handed out.
     *
     * @param reader the reader
     * @param trail  where the reads are recorded
     * @param actor  who reads
     * @return the recording reader; closing it closes {@code reader}
     */
    static AuditReader recording(AuditReader reader, AuditTrail trail, Actor actor) {
        return new RecordingReader(Objects.requireNonNull(reader, "reader"), Objects.requireNonNull(trail, "trail"),
                Objects.requireNonNull(actor, "actor"));
    }
}
