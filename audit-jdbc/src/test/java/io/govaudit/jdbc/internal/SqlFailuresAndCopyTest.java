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
    void copyText_escapesBackslashTabNewlineReturn_andWritesNullAsBackslashN() throws IOException {
        StringBuilder out = new StringBuilder();
        CopyRowWriter.escape(out, "a\\b\tc\nd\re\\N.\u2028é");
        assertThat(out.toString()).isEqualTo("a\\\\b\\tc\\nd\\re\\\\N.\u2028é");

        String line = "{\"v\":1,\"chain\":\"c\",\"seq\":1,\"ts\":\"2026-01-01T00:00:00.000000Z\",\"type\":\"LOGIN\","
                + "\"outcome\":\"SUCCESS\",\"actor\":{\"id\":\"x\\ty\"},\"prev\":\"" + "0".repeat(64)
                + "\",\"hash\":\"" + "a".repeat(64) + "\"}";
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        StagedRow row = new StagedRow(RecordColumns.read(bytes, 0, bytes.length), line, bytes.length + 1);
        assertThat(row.columns().actorId()).isEqualTo("x\ty");
        String copy = new String(CopyRowWriter.encode("c", List.of(row)), StandardCharsets.UTF_8);
        assertThat(copy).endsWith("\n")
                .contains("\tx\\ty\t\\N\t\\N\t\\N\t"); // actor_id with its tab escaped, then null subject, ip, host
        assertThat(copy.substring(0, copy.length() - 1).split("\t", -1)).hasSize(RowWriter.COLUMN_COUNT);
    }
}
