package io.govaudit.jdbc;

import io.govaudit.verify.RecordSource.ProblemSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The rows of one chain as record lines: {@code record_json} and {@code \n} per row, in seq
 * order, each row checked by {@link RowCheck} as it is fetched.
 *
 * <p>Ordering: {@link #read(byte[], int, int)} never returns bytes of two rows at once, so the
 * verifier has checked row N's line before row N+1 is fetched and its column problems are
 * reported: problems stay in row order.
 *
 * <p>Memory: one row at a time; the driver holds at most {@link JdbcRecordSource#FETCH_SIZE} rows
 * (auto-commit off, so pgjdbc reads through a cursor instead of the whole result).
 *
 * <p>Failure: a database error while reading is an {@link IOException} naming the chain and row;
 * the verifier reports it as {@code IO_ERROR} and goes on with the next chain.
 *
 * <p>Not thread-safe: read by the verifier's one thread.
 */
final class RowStream extends InputStream {

    private static final String SELECT = "SELECT seq, ts, event_type, outcome, actor_id, subject_id, client_ip, host, "
            + "hash, record_json FROM audit_record WHERE chain_id = ? ORDER BY seq";
    private static final byte[] EMPTY = new byte[0];

    private final Connection connection;
    private final boolean autoCommitBefore;
    private final PreparedStatement select;
    private final ResultSet rows;
    private final String chain;
    private final RowCheck check;
    private byte[] line = EMPTY;
    private int position;
    private long row;
    private boolean closed;

    private RowStream(Connection connection, boolean autoCommitBefore, PreparedStatement select, ResultSet rows,
            String chain, ProblemSink problems) {
        this.connection = connection;
        this.autoCommitBefore = autoCommitBefore;
        this.select = select;
        this.rows = rows;
        this.chain = chain;
        this.check = new RowCheck(problems);
    }

    /** Runs the query on {@code c}, which the stream then owns; on failure releases it. */
    static RowStream open(Connection c, String chain, ProblemSink problems) throws SQLException {
        boolean autoCommit = true;
        PreparedStatement select = null;
        try {
            autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            select = c.prepareStatement(SELECT, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            select.setFetchSize(JdbcRecordSource.FETCH_SIZE);
            select.setString(1, chain);
            return new RowStream(c, autoCommit, select, select.executeQuery(), chain, problems);
        } catch (SQLException | RuntimeException e) {
            SQLException releasing = release(c, autoCommit, select);
            if (releasing != null) {
                e.addSuppressed(releasing);
            }
            throw e;
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (position == line.length && !nextRow()) {
            return -1;
        }
        int n = Math.min(len, line.length - position);
        System.arraycopy(line, position, b, off, n);
        position += n;
        return n;
    }

    private boolean nextRow() throws IOException {
        if (closed) {
            return false;
        }
        try {
            if (!rows.next()) {
                return false;
            }
            row++;
            String text = check.line(rows, row);
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            line = java.util.Arrays.copyOf(bytes, bytes.length + 1);
            line[bytes.length] = '\n';
            position = 0;
            return true;
        } catch (SQLException e) {
            throw new IOException("cannot read row " + (row + 1) + " of chain '" + chain + "' from table audit_record: "
                    + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e);
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        SQLException failure = null;
        try {
            rows.close();
        } catch (SQLException e) {
            failure = e;
        }
        SQLException releasing = release(connection, autoCommitBefore, select);
        failure = releasing == null ? failure : add(failure, releasing);
        if (failure != null) {
            throw new IOException("cannot release the connection that read chain '" + chain + "': "
                    + failure.getMessage(), failure);
        }
    }

    /**
     * Closes the statement, ends the read-only transaction and gives the connection back as it
     * came (a pool hands it out again).
     *
     * @return the first failure, later ones suppressed in it, or null
     */
    private static SQLException release(Connection c, boolean autoCommit, PreparedStatement select) {
        SQLException failure = null;
        try {
            if (select != null) {
                select.close();
            }
        } catch (SQLException e) {
            failure = e;
        }
        try {
            c.rollback(); // nothing was written: this only ends the transaction of the cursor
            c.setAutoCommit(autoCommit);
        } catch (SQLException e) {
            failure = add(failure, e);
        }
        try {
            c.close();
        } catch (SQLException e) {
            failure = add(failure, e);
        }
        return failure;
    }

    private static SQLException add(SQLException first, SQLException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }
}
