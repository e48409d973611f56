package io.govaudit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's binary COPY format, split: header, NULLs, hostile text values taken byte for byte,
 * the trailer, and refusal of anything that is not exactly one tuple.
 */
class CopyBinaryRowTest {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};

    /** A tuple of text fields (null = NULL), optionally after the stream header. */
    private static byte[] tuple(boolean header, String... values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        if (header) {
            out.write(SIGNATURE);
            out.writeInt(0);
            out.writeInt(3);
            out.write(new byte[] {9, 9, 9}); // a header extension is skipped
        }
        out.writeShort(values.length);
        for (String value : values) {
            if (value == null) {
                out.writeInt(-1);
            } else {
                byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
                out.writeInt(utf8.length);
                out.write(utf8);
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void parse_hostileValues_takenByteForByte() throws IOException {
        String[] values = {"tab\there", "back\\slash\\", "new\nline\r\n", "\\N", "\u2028\u2029", "中文 ü é",
            "\uFFFD replaced nul", "x".repeat(100_000), "{\"a\":\"\\u0000\\t\\\"\"}", "", null};
        CopyBinaryRow row = new CopyBinaryRow(values.length);

        assertThat(row.parse(tuple(true, values))).isTrue();

        for (int i = 0; i < values.length; i++) {
            assertThat(row.string(i)).isEqualTo(values[i]);
        }
        assertThat(row.isNull(values.length - 1)).isTrue();
        assertThat(row.isNull(values.length - 2)).isFalse();
    }

    @Test
    void parse_secondTupleWithoutHeader_thenTrailer_endsTheStream() throws IOException {
        CopyBinaryRow row = new CopyBinaryRow(1);
        row.parse(tuple(true, "first"));

        assertThat(row.parse(tuple(false, "second"))).isTrue();
        assertThat(row.string(0)).isEqualTo("second");
        assertThat(row.parse(new byte[] {(byte) 0xff, (byte) 0xff})).isFalse();
    }

    @Test
    void int64_bigEndian() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(SIGNATURE);
        out.writeInt(0);
        out.writeInt(0);
        out.writeShort(2);
        out.writeInt(8);
        out.writeLong(-2L);
        out.writeInt(8);
        out.writeLong(Long.MAX_VALUE);
        CopyBinaryRow row = new CopyBinaryRow(2);

        row.parse(bytes.toByteArray());

        assertThat(row.int64(0)).isEqualTo(-2L);
        assertThat(row.int64(1)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void parse_notExactlyOneTuple_refused() throws IOException {
        assertThatThrownBy(() -> new CopyBinaryRow(1).parse(tuple(false, "no header")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("signature");
        assertThatThrownBy(() -> new CopyBinaryRow(2).parse(tuple(true, "one")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 fields, expected 2");
        byte[] cut = tuple(true, "cut short");
        assertThatThrownBy(() -> new CopyBinaryRow(1).parse(java.util.Arrays.copyOf(cut, cut.length - 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ends inside");
        byte[] extra = java.util.Arrays.copyOf(cut, cut.length + 1);
        assertThatThrownBy(() -> new CopyBinaryRow(1).parse(extra))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("after its tuple");
        assertThatThrownBy(() -> new CopyBinaryRow(1).int64(0)).isInstanceOf(RuntimeException.class);
    }
}
