package io.govaudit.jdbc;

import io.govaudit.AuditException;
import io.govaudit.internal.format.RecordView;
import io.govaudit.internal.query.RecordFields;
import io.govaudit.jdbc.internal.JdbcUrls;
import io.govaudit.query.AuditQuery;
import io.govaudit.query.AuditReader;
import io.govaudit.query.Cursor;
import io.govaudit.query.RecordIntegrityException;
import io.govaudit.query.StoredRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;

/**
 * Answers {@link AuditQuery} queries from a JDBC store ({@code audit_record}) with the indexed
 * columns: the time range, type and actor filters use the indexes {@code audit_record_ts},
 * {@code audit_record_type_ts} and {@code audit_record_actor_ts}; paging is by keyset
 * ({@code (ts, chain_id, seq)} after the cursor), never by offset, so the thousandth page costs
 * what the first does. Every row handed back is checked: its {@code record_json} parses as a
 * record, its public hash is right and its chain, seq and hash columns agree with it
 * ({@link RecordIntegrityException} otherwise). Rows of one chain are not contiguous in a
 * filtered answer, so the links between records are left to the verifier
 * ({@link JdbcRecordSource}).
 *
 * <p>Chains are ordered by the database's collation of {@code chain_id}. Thread-safe: each call
 * uses its own connection, read-only, streamed with a server-side cursor.
 *
 * @since 0.1.0
 */
public final class JdbcAuditReader implements AuditReader {

    private static final String COLUMNS = "chain_id, seq, ts, record_json, hash";

    private final DataSource dataSource;
    private final String description;

