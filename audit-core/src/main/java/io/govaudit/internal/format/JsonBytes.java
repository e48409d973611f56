package io.govaudit.internal.format;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes the JSON of a record body straight to UTF-8 bytes, byte for byte what the Jackson
 * generator of {@link RecordFormat#jsonFactory()} writes (docs/format.md section 1, "Canonical
 * encoding"), without a generator, a write context or a char buffer per event.
 *
 * <p>Strings: {@code "} and {@code \} as {@code \"} {@code \\}; U+0008, U+0009, U+000A, U+000C,
 * U+000D as {@code \b \t \n \f \r}; the other C0 controls and DEL as <code>&#92;u00XX</code> (uppercase
 * hex); the C1 controls, U+2028 and U+2029 as <code>&#92;u0085</code> … (lowercase hex, the line-safe
 * escapes); every UTF-16 surrogate, paired or not, as its own <code>&#92;uD83D</code> (uppercase hex);
 * everything else as raw UTF-8. {@code JsonBytesTest} compares this with Jackson for every
 * {@code char} and for random strings.
 *
 * <p>Numbers as Jackson writes them: {@code long} in decimal, {@code double} as
 * {@link Double#toString(double)}, {@link BigDecimal#toString()}, {@link BigInteger#toString()}.
 *
 * <p>Not thread-safe: one instance per thread, reused from event to event ({@link #reset()}).
 */
final class JsonBytes {

    /** A buffer that grew past this is not kept for the next event. */
    private static final int KEEP_BYTES = 16 * 1024;

    private static final byte[] HEX_UPPER = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX_LOWER = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** Per ASCII char: 0 written as is, a letter for a two-character escape, -1 for <code>&#92;u00XX</code>. */
    private static final byte[] ASCII_ESCAPES = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ASCII_ESCAPES[c] = -1;
        }
        ASCII_ESCAPES[0x7F] = -1;
        ASCII_ESCAPES['"'] = '"';
        ASCII_ESCAPES['\\'] = '\\';
        ASCII_ESCAPES['\b'] = 'b';
        ASCII_ESCAPES['\t'] = 't';
        ASCII_ESCAPES['\n'] = 'n';
        ASCII_ESCAPES['\f'] = 'f';
        ASCII_ESCAPES['\r'] = 'r';
    }

    private byte[] data = new byte[1024];
    private int size;

    /** @return this writer, emptied (a buffer grown past {@link #KEEP_BYTES} is let go) */
    JsonBytes reset() {
        if (data.length > KEEP_BYTES) {
            data = new byte[1024];
        }
        size = 0;
        return this;
    }

    /** @return a copy of the bytes written */
    byte[] toByteArray() {
        return Arrays.copyOf(data, size);
    }

    int size() {
        return size;
    }

    private void ensure(int more) {
        if (size + more > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, size + more));
        }
    }

    /** Writes ASCII text that needs no escaping (member names and punctuation of the format). */
    JsonBytes raw(String ascii) {
        int n = ascii.length();
        ensure(n);
        byte[] out = data;
        int at = size;
        for (int i = 0; i < n; i++) {
            out[at + i] = (byte) ascii.charAt(i);
        }
        size = at + n;
        return this;
    }

    JsonBytes raw(char c) {
        ensure(1);
        data[size++] = (byte) c;
        return this;
    }

    /** Writes {@code value} as a quoted, escaped JSON string. */
    JsonBytes string(String value) {
        int n = value.length();
        ensure(n + 2);
        byte[] out = data;
        int at = size;
        out[at++] = '"';
        int i = 0;
        for (; i < n; i++) { // the common case: printable ASCII without quote or backslash
            char c = value.charAt(i);
            if (c >= 0x80 || ASCII_ESCAPES[c] != 0) {
                break;
            }
            out[at++] = (byte) c;
        }
        size = at;
        if (i < n) {
            escapedTail(value, i);
        }
        ensure(1);
        data[size++] = '"';
        return this;
    }

    private void escapedTail(String value, int from) {
        int n = value.length();
        for (int i = from; i < n; i++) {
            char c = value.charAt(i);
            ensure(6);
            if (c < 0x80) {
                int escape = ASCII_ESCAPES[c];
                if (escape == 0) {
                    data[size++] = (byte) c;
                } else if (escape > 0) {
                    data[size++] = '\\';
                    data[size++] = (byte) escape;
                } else {
                    unicodeEscape(c, HEX_UPPER);
                }
            } else if (c <= 0x9F || c == 0x2028 || c == 0x2029) {
                unicodeEscape(c, HEX_LOWER);
            } else if (c < 0x800) {
                data[size++] = (byte) (0xC0 | (c >> 6));
                data[size++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                unicodeEscape(c, HEX_UPPER);
            } else {
                data[size++] = (byte) (0xE0 | (c >> 12));
                data[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                data[size++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    private void unicodeEscape(char c, byte[] hex) {
        data[size++] = '\\';
        data[size++] = 'u';
        data[size++] = hex[(c >> 12) & 0xF];
        data[size++] = hex[(c >> 8) & 0xF];
        data[size++] = hex[(c >> 4) & 0xF];
        data[size++] = hex[c & 0xF];
    }

    JsonBytes number(long value) {
        return raw(Long.toString(value));
    }

    JsonBytes number(double value) {
        return raw(Double.toString(value));
    }

    JsonBytes number(BigDecimal value) {
        return raw(value.toString());
    }

    JsonBytes number(BigInteger value) {
        return raw(value.toString());
    }

    JsonBytes bool(boolean value) {
        return raw(value ? "true" : "false");
    }
}
