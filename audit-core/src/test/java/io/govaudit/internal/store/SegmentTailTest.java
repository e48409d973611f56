package io.govaudit.internal.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.Actor;
import io.govaudit.AuditEvent;
import io.govaudit.AuditTrail;
import io.govaudit.Durability;
import io.govaudit.testing.TestClock;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the last complete, hash-valid record from the end of a segment (STYLE.md S27). */
class SegmentTailTest {

    @TempDir
    Path store;

    /** Writes a real chain and returns its first segment (CHAIN_START, TRAIL_START, events, TRAIL_STOP). */
    private Path writeChain(String chain, int events, String detail) {
        try (AuditTrail trail = AuditTrail.builder().directory(store).chainId(chain).system("test").host("h")
                .clock(TestClock.create()).durability(Durability.ASYNC).maxRecordBytes(1024 * 1024).build()) {
            for (int i = 0; i < events; i++) {
                trail.record(AuditEvent.adminAction(Actor.builder("a").build(), "op").detail("d", detail).build());
            }
        }
        return store.resolve(chain).resolve(SegmentNames.logName(1));
    }

    private static List<String> lines(Path segment) throws IOException {
        return Files.readAllLines(segment, UTF_8);
    }

    private static String lastHash(Path segment) throws IOException {
        List<String> lines = lines(segment);
        String last = lines.get(lines.size() - 1);
        return last.substring(last.length() - 66, last.length() - 2);
    }

    private static void append(Path segment, byte[] bytes) throws IOException {
        Files.write(segment, bytes, StandardOpenOption.APPEND);
    }

    @Test
    void read_cleanSegment_findsTheLastRecordAtTheEnd() throws IOException {
        Path segment = writeChain("c", 5, "x");

        SegmentTail tail = SegmentTail.read(segment, "c");

        assertThat(tail.lastSeq).isEqualTo(8);
        assertThat(tail.lastHash).isEqualTo(lastHash(segment));
        assertThat(tail.validLength).isEqualTo(Files.size(segment)).isEqualTo(tail.size);
    }

    @Test
    void read_emptySegment_findsNothing() throws IOException {
        Path segment = Files.createFile(store.resolve(SegmentNames.logName(1)));

        SegmentTail tail = SegmentTail.read(segment, "c");

        assertThat(tail.lastSeq).isZero();
        assertThat(tail.lastHash).isNull();
        assertThat(tail.validLength).isZero();
        assertThat(tail.size).isZero();
    }

    @Test
    void read_onlyGarbage_validLengthIsZero() throws IOException {
        Path segment = store.resolve(SegmentNames.logName(1));
        Files.write(segment, "{\"v\":1,\"chain\":\"c\"\nnot a record\n\0\0\0".getBytes(UTF_8));

        SegmentTail tail = SegmentTail.read(segment, "c");

        assertThat(tail.lastSeq).isZero();
        assertThat(tail.validLength).isZero();
        assertThat(tail.size).isEqualTo(Files.size(segment));
    }

    @Test
    void read_validRecordOfAnotherChainAtTheEnd_isNotAccepted() throws IOException {
        Path segment = writeChain("c", 2, "x");
        long size = Files.size(segment);
        Path other = writeChain("other", 3, "x");
        append(segment, (lines(other).get(4) + "\n").getBytes(UTF_8));

        SegmentTail tail = SegmentTail.read(segment, "c");

        assertThat(tail.lastSeq).isEqualTo(5);
        assertThat(tail.validLength).isEqualTo(size);
    }

    @Test
    void read_tornTailLongerThanTheFirstWindow_growsTheWindowUntilItFindsARecord() throws IOException {
        Path segment = writeChain("c", 3, "x");
        long size = Files.size(segment);
        byte[] garbage = new byte[300 * 1024];
        Arrays.fill(garbage, (byte) 'g');
        garbage[100 * 1024] = '\n';
        append(segment, garbage);

        SegmentTail tail = SegmentTail.read(segment, "c");

        assertThat(tail.lastSeq).isEqualTo(6);
        assertThat(tail.validLength).isEqualTo(size);
        assertThat(tail.size).isEqualTo(size + garbage.length);
    }

    @Test
    void read_lastRecordLongerThanTheFirstWindow_isFoundWhole() throws IOException {
        Path segment = writeChain("c", 2, "y".repeat(200 * 1024));
        List<String> lines = lines(segment);
        String big = lines.get(3); // seq 4, the second 200 KiB event; TRAIL_STOP (seq 5) is dropped
        byte[] kept = String.join("\n", lines.subList(0, 4)).concat("\n").getBytes(UTF_8);
        Files.write(segment, kept);
        append(segment, "torn".getBytes(UTF_8));

        SegmentTail tail = SegmentTail.read(segment, "c");

        assertThat(big.length()).isGreaterThan(200 * 1024);
        assertThat(tail.lastSeq).isEqualTo(4);
        assertThat(tail.lastHash).isEqualTo(big.substring(big.length() - 66, big.length() - 2));
        assertThat(tail.validLength).isEqualTo(kept.length);
    }

    @Test
    void read_gzippedSegment_findsTheLastRecord() throws IOException {
        Path segment = writeChain("c", 3, "x");
        Path gz = segment.resolveSibling(segment.getFileName() + ".gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(segment));
        }

        SegmentTail tail = SegmentTail.read(gz, "c");

        assertThat(tail.lastSeq).isEqualTo(6);
        assertThat(tail.lastHash).isEqualTo(lastHash(segment));
    }

    @Test
    void firstRecordTime_ofASegment_isTheTimeOfItsFirstLine() throws IOException {
        Path segment = writeChain("c", 1, "x");

        assertThat(SegmentTail.firstRecordTime(segment)).isEqualTo(TestClock.DEFAULT_START);
    }

    @Test
    void firstRecordTime_ofGarbageOrEmptySegment_isNull() throws IOException {
        Path garbage = Files.write(store.resolve("g.log"), "garbage\n".getBytes(UTF_8));
        Path empty = Files.createFile(store.resolve("e.log"));

        assertThat(SegmentTail.firstRecordTime(garbage)).isNull();
        assertThat(SegmentTail.firstRecordTime(empty)).isNull();
    }
}
