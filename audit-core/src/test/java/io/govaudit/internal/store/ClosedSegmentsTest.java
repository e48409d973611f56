package io.govaudit.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closed-segment bookkeeping, compression's second half and purge deletion (docs/format.md section 6). */
class ClosedSegmentsTest {

    @TempDir
    Path chainDir;

    private Path segment(long firstSeq, int bytes) throws IOException {
        return Files.write(chainDir.resolve(SegmentNames.logName(firstSeq)), new byte[bytes]);
    }

    @Test
    void delete_purge_removesTheFilesAndTheirBytesFromTheCount() throws IOException {
        Path first = segment(1, 100);
        Path second = segment(10, 200);
        Path third = segment(20, 300);
        ClosedSegments closed = new ClosedSegments(chainDir, FileModes.OWNER_ONLY, List.of(first, second, third));
        UsedBytes used = UsedBytes.measure(chainDir);

        closed.delete(new Purge(List.of(first, second), 1, 19, "h", Instant.EPOCH, 300), used);

        assertThat(first).doesNotExist();
        assertThat(second).doesNotExist();
        assertThat(closed.count()).isEqualTo(1);
        assertThat(closed.newest()).isEqualTo(third);
        assertThat(used.get()).isEqualTo(300);
    }

    @Test
    void installCompressed_closedSegment_replacesThePlainFileInPlaceAndCountsTheDifference() throws IOException {
        Path first = segment(1, 100);
        Path second = segment(10, 200);
        ClosedSegments closed = new ClosedSegments(chainDir, FileModes.OWNER_ONLY, List.of(first, second));
        UsedBytes used = UsedBytes.measure(chainDir); // the compressor writes the copy after the open measured
        Path tmp = Files.write(SegmentCompressor.tmpName(first), new byte[30]);

        closed.installCompressed(new SegmentCompressor.Done(first, tmp, null), used);

        Path gz = chainDir.resolve(SegmentNames.logName(1) + ".gz");
        assertThat(first).doesNotExist();
        assertThat(tmp).doesNotExist();
        assertThat(closed.plain()).containsExactly(second);
        assertThat(closed.sizes()).containsExactly(30L, 200L);
        assertThat(used.get()).isEqualTo(230).isEqualTo(used.remeasure());
        assertThat(gz).exists();
    }

    @Test
    void installCompressed_segmentPurgedMeanwhile_deletesTheCopy() throws IOException {
        Path second = segment(10, 200);
        ClosedSegments closed = new ClosedSegments(chainDir, FileModes.OWNER_ONLY, List.of(second));
        Path purged = chainDir.resolve(SegmentNames.logName(1));
        Path tmp = Files.write(SegmentCompressor.tmpName(purged), new byte[30]);

        closed.installCompressed(new SegmentCompressor.Done(purged, tmp, null), UsedBytes.measure(chainDir));

        assertThat(tmp).doesNotExist();
        assertThat(closed.plain()).containsExactly(second);
    }

    @Test
    void measure_chainDirectory_leavesOutTheLockAndTheReserve() throws IOException {
        segment(1, 100);
        Files.write(chainDir.resolve(SegmentNames.LOCK_FILE), new byte[7]);
        Files.write(chainDir.resolve(SegmentNames.RESERVE_FILE), new byte[1000]);
        Files.write(chainDir.resolve(SegmentNames.quarantineName(SegmentNames.logName(1), 1)), new byte[5]);

        assertThat(UsedBytes.measure(chainDir).get()).isEqualTo(105);
    }
}
