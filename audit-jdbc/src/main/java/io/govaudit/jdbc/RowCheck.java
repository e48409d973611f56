package io.govaudit.jdbc;

import io.govaudit.jdbc.internal.RecordColumns;
import io.govaudit.verify.ProblemKind;
import io.govaudit.verify.RecordSource.ProblemSink;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/**
 * Checks one row of {@code audit_record} against its {@code record_json} and returns the line to
 * hand to the verifier (docs/format.md sections 1-2: the columns are copies of the record's members).
 *
 * <p>Why not report unparseable records here: the verifier parses every line anyway and reports
 * it {@code UNPARSEABLE}; reporting it twice would count one problem as two. A raw line break is
 * different: the verifier would see two lines, so only this class can tell it was one row.
 *
 * <p>Not thread-safe: one per {@link RowStream}.
 */
final class RowCheck {

    /** Longest value quoted in a problem message; longer ones are cut and marked. */
    static final int MAX_QUOTED = 80;

    private final ProblemSink problems;

    RowCheck(ProblemSink problems) {
        this.problems = problems;
    }

    /**
     * Reads the current row, reports what disagrees, and returns its record text as one line.
     *
     * @param rs  positioned on the row; columns as {@link RowStream}'s query selects them
     * @param row the row's number within the chain, from 1
     * @return the record text, never holding a line break
     * @throws SQLException if the row cannot be read
     */
    String line(ResultSet rs, long row) throws SQLException {
        return line(rs.getString("record_json"), rs.getLong("seq"), row, () -> stored(rs));
    }

    /** The columns of a row, read only when the record parses. */
    interface StoredColumns {
        /** @return the row's columns; {@code ts} as {@link java.time.Instant#toString}, or null if NULL */
        RecordColumns read() throws SQLException;
    }

    /**
     * Checks a row given by its values: the same checks and messages whichever way it was read.
     *
     * @param text   the row's {@code record_json}, or null
     * @param seq    the row's {@code seq}
     * @param row    the row's number within the chain, from 1
     * @param stored the row's columns
     * @return the record text, never holding a line break
     * @throws SQLException if the columns cannot be read
     */
    String line(String text, long seq, long row, StoredColumns stored) throws SQLException {
        if (text == null) {
            problems.report(ProblemKind.UNPARSEABLE, seq, row, "record_json is NULL");
            return "";
        }
        if (text.indexOf('\n') >= 0) {
            problems.report(ProblemKind.UNPARSEABLE, seq, row, "record_json holds a raw line break, which no "
                    + "writer produces (a record is one line): the row was altered; passed on with the break "
                    + "written as \\n");
            return text.replace("\n", "\\n");
        }
        RecordColumns record;
        try {
            record = RecordColumns.read(text);
        } catch (IOException e) {
            return text; // not a record: the verifier reports it UNPARSEABLE
        }
        compare(stored.read(), row, record);
        return text;
    }

    private static RecordColumns stored(ResultSet rs) throws SQLException {
        OffsetDateTime ts = rs.getObject("ts", OffsetDateTime.class);
        return new RecordColumns(rs.getLong("seq"), ts == null ? null : ts.toInstant().toString(),
                rs.getString("event_type"), rs.getString("outcome"), rs.getString("actor_id"),
                rs.getString("subject_id"), rs.getString("client_ip"), rs.getString("host"), rs.getString("hash"));
    }

    private void compare(RecordColumns stored, long row, RecordColumns record) {
        if (stored.ts() == null) {
            mismatch(record, row, "ts", null);
            return;
        }
        String column;
        try {
            column = record.firstDifference(stored);
        } catch (java.time.format.DateTimeParseException e) {
            return; // the record's ts is malformed: the verifier reports the record UNPARSEABLE
        }
        if (column != null) {
            mismatch(record, row, column, value(stored, column));
        }
    }

    private void mismatch(RecordColumns record, long row, String column, String stored) {
        problems.report(ProblemKind.COLUMN_MISMATCH, record.seq(), row, "column " + column + " of the row is "
                + quote(stored) + " but the record says " + quote(value(record, column))
                + ": the row was altered after it was written");
    }

    /** @return the value of a column as {@link RecordColumns#firstDifference} names it */
    static String value(RecordColumns c, String column) {
        return switch (column) {
            case "seq" -> Long.toString(c.seq());
            case "ts" -> c.ts();
            case "event_type" -> c.type();
            case "outcome" -> c.outcome();
            case "actor_id" -> c.actorId();
            case "subject_id" -> c.subjectId();
            case "client_ip" -> c.clientIp();
            case "host" -> c.host();
            case "hash" -> c.hash();
            default -> throw new IllegalArgumentException("not a checked column: " + column);
        };
    }

    /**
     * Quotes a value for a message: NULL as such, control characters escaped (a message is one
     * line), at most {@link #MAX_QUOTED} characters.
     */
    static String quote(String value) {
        if (value == null) {
            return "NULL";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_QUOTED) + 8).append('\'');
        int end = Math.min(value.length(), MAX_QUOTED);
        for (int i = 0; i < end; i++) {
            char ch = value.charAt(i);
            if (ch < 0x20 || ch == 0x7f || ch == '\u2028' || ch == '\u2029') {
                out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) ch));
            } else {
                out.append(ch);
            }
        }
        out.append('\'');
        if (value.length() > MAX_QUOTED) {
            out.append("… (").append(value.length()).append(" characters)");
        }
        return out.toString();
    }
}
