package io.govaudit.jdbc.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * {@link io.govaudit.jdbc.InsertMode#COPY} in PostgreSQL's binary COPY format:
 * {@code COPY audit_record (...) FROM STDIN (FORMAT binary)} through pgjdbc's {@code CopyManager}
 * on the unwrapped connection, inside the caller's transaction.
 *
 * <p>Format (PostgreSQL documentation, COPY, "Binary Format"): the signature, flags and header
 * extension length; per row the field count and per field its length ({@code -1} for NULL) and
 * bytes, big-endian; {@code -1} ends the data. Text values are their UTF-8 bytes as they are, so
 * nothing is escaped: no value can break out of its field. {@code ts} goes as PostgreSQL's
 * internal microseconds since 2000-01-01 UTC, which the server stores without parsing text.
 *
 * <p>Why binary: measured against the text format it replaced (JdbcInsertBenchmark, 256 records
 * per commit, alternating runs on the same machine) COPY went from 1.73x a JDBC batch to
 * 1.96-2.15x; the server parses neither escapes nor timestamps. It is still the one statement
 * of the store that is not a prepared statement, and it holds no value: the rows go as data.
 */
final class CopyBinaryRowWriter implements RowWriter {

    private static final String SQL = "COPY audit_record (" + COLUMNS + ") FROM STDIN (FORMAT binary)";
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0,
        0, 0, 0, 0, 0, 0, 0, 0};
    /** 2000-01-01T00:00:00Z in seconds since 1970. */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;

    @Override
    public void insert(Connection connection, String chainId, List<StagedRow> rows) throws SQLException {
        if (!connection.isWrapperFor(PGConnection.class)) {
            throw new SQLException("insertMode COPY needs a pgjdbc connection, but " + connection.getClass().getName()
                    + " does not unwrap to org.postgresql.PGConnection; use insertMode MULTI_ROW or BATCH");
        }
        byte[] data = encode(chainId, rows);
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(SQL);
        try {
            copy.writeToCopy(data, 0, data.length);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /**
     * Encodes rows in binary COPY format.
     *
     * @param chainId the chain
     * @param rows    the rows
     * @return the bytes, header and trailer included
     */
    static byte[] encode(String chainId, List<StagedRow> rows) {
        Out out = new Out(rows.size() * 768 + 32);
        out.write(HEADER, 0, HEADER.length);
        byte[] chain = chainId.getBytes(StandardCharsets.UTF_8);
        for (StagedRow row : rows) {
            RecordColumns c = row.columns();
            out.int16(COLUMN_COUNT);
            out.field(chain);
            out.int32(8);
            out.int64(c.seq());
            out.int32(8);
            out.int64(micros(c.instant()));
            out.text(c.type());
            out.text(c.outcome());
            out.text(c.actorId());
            out.text(c.subjectId());
            out.text(c.clientIp());
            out.text(c.host());
            out.text(row.json());
            out.text(c.hash());
        }
        out.int16(-1);
        return out.toByteArray();
    }

    /** @return an instant as PostgreSQL's {@code timestamptz}: microseconds since 2000-01-01 UTC */
    static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond() - PG_EPOCH_SECONDS, 1_000_000L),
                instant.getNano() / 1000);
    }

    /** A growing byte buffer with big-endian integers (not a ByteArrayOutputStream: no locks). */
    private static final class Out {
        private byte[] buf;
        private int size;

        Out(int capacity) {
            buf = new byte[capacity];
        }

        private void room(int n) {
            if (buf.length - size < n) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
            }
        }

        void write(byte[] b, int off, int len) {
            room(len);
            System.arraycopy(b, off, buf, size, len);
            size += len;
        }

        void int16(int v) {
            room(2);
            buf[size++] = (byte) (v >>> 8);
            buf[size++] = (byte) v;
        }

        void int32(int v) {
            room(4);
            buf[size++] = (byte) (v >>> 24);
            buf[size++] = (byte) (v >>> 16);
            buf[size++] = (byte) (v >>> 8);
            buf[size++] = (byte) v;
        }

        void int64(long v) {
            int32((int) (v >>> 32));
            int32((int) v);
        }

        void field(byte[] value) {
            int32(value.length);
            write(value, 0, value.length);
        }

        void text(String value) {
            if (value == null) {
                int32(-1);
            } else {
                field(value.getBytes(StandardCharsets.UTF_8));
            }
        }

        byte[] toByteArray() {
            return java.util.Arrays.copyOf(buf, size);
        }
    }
}
