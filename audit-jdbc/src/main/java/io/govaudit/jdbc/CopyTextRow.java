package io.govaudit.jdbc;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One row of PostgreSQL's COPY text format, split into its fields and decoded into one reusable
 * buffer, as bytes (the server sends UTF-8: pgjdbc sets {@code client_encoding} to UTF8).
 *
 * <p>Format (PostgreSQL documentation, COPY, "Text Format"): fields separated by a tab, the row
 * ended by a newline; a field that is exactly {@code \N} is NULL; in a value a backslash starts an
 * escape: {@code \b \f \n \r \t \v} are the control characters, {@code \}<i>digits</i> one to three
 * octal digits and {@code \x}<i>digits</i> one or two hex digits give a byte, and a backslash
 * before any other character stands for that character ({@code \\} is a backslash). The server
 * writes only the named escapes and {@code \\}, but every form is decoded.
 *
 * <p>Why not a String per field: the record text goes to the verifier as bytes, and the indexed
 * columns are compared as bytes; Strings are made only when a row must be reported.
 *
 * <p>Not thread-safe: one per stream, reused for every row.
 */
final class CopyTextRow {

    private final int fieldCount;
    private final int[] start;
    private final int[] end;
    private byte[] data = new byte[1024];
    /** The end of the decoded bytes so far, while {@link #parse} runs. */
    private int written;

    /** @param fieldCount the number of fields every row must have */
    CopyTextRow(int fieldCount) {
        this.fieldCount = fieldCount;
        this.start = new int[fieldCount];
        this.end = new int[fieldCount];
    }

    /**
     * Splits and decodes one row.
     *
     * @param row    the row as the server sent it, with or without its final newline
     * @param length how many bytes of {@code row} to read
     * @throws IllegalArgumentException if the row has another number of fields or ends inside an
     *                                  escape
     */
    void parse(byte[] row, int length) {
        int limit = length > 0 && row[length - 1] == '\n' ? length - 1 : length;
        if (data.length < limit) {
            data = new byte[Math.max(limit, data.length * 2)];
        }
        int field = 0;
        int rawStart = 0;
        start[0] = 0;
        written = 0;
        for (int i = 0; i < limit; i++) {
            byte b = row[i];
            if (b == '\t') {
                field = endField(row, rawStart, i, field);
                if (field == fieldCount) {
                    throw new IllegalArgumentException("COPY row has more than " + fieldCount + " fields");
                }
                rawStart = i + 1;
                start[field] = written;
            } else if (b != '\\') {
                data[written++] = b;
            } else {
                i = escape(row, i + 1, limit, written);
            }
        }
        if (endField(row, rawStart, limit, field) != fieldCount) {
            throw new IllegalArgumentException("COPY row has " + (field + 1) + " fields, expected " + fieldCount);
        }
    }

    /** Ends field {@code field}; marks it NULL if its raw text was exactly {@code \N}. */
    private int endField(byte[] row, int rawStart, int rawEnd, int field) {
        end[field] = written;
        if (rawEnd - rawStart == 2 && row[rawStart] == '\\' && row[rawStart + 1] == 'N') {
            start[field] = -1;
        }
        return field + 1;
    }

    /**
     * Decodes the escape whose first character after the backslash is at {@code i}.
     *
     * @return the index of the escape's last character; {@link #written} is the new output end
     */
    private int escape(byte[] row, int i, int limit, int out) {
        if (i >= limit) {
            throw new IllegalArgumentException("COPY row ends inside an escape");
        }
        byte c = row[i];
        int value;
        int last = i;
        switch (c) {
            case 'b' -> value = '\b';
            case 'f' -> value = '\f';
            case 'n' -> value = '\n';
            case 'r' -> value = '\r';
            case 't' -> value = '\t';
            case 'v' -> value = 0x0b;
            case 'x' -> {
                int v = hex(row, i + 1, limit);
                if (v < 0) {
                    value = 'x'; // "\x" without a hex digit is the letter x
                } else {
                    int v2 = hex(row, i + 2, limit);
                    value = v2 < 0 ? v : v * 16 + v2;
                    last = v2 < 0 ? i + 1 : i + 2;
                }
            }
            default -> {
                if (c >= '0' && c <= '7') {
                    value = c - '0';
                    while (last - i < 2 && last + 1 < limit && row[last + 1] >= '0' && row[last + 1] <= '7') {
                        last++;
                        value = value * 8 + row[last] - '0';
                    }
                } else {
                    value = c; // \\, \. and any other character stand for themselves
                }
            }
        }
        data[out] = (byte) value;
        written = out + 1;
        return last;
    }

    private static int hex(byte[] row, int i, int limit) {
        if (i >= limit) {
            return -1;
        }
        int c = row[i];
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    /** @return the decoded bytes of every field (valid from {@link #start} to {@link #end}) */
    byte[] data() {
        return data;
    }

    /** @return where field {@code i} starts in {@link #data}, or -1 if it is NULL */
    int start(int i) {
        return start[i];
    }

    /** @return where field {@code i} ends in {@link #data} */
    int end(int i) {
        return end[i];
    }

    /** @return whether field {@code i} is NULL */
    boolean isNull(int i) {
        return start[i] < 0;
    }

    /** @return field {@code i} as a String, or null */
    String string(int i) {
        return isNull(i) ? null : new String(data, start[i], end[i] - start[i], StandardCharsets.UTF_8);
    }

    /** @return whether field {@code i} holds exactly {@code bytes[from..to)} */
    boolean equals(int i, byte[] bytes, int from, int to) {
        return !isNull(i) && Arrays.equals(data, start[i], end[i], bytes, from, to);
    }
}
