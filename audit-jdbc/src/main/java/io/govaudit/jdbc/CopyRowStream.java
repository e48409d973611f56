package io.govaudit.jdbc;

import io.govaudit.jdbc.internal.RecordColumns;
import io.govaudit.verify.RecordSource.ProblemSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * The rows of one chain on PostgreSQL as record lines, streamed with
 * {@code COPY (SELECT ... ORDER BY seq) TO STDOUT} through pgjdbc's {@code CopyManager}: the same
 * lines, checks and problems as {@link RowStream}, about five times faster.
 *
 * <p>Why COPY: a cursor costs a round trip per {@link JdbcRecordSource#FETCH_SIZE} rows and pgjdbc
 * builds a String per column; COPY streams the rows without waiting and hands over bytes. The
 * server writes {@code ts} in the record's own text form (UTC, six fraction digits, plus the era),
 * so every column is compared with its member as bytes ({@link RecordScan}) and the record text
 * goes to the verifier without a String. A row the byte comparison cannot vouch for (a column that
 * differs, an escaped member, a line the scan does not know) is checked by {@link RowCheck} from
 * Strings exactly as the row path checks it, so the report is the same either way.
 *
 * <p>Security: COPY takes no bind parameters, so the chain id is written into the statement. Only
 * ids matching {@value #CHAIN_ID} get here ({@link #sql} asserts it): no quote, backslash or
 * white space can occur. Other chain ids are read by {@link RowStream} with a prepared statement.
 *
 * <p>Ordering: as {@link RowStream}, {@link #read(byte[], int, int)} never returns bytes of two
 * rows, so row N's problems are reported before row N+1 is checked. pgjdbc hands over one row per
 * {@code readFromCopy}.
 *
 * <p>Memory: one row at a time; the server waits when the socket's buffers are full.
 *
 * <p>Not thread-safe: read by the verifier's one thread.
 */
final class CopyRowStream extends InputStream {

    /** The chain ids this stream reads; others take the prepared-statement path. */
    static final String CHAIN_ID = "[A-Za-z0-9._-]{1,64}";
    private static final Pattern CHAIN_ID_PATTERN = Pattern.compile(CHAIN_ID);
    private static final int FIELDS = 10;
    private static final int RECORD_JSON = 9;
    private static final byte[] EMPTY = new byte[0];

    private final Connection connection;
    private final CopyOut copy;
    private final String chain;
    private final RowCheck check;
    private final CopyTextRow fields = new CopyTextRow(FIELDS);
    private final RecordScan scan = new RecordScan();
    private byte[] line = EMPTY;
    private int position;
    private long row;
    private boolean closed;

    private CopyRowStream(Connection connection, CopyOut copy, String chain, ProblemSink problems) {
        this.connection = connection;
        this.copy = copy;
        this.chain = chain;
        this.check = new RowCheck(problems);
    }

    /**
     * @param c a connection
     * @return whether it is a pgjdbc connection (perhaps a pool's wrapper of one)
     * @throws SQLException if the connection cannot tell
     */
    static boolean accepts(Connection c) throws SQLException {
        return c.isWrapperFor(PGConnection.class);
    }

    /**
     * The statement for one chain.
     *
     * @param chain a chain id matching {@value #CHAIN_ID}
     * @return the COPY statement
     * @throws IllegalArgumentException if the chain id does not match
     */
    static String sql(String chain) {
        if (!CHAIN_ID_PATTERN.matcher(chain).matches()) {
            throw new IllegalArgumentException("chain id " + RowCheck.quote(chain) + " does not match " + CHAIN_ID
                    + ": it cannot be written into a COPY statement");
        }
        return "COPY (SELECT seq, coalesce(to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"BC'), "
                + "ts::text), event_type, outcome, actor_id, subject_id, client_ip, host, hash, record_json "
                + "FROM audit_record WHERE chain_id = '" + chain + "' ORDER BY seq) TO STDOUT";
    }

    /**
     * Starts the COPY on a connection that {@link #accepts}; the stream closes the connection.
     *
     * @throws SQLException if the server refuses the statement (the connection is then closed)
     */
    static CopyRowStream open(Connection c, String chain, ProblemSink problems) throws SQLException {
        try {
            String sql = sql(chain);
            CopyOut copy = c.unwrap(PGConnection.class).getCopyAPI().copyOut(sql);
            return new CopyRowStream(c, copy, chain, problems);
        } catch (SQLException | RuntimeException e) {
            try {
                end(c);
            } catch (SQLException releasing) {
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
            byte[] raw = copy.readFromCopy();
            if (raw == null) {
                return false;
            }
            row++;
            fields.parse(raw, raw.length);
            line = checkedLine();
            position = 0;
            return true;
        } catch (SQLException e) {
            throw new IOException("cannot read row " + (row + 1) + " of chain '" + chain + "' from table audit_record: "
                    + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e);
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot read row " + row + " of chain '" + chain + "' from table audit_record: "
                    + e.getMessage(), e);
        }
    }

    /** @return the row's record text and {@code \n}, after checking its columns */
    private byte[] checkedLine() throws SQLException {
        byte[] data = fields.data();
        int from = fields.start(RECORD_JSON);
        int to = fields.end(RECORD_JSON);
        if (from >= 0 && scan.scan(data, from, to - from) && sameColumns(data)) {
            byte[] out = Arrays.copyOfRange(data, from, to + 1);
            out[to - from] = '\n';
            return out;
        }
        String text = check.line(fields.string(RECORD_JSON), Long.parseLong(fields.string(0)), row, this::stored);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(bytes, bytes.length + 1);
        out[bytes.length] = '\n';
        return out;
    }

    /** @return true if every column certainly equals its member (false: let {@link RowCheck} decide) */
    private boolean sameColumns(byte[] data) {
        if (!fields.equals(0, data, scan.start(RecordScan.SEQ), scan.end(RecordScan.SEQ)) || scan.escaped(RecordScan.TS)) {
            return false;
        }
        int ts = scan.start(RecordScan.TS);
        int tsEnd = scan.end(RecordScan.TS);
        int column = fields.start(1);
        if (column < 0 || fields.end(1) - column != tsEnd - ts + 2 || data[fields.end(1) - 2] != 'A'
                || data[fields.end(1) - 1] != 'D' || !Arrays.equals(data, column, fields.end(1) - 2, data, ts, tsEnd)) {
            return false;
        }
        for (int m = RecordScan.TYPE; m <= RecordScan.HASH; m++) {
            if (!sameString(data, m, m)) {
                return false;
            }
        }
        return true;
    }

    /** Member {@code m} of the scan and field {@code f} (the two numberings agree from TYPE on). */
    private boolean sameString(byte[] data, int m, int f) {
        if (scan.start(m) < 0) {
            return fields.isNull(f);
        }
        return !scan.escaped(m) && fields.equals(f, data, scan.start(m), scan.end(m));
    }

    private RecordColumns stored() {
        return new RecordColumns(Long.parseLong(fields.string(0)), instant(fields.string(1)), fields.string(2),
                fields.string(3), fields.string(4), fields.string(5), fields.string(6), fields.string(7),
                fields.string(8));
    }

    /**
     * The column {@code ts} as the row path shows it ({@code Instant.toString} of what pgjdbc
     * reads), from the server's {@code to_char} text ({@code 2026-05-01T08:00:00.123456ZAD}, the
     * year with four or more digits, {@code BC} before year 1) or {@code infinity}.
     */
    static String instant(String ts) {
        switch (ts) {
            case "infinity":
                return OffsetDateTime.MAX.toInstant().toString(); // as pgjdbc reads infinity
            case "-infinity":
                return OffsetDateTime.MIN.toInstant().toString();
            default:
                break;
        }
        int dash = ts.indexOf('-');
        int year = Integer.parseInt(ts.substring(0, dash));
        if (ts.endsWith("BC")) {
            year = 1 - year; // 1 BC is the proleptic year 0
        }
        String rest = ts.substring(dash); // -MM-DDTHH:MI:SS.ffffffZAD
        LocalDateTime time = LocalDateTime.of(year, Integer.parseInt(rest.substring(1, 3)),
                Integer.parseInt(rest.substring(4, 6)), Integer.parseInt(rest.substring(7, 9)),
                Integer.parseInt(rest.substring(10, 12)), Integer.parseInt(rest.substring(13, 15)),
                Integer.parseInt(rest.substring(16, 22)) * 1000);
        return time.toInstant(ZoneOffset.UTC).toString();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        SQLException failure = null;
        try {
            if (copy.isActive()) {
                copy.cancelCopy(); // the verifier stopped early: the connection must leave COPY mode
            }
        } catch (SQLException e) {
            failure = e;
        }
        try {
            end(connection);
        } catch (SQLException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw new IOException("cannot release the connection that read chain '" + chain + "': "
                    + failure.getMessage(), failure);
        }
    }

    /** Ends a transaction the caller's pool may have opened (nothing was written) and closes. */
    private static void end(Connection c) throws SQLException {
        try (c) {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        }
    }
}