    private JdbcAuditReader(DataSource dataSource, String description) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.description = description;
    }

    /**
     * Creates a reader of a database's {@code audit_record} table, named in reports by its JDBC
     * URL without credentials or parameters.
     *
     * @param dataSource the database (a role with SELECT on {@code audit_record} is enough)
     * @return the reader
     */
    public static JdbcAuditReader forDataSource(DataSource dataSource) {
        return new JdbcAuditReader(dataSource, null);
    }

    /**
     * Creates a reader of a database's {@code audit_record} table, named in reports by
     * {@code description}.
     *
     * @param dataSource  the database
     * @param description how reports name the database; must not hold credentials
     * @return the reader
     */
    public static JdbcAuditReader forDataSource(DataSource dataSource, String description) {
        return new JdbcAuditReader(dataSource, Objects.requireNonNull(description, "description"));
    }

    @Override
    public Stream<StoredRecord> stream(AuditQuery query) {
        Rows rows = new Rows(query);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(rows, Spliterator.ORDERED
                | Spliterator.NONNULL), false).onClose(rows::close);
    }

    /** The statement of a query: only prepared parameters, never the caller's text in SQL. */
    static String sql(AuditQuery query) {
        boolean desc = query.order() == AuditQuery.Order.NEWEST_FIRST;
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM audit_record WHERE 1 = 1");
        query.from().ifPresent(x -> sql.append(" AND ts >= ?"));
        query.to().ifPresent(x -> sql.append(" AND ts < ?"));
        query.chain().ifPresent(x -> sql.append(" AND chain_id = ?"));
        if (!query.types().isEmpty()) {
            sql.append(" AND event_type IN (").append("?, ".repeat(query.types().size() - 1)).append("?)");
        }
        query.actor().ifPresent(x -> sql.append(" AND actor_id = ?"));
        query.subject().ifPresent(x -> sql.append(" AND subject_id = ?"));
        query.outcome().ifPresent(x -> sql.append(" AND outcome = ?"));
        query.ip().ifPresent(x -> sql.append(" AND LOWER(client_ip) = LOWER(?)"));
        query.after().ifPresent(x -> sql.append(desc
                ? " AND (ts < ? OR (ts = ? AND (chain_id < ? OR (chain_id = ? AND seq < ?))))"
                : " AND (ts > ? OR (ts = ? AND (chain_id > ? OR (chain_id = ? AND seq > ?))))"));
        String dir = desc ? " DESC" : "";
        sql.append(" ORDER BY ts").append(dir).append(", chain_id").append(dir).append(", seq").append(dir);
        return sql.toString();
    }

    private static void bind(PreparedStatement statement, AuditQuery query) throws SQLException {
        int i = 1;
        if (query.from().isPresent()) {
            statement.setObject(i++, timestamp(query.from().get()));
        }
        if (query.to().isPresent()) {
            statement.setObject(i++, timestamp(query.to().get()));
        }
        if (query.chain().isPresent()) {
            statement.setString(i++, query.chain().get());
        }
        for (String type : query.types()) {
            statement.setString(i++, type);
        }
        if (query.actor().isPresent()) {
            statement.setString(i++, query.actor().get());
        }
        if (query.subject().isPresent()) {
            statement.setString(i++, query.subject().get());
        }
        if (query.outcome().isPresent()) {
            statement.setString(i++, query.outcome().get().name());
        }
        if (query.ip().isPresent()) {
            statement.setString(i++, query.ip().get());
        }
        if (query.after().isPresent()) {
            Cursor after = query.after().get();
            statement.setObject(i++, timestamp(after.ts()));
            statement.setObject(i++, timestamp(after.ts()));
            statement.setString(i++, after.chain());
            statement.setString(i++, after.chain());
            statement.setLong(i, after.seq());
        }
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    @Override
    public String location() {
        if (description != null) {
            return description;
        }
        return JdbcUrls.describe(dataSource);
    }

    @Override
    public void close() {
        // nothing held between calls
    }

    @Override
    public String toString() {
        return "JdbcAuditReader[" + location() + "]";
    }

    /** The rows of one query, streamed from a server-side cursor and checked one by one. */
    private final class Rows implements Iterator<StoredRecord> {

        private final AuditQuery query;
        private final Connection connection;
        private final PreparedStatement statement;
        private final ResultSet rs;
        private final RecordView view = new RecordView();
        private final MessageDigest sha256;
        private StoredRecord next;
        private boolean done;

        Rows(AuditQuery query) {
            this.query = query;
            Connection c = null;
            PreparedStatement s = null;
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
                c = dataSource.getConnection();
                c.setReadOnly(true);
                c.setAutoCommit(false);
                s = c.prepareStatement(sql(query), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
                s.setFetchSize(JdbcRecordSource.FETCH_SIZE);
                bind(s, query);
                this.rs = s.executeQuery();
            } catch (SQLException e) {
                closeQuietly(s, c);
                throw new AuditException("cannot query audit_record of " + location() + ": " + e.getMessage(), e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
            }
            this.connection = c;
            this.statement = s;
        }

        @Override
        public boolean hasNext() {
            while (next == null && !done) {
                try {
                    if (!rs.next()) {
                        done = true;
                        close();
                        break;
                    }
                    StoredRecord record = check();
                    if (query.matchesMembers(record)) {
                        next = record;
                    }
                } catch (SQLException e) {
                    close();
                    throw new AuditException("cannot read audit_record of " + location() + ": " + e.getMessage(), e);
                }
            }
            return next != null;
        }

        @Override
        public StoredRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            StoredRecord record = next;
            next = null;
            return record;
        }

        private StoredRecord check() throws SQLException {
            String chain = rs.getString(1);
            long seq = rs.getLong(2);
            String json = rs.getString(4);
            String hash = rs.getString(5);
            byte[] line = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
            if (!view.parse(line, 0, line.length) || json.indexOf('\n') >= 0) {
                throw broken(chain, seq, "record_json is not a record");
            }
            if (view.seq() != seq || !chain.equals(view.chain())) {
                throw broken(chain, seq, "the chain_id and seq columns disagree with record_json");
            }
            if (view.hashIsPublic() && !view.hashValid(sha256)) {
                throw broken(chain, seq, "record_json does not match its hash");
            }
            byte[] own = new byte[64];
            view.copyHash(own);
            if (hash == null || !hash.equals(new String(own, StandardCharsets.US_ASCII))) {
                throw broken(chain, seq, "the hash column disagrees with record_json");
            }
            try {
                return RecordFields.read(chain, seq, view.ts(), view.type(), line, 0, line.length);
            } catch (IOException e) {
                throw broken(chain, seq, "record_json is not a JSON object");
            }
        }

        private RecordIntegrityException broken(String chain, long seq, String what) {
            close();
            return new RecordIntegrityException(chain, seq, "audit_record of " + location() + ", chain " + chain
                    + ", seq " + seq + ": " + what + "; verify the store (audit-cli verify --jdbc-url)");
        }

        void close() {
            closeQuietly(statement, connection);
        }

        private void closeQuietly(PreparedStatement s, Connection c) {
            SQLException first = null;
            try {
                if (s != null) {
                    s.close();
                }
            } catch (SQLException e) {
                first = e;
            }
            try {
                if (c != null && !c.isClosed()) {
                    c.rollback();
                    c.close();
                }
            } catch (SQLException e) {
                if (first == null) {
                    first = e;
                }
            }
            if (first != null) {
                throw new AuditException("cannot release the connection to " + location() + ": " + first.getMessage(),
                        first);
            }
        }
    }
}
