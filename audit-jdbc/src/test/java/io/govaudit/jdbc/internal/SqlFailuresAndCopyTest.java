package io.govaudit.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Failure classification and COPY text escaping, without a database. */
class SqlFailuresAndCopyTest {

    @Test
    void isOutOfSpace_diskFullAndInsufficientResources_butNotOtherResourceErrors() {
        assertThat(SqlFailures.isOutOfSpace(new IOException("commit failed",
                new SQLException("could not extend file: No space left on device", "53100")))).isTrue();
        assertThat(SqlFailures.isOutOfSpace(new SQLException("insufficient resources", "53000"))).isTrue();
        assertThat(SqlFailures.isOutOfSpace(new SQLException("too many connections", "53300"))).isFalse();
        assertThat(SqlFailures.isOutOfSpace(new SQLException("out of memory", "53200"))).isFalse();
        assertThat(SqlFailures.isOutOfSpace(new SQLException("IO Exception: No space left on device", "90028")))
                .isTrue();
        assertThat(SqlFailures.isOutOfSpace(new SQLException("connection refused", "08001"))).isFalse();
    }

    @Test
    void copyBinary_valuesAsTheirBytes_nullAsMinusOne_tsAsPostgresMicros() throws IOException {
        String line = "{\"v\":1,\"chain\":\"c\",\"seq\":1,\"ts\":\"2000-01-01T00:00:01.000002Z\",\"type\":\"LOGIN\","
                + "\"outcome\":\"SUCCESS\",\"actor\":{\"id\":\"x\\ty\\\\N\"},\"prev\":\"" + "0".repeat(64)
                + "\",\"hash\":\"" + "a".repeat(64) + "\"}";
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        StagedRow row = new StagedRow(RecordColumns.read(bytes, 0, bytes.length), line, bytes.length + 1);
        assertThat(row.columns().actorId()).isEqualTo("x\ty\\N");

        java.nio.ByteBuffer copy = java.nio.ByteBuffer.wrap(CopyBinaryRowWriter.encode("c", List.of(row)));

        byte[] signature = new byte[11];
        copy.get(signature);
        assertThat(signature).isEqualTo(new byte[] {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0});
        assertThat(copy.getInt()).isZero(); // flags
        assertThat(copy.getInt()).isZero(); // no header extension
        assertThat(copy.getShort()).isEqualTo((short) RowWriter.COLUMN_COUNT);
        assertThat(text(copy)).isEqualTo("c");
        assertThat(copy.getInt()).isEqualTo(8);
        assertThat(copy.getLong()).isEqualTo(1L);
        assertThat(copy.getInt()).isEqualTo(8);
        assertThat(copy.getLong()).isEqualTo(1_000_002L); // microseconds since 2000-01-01 UTC
        assertThat(text(copy)).isEqualTo("LOGIN");
        assertThat(text(copy)).isEqualTo("SUCCESS");
        assertThat(text(copy)).isEqualTo("x\ty\\N"); // the tab and backslash as they are
        assertThat(copy.getInt()).isEqualTo(-1); // subject_id NULL
        assertThat(copy.getInt()).isEqualTo(-1); // client_ip NULL
        assertThat(copy.getInt()).isEqualTo(-1); // host NULL
        assertThat(text(copy)).isEqualTo(line);
        assertThat(text(copy)).isEqualTo("a".repeat(64));
        assertThat(copy.getShort()).isEqualTo((short) -1); // trailer
        assertThat(copy.hasRemaining()).isFalse();
        assertThat(CopyBinaryRowWriter.micros(java.time.Instant.parse("1999-12-31T23:59:59.999999Z"))).isEqualTo(-1L);
    }

    private static String text(java.nio.ByteBuffer copy) {
        byte[] value = new byte[copy.getInt()];
        copy.get(value);
        return new String(value, StandardCharsets.UTF_8);
    }
}
