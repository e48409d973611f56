package io.govaudit.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one owner of file names (STYLE.md S24): format, parse, ordering. */
class SegmentNamesTest {

    @TempDir
    Path dir;

    @Test
    void logName_anySeq_isPaddedTo20Digits() {
        assertThat(SegmentNames.logName(1)).isEqualTo("00000000000000000001.log");
        assertThat(SegmentNames.logName(4711)).isEqualTo("00000000000000004711.log");
        assertThat(SegmentNames.logName(Long.MAX_VALUE)).isEqualTo("09223372036854775807.log");
    }

    @Test
    void firstSeq_ofLogName_roundTrips() {
        Random random = new Random(42);
        for (int i = 0; i < 1000; i++) {
            long seq = 1 + (random.nextLong() & Long.MAX_VALUE - 1);
            assertThat(SegmentNames.firstSeq(SegmentNames.logName(seq))).isEqualTo(seq);
            assertThat(SegmentNames.firstSeq(SegmentNames.logName(seq) + ".gz")).isEqualTo(seq);
        }
    }

    @Test
    void isGzip_plainAndGzippedNames_areToldApart() {
        assertThat(SegmentNames.isGzip("00000000000000000001.log.gz")).isTrue();
        assertThat(SegmentNames.isGzip("00000000000000000001.log")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.log", "0000000000000000001.log", "000000000000000000001.log",
        "00000000000000000001.LOG", "00000000000000000001.log.torn-1", "00000000000000000001.log.gz.torn-1",
        "00000000000000000001.log.tmp", "00000000000000000001", "x0000000000000000001.log",
        "+0000000000000000001.log", " 00000000000000000001.log", "00000000000000000001.log ",
        "\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0661.log",
        ".lock", "session.key", "99999999999999999999.log"})
    void firstSeq_ofOtherNames_isMinusOne(String name) {
        assertThat(SegmentNames.firstSeq(name)).isEqualTo(-1);
    }

    @Test
    void quarantineName_ofASegment_appendsTornAndNumberAndIsNoSegmentName() {
        assertThat(SegmentNames.quarantineName("00000000000000004711.log", 2)).isEqualTo("00000000000000004711.log.torn-2");
        assertThat(SegmentNames.firstSeq(SegmentNames.quarantineName("00000000000000004711.log", 1))).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "node-1", "Node_1.eu-west", "0123456789012345678901234567890123456789012345678901234567890123"})
    void isChainId_acceptsValidIds(String id) {
        assertThat(SegmentNames.isChainId(id)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "..\\x", "node 1", "n\u00f6de", "01234567890123456789012345678901234567890123456789012345678901234"})
    void isChainId_rejectsInvalidIds(String id) {
        assertThat(SegmentNames.isChainId(id)).isFalse();
    }

    @Test
    void logName_sortedByName_isInSeqOrder() {
        Random random = new Random(7);
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            seqs.add(1 + (random.nextLong() & Long.MAX_VALUE - 1) >>> random.nextInt(63));
        }
        List<String> byName = seqs.stream().map(SegmentNames::logName).sorted().toList();
        List<String> bySeq = seqs.stream().sorted(Comparator.naturalOrder()).map(SegmentNames::logName).toList();
        assertThat(byName).isEqualTo(bySeq);
    }

    @Test
    void list_returnsOnlySegmentsInSeqOrder() throws IOException {
        for (String name : List.of("00000000000000000100.log", "00000000000000000002.log.gz",
                "00000000000000000010.log", "00000000000000000100.log.torn-1", ".lock", "session.key",
                "00000000000000000001.log.tmp", "notes.txt", "00000000000000000000.log", "99999999999999999999.log")) {
            Files.createFile(dir.resolve(name));
        }
        Files.createDirectory(dir.resolve("00000000000000000050.log"));

        assertThat(SegmentNames.list(dir)).extracting(p -> p.getFileName().toString())
                .containsExactly("00000000000000000002.log.gz", "00000000000000000010.log", "00000000000000000100.log");
    }
}
