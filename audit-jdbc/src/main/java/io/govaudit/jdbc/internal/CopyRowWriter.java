package io.govaudit.jdbc.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * {@link io.govaudit.jdbc.InsertMode#COPY}: {@code COPY audit_record FROM STDIN} in PostgreSQL's
 * text format, through pgjdbc's {@code CopyManager} on the unwrapped connection, inside the
 * caller's transaction.
 *
 * <p>Text format: columns separated by a tab, rows ended by a newline, {@code \N} for null. In a
 * value, backslash, tab, newline and carriage return are escaped ({@link #escape}); every other
 * character stands for itself. The record text itself never holds a raw control character
 * (docs/format.md sections 1-2), but the indexed copies are decoded JSON strings and may.
 */
final class CopyRowWriter implements RowWriter {

    private static final String SQL = "COPY audit_record (" + COLUMNS + ") FROM STDIN";

    @Override
    public void insert(Connection connection, String chainId, List<StagedRow> rows) throws SQLException {
        PGConnection pg = unwrap(connection);
        byte[] data = encode(chainId, rows);
        CopyIn copy = pg.getCopyAPI().copyIn(SQL);
        try {
            copy.writeToCopy(data, 0, data.length);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static PGConnection unwrap(Connection connection) throws SQLException {
        if (!connection.isWrapperFor(PGConnection.class)) {
            throw new SQLException("insertMode COPY needs a pgjdbc connection, but " + connection.getClass().getName()
                    + " does not unwrap to org.postgresql.PGConnection; use insertMode MULTI_ROW or BATCH");
        }
        return connection.unwrap(PGConnection.class);
    }

    /**
     * Encodes rows in COPY text format.
     *
     * @param chainId the chain
     * @param rows    the rows
     * @return the UTF-8 bytes
     */
    static byte[] encode(String chainId, List<StagedRow> rows) {
        StringBuilder out = new StringBuilder(rows.size() * 512);
        for (StagedRow row : rows) {
            RecordColumns c = row.columns();
            field(out, chainId).append('\t').append(c.seq()).append('\t');
            field(out, c.ts()).append('\t');
            field(out, c.type()).append('\t');
            field(out, c.outcome()).append('\t');
            field(out, c.actorId()).append('\t');
            field(out, c.subjectId()).append('\t');
            field(out, c.clientIp()).append('\t');
            field(out, c.host()).append('\t');
            field(out, row.json()).append('\t');
            field(out, c.hash()).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static StringBuilder field(StringBuilder out, String value) {
        if (value == null) {
            return out.append("\\N");
        }
        escape(out, value);
        return out;
    }

    /**
     * Appends a value escaped for COPY text format.
     *
     * @param out   where to
     * @param value the value
     */
    static void escape(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
    }
}
