package io.govaudit.jdbc;

import io.govaudit.jdbc.internal.RecordColumns;
import io.govaudit.verify.RecordSource.ProblemSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * The rows of one chain on PostgreSQL as record lines, streamed with
 * {@code COPY (SELECT ... ORDER BY seq) TO STDOUT (FORMAT binary)} through pgjdbc's
 * {@code CopyManager} ({@link CopyBinaryRow}): the same lines, checks and problems as
 * {@link RowStream}, faster (figures in docs/jdbc.md section 9).
 *
 * <p>Why COPY: a cursor costs a round trip per {@link JdbcRecordSource#FETCH_SIZE} rows and pgjdbc
 * builds a String per column; COPY streams the rows without waiting and hands over bytes. Each
 * text column is compared with its member as bytes ({@link RecordScan}), {@code ts} (microseconds)
 * is written in the record's text form and compared as bytes, and the record text goes to the
 * verifier without a String. A row the byte comparison cannot vouch for (a column that
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
    /** 2000-01-01T00:00:00Z, PostgreSQL's epoch, in microseconds since 1970. */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

    private final Connection connection;
    private final CopyOut copy;
    private final String chain;
    private final RowCheck check;
    private final CopyBinaryRow fields = new CopyBinaryRow(FIELDS);
    /** The record text form of the last {@code ts} compared, and the day its date part is of. */
    private final byte[] tsText = new byte[27];
    private long tsDay = Long.MIN_VALUE;
    private final RecordScan scan = new RecordScan();
    private byte[] line = EMPTY;
    private int position;
    private long row;
    private boolean closed;
    /** The COPY ended: the server finished the statement. */
    private boolean ended;

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
        return "COPY (SELECT seq, ts, event_type, outcome, actor_id, subject_id, client_ip, host, hash, record_json "
                + "FROM audit_record WHERE chain_id = '" + chain + "' ORDER BY seq) TO STDOUT (FORMAT binary)";
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
        if (closed || ended) {
            return false;
        }
        try {
            byte[] raw = copy.readFromCopy();
            if (raw == null || !fields.parse(raw)) {
                // read on to the end of the COPY, or the connection stays in COPY mode (a pool
                // would hand it out broken)
                while (raw != null) {
                    raw = copy.readFromCopy();
                    if (raw != null) {
                        throw new IllegalArgumentException("COPY data after the binary trailer");
                    }
                }
                ended = true;
                return false;
            }
            row++;
            line = checkedLine();
            position = 0;
            return true;
        } catch (SQLException e) {
            throw new IOException("cannot read row " + (row + 1) + " of chain '" + chain + "' from table audit_record: "
                    + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e);
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot read row " + (row + 1) + " of chain '" + chain + "' from table audit_record: "
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
        String text = check.line(fields.string(RECORD_JSON), fields.int64(0), row, this::stored);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(bytes, bytes.length + 1);
        out[bytes.length] = '\n';
        return out;
    }

    /** @return true if every column certainly equals its member (false: let {@link RowCheck} decide) */
    private boolean sameColumns(byte[] data) {
        if (fields.isNull(0) || fields.isNull(1) || scan.escaped(RecordScan.TS)
                || fields.int64(0) != scan.seq()
                || !sameTs(fields.int64(1), data, scan.start(RecordScan.TS), scan.end(RecordScan.TS))) {
            return false;
        }
        for (int m = RecordScan.TYPE; m <= RecordScan.HASH; m++) {
            if (!sameString(data, m, m)) {
                return false;
            }
        }
        return true;
    }

    /**
     * @return whether {@code micros} (a {@code timestamptz}: microseconds since 2000-01-01 UTC) in
     *         the record's text form ({@code 2026-05-01T08:00:00.123456Z}) is {@code b[from..to)}
     */
    private boolean sameTs(long micros, byte[] b, int from, int to) {
        if (to - from != tsText.length || micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
            return false;
        }
        long epochMicros = micros + PG_EPOCH_MICROS;
        long seconds = Math.floorDiv(epochMicros, 1_000_000L);
        long day = Math.floorDiv(seconds, 86_400L);
        if (day != tsDay) {
            LocalDate date = LocalDate.ofEpochDay(day);
            if (date.getYear() < 0 || date.getYear() > 9999) {
                return false;
            }
            digits(date.getYear(), 0, 4);
            tsText[4] = '-';
            digits(date.getMonthValue(), 5, 2);
            tsText[7] = '-';
            digits(date.getDayOfMonth(), 8, 2);
            tsText[10] = 'T';
            tsText[13] = ':';
            tsText[16] = ':';
            tsText[19] = '.';
            tsText[26] = 'Z';
            tsDay = day;
        }
        int second = (int) Math.floorMod(seconds, 86_400L);
        digits(second / 3600, 11, 2);
        digits(second / 60 % 60, 14, 2);
        digits(second % 60, 17, 2);
        digits((int) Math.floorMod(epochMicros, 1_000_000L), 20, 6);
        return Arrays.equals(tsText, 0, tsText.length, b, from, to);
    }

    private void digits(int value, int at, int count) {
        for (int i = at + count - 1; i >= at; i--) {
            tsText[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    /** Member {@code m} of the scan and field {@code f} (the two numberings agree from TYPE on). */
    private boolean sameString(byte[] data, int m, int f) {
        if (scan.start(m) < 0) {
            return fields.isNull(f);
        }
        return !scan.escaped(m) && fields.equals(f, data, scan.start(m), scan.end(m));
    }

    private RecordColumns stored() {
        return new RecordColumns(fields.int64(0), fields.isNull(1) ? null : instant(fields.int64(1)), fields.string(2),
                fields.string(3), fields.string(4), fields.string(5), fields.string(6), fields.string(7),
                fields.string(8));
    }

    /**
     * The column {@code ts} as the row path shows it: {@code Instant.toString} of what pgjdbc reads
     * ({@code infinity} as {@code OffsetDateTime.MAX}, {@code -infinity} as {@code MIN}).
     *
     * @param micros the binary {@code timestamptz}: microseconds since 2000-01-01 UTC
     */
    static String instant(long micros) {
        if (micros == Long.MAX_VALUE) {
            return OffsetDateTime.MAX.toInstant().toString();
        }
        if (micros == Long.MIN_VALUE) {
            return OffsetDateTime.MIN.toInstant().toString();
        }
        long epochMicros = micros + PG_EPOCH_MICROS;
        return Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L), Math.floorMod(epochMicros, 1_000_000L) * 1000)
                .toString();
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
