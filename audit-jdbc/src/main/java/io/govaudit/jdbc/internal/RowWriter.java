package io.govaudit.jdbc.internal;

import io.govaudit.jdbc.InsertMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Inserts staged rows into {@code audit_record} on a connection whose transaction the caller
 * owns (and commits or rolls back). Implementations hold no state and are thread-safe.
 */
public interface RowWriter {

    /** The columns of {@code audit_record}, in the order every writer sends them. */
    String COLUMNS = "chain_id, seq, ts, event_type, outcome, actor_id, subject_id, client_ip, host, record_json, hash";
    /** How many columns that is. */
    int COLUMN_COUNT = 11;

    /**
     * Inserts the rows.
     *
     * @param connection a connection in a transaction
     * @param chainId    the chain
     * @param rows       the rows, in seq order
     * @throws SQLException if the database refuses any of them
     */
    void insert(Connection connection, String chainId, List<StagedRow> rows) throws SQLException;

    /**
     * Returns the writer for a mode. The COPY writer's class is only loaded here, so applications
     * without pgjdbc never load it.
     *
     * @param mode the mode
     * @return its writer
     */
    static RowWriter of(InsertMode mode) {
        return switch (mode) {
            case AUTO -> bySize(new MultiRowWriter(), new CopyBinaryRowWriter(), InsertMode.AUTO_COPY_FROM);
            case COPY -> new CopyBinaryRowWriter();
            case MULTI_ROW -> new MultiRowWriter();
            case BATCH -> new BatchRowWriter();
        };
    }

    /**
     * Returns a writer that hands batches under {@code from} rows to {@code small} and larger ones
     * to {@code large}.
     *
     * @param small the writer for small batches
     * @param large the writer for large batches
     * @param from  the first size that goes to {@code large}
     * @return the writer
     */
    static RowWriter bySize(RowWriter small, RowWriter large, int from) {
        return (connection, chainId, rows) -> (rows.size() < from ? small : large).insert(connection, chainId, rows);
    }

    /**
     * Sets the parameters of one row from {@code first} on.
     *
     * @param statement the statement
     * @param first     the index of the row's first parameter
     * @param chainId   the chain
     * @param row       the row
     * @throws SQLException if a parameter cannot be set
     */
    static void bind(PreparedStatement statement, int first, String chainId, StagedRow row) throws SQLException {
        RecordColumns c = row.columns();
        statement.setString(first, chainId);
        statement.setLong(first + 1, c.seq());
        statement.setObject(first + 2, OffsetDateTime.ofInstant(c.instant(), ZoneOffset.UTC));
        statement.setString(first + 3, c.type());
        statement.setString(first + 4, c.outcome());
        statement.setString(first + 5, c.actorId());
        statement.setString(first + 6, c.subjectId());
        statement.setString(first + 7, c.clientIp());
        statement.setString(first + 8, c.host());
        statement.setString(first + 9, row.json());
        statement.setString(first + 10, c.hash());
    }
}
