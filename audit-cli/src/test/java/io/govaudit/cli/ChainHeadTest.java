package io.govaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainHeadTest {

    @TempDir
    Path store;

    @Test
    void lastSeq_missingChain_isZero() throws IOException {
        assertThat(ChainHead.lastSeq(store, "none")).isZero();
    }

    @Test
    void lastSeq_tornTail_isSeqOfLastCompleteLine() throws IOException {
        CliRun.of("generate", store.toString(), "--chain", "c", "--count", "7");
        Files.write(Segments.of(store, "c").get(0), "{\"v\":1,\"chain\":\"c\",\"seq\":11".getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);

        assertThat(ChainHead.lastSeq(store, "c")).isEqualTo(10);
    }

    @Test
    void lastSeq_manySegments_readsNewest() throws IOException {
        CliRun.of("generate", store.toString(), "--chain", "c", "--count", "300", "--segment-bytes", "16384");

        assertThat(Segments.of(store, "c")).hasSizeGreaterThan(2);
        assertThat(ChainHead.lastSeq(store, "c")).isEqualTo(303);
    }
}
