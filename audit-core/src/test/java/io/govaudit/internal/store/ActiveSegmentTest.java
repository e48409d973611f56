package io.govaudit.internal.store;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes, forces, rewinds and rolls of the appended segment (docs/format.md section 6). */
class ActiveSegmentTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final byte[] LINE = "0123456789\n".getBytes(US_ASCII);

    @TempDir
    Path chainDir;

    /** Fault injection with instance knobs (STYLE.md S35): writes only {@code shortBy} bytes less. */
    private static final class ShortWrite implements SegmentIo {
        int shortBy;

        @Override
        public void write(FileChannel channel, ByteBuffer buffer) throws IOException {
            if (shortBy == 0) {
                SegmentIo.super.write(channel, buffer);
                return;
            }
            buffer.limit(buffer.limit() - shortBy);
            SegmentIo.super.write(channel, buffer);
            throw new IOException("short write");
        }
    }

    private ActiveSegment create(long firstSeq, SegmentIo io) throws IOException {
        return ActiveSegment.create(chainDir, firstSeq, io, FileModes.OWNER_ONLY, 100, Duration.ofHours(1));
    }

    @Test
    void rewind_afterAShortWrite_cutsBackToTheLastForceAndCountsTheCut() throws IOException {
        ShortWrite io = new ShortWrite();
        ActiveSegment active = create(1, io);
        active.write(LINE, LINE.length, T0);
        active.force();
        io.shortBy = 4;

        assertThatThrownBy(() -> active.write(LINE, LINE.length, T0)).hasMessage("short write");
        long cut = active.rewind();

        assertThat(cut).isEqualTo(LINE.length);
        assertThat(active.size()).isEqualTo(LINE.length);
        assertThat(Files.readAllBytes(active.path())).isEqualTo(LINE);
        active.close();
    }

    @Test
    void mustRoll_emptySegment_neverRollsEvenForAnOversizedRecord() throws IOException {
        ActiveSegment active = create(1, SegmentIo.SYSTEM);

        assertThat(active.mustRoll(0, 1_000, T0.plus(Duration.ofDays(2)))).isFalse();
        active.close();
    }

    @Test
    void mustRoll_sizeOrAgeBoundReached_rolls() throws IOException {
        ActiveSegment active = create(1, SegmentIo.SYSTEM);
        active.write(LINE, LINE.length, T0);

        assertThat(active.mustRoll(0, 89, T0)).isFalse();
        assertThat(active.mustRoll(0, 90, T0)).isTrue();
        assertThat(active.mustRoll(0, 1, T0.plus(Duration.ofHours(1)))).isTrue();
        active.close();
    }

    @Test
    void roll_segmentWithRecords_returnsItForcedAndSwitchesToTheNextName() throws IOException {
        ActiveSegment active = create(1, SegmentIo.SYSTEM);
        active.write(LINE, LINE.length, T0);

        Path previous = active.roll(2);

        assertThat(previous).isEqualTo(chainDir.resolve(SegmentNames.logName(1)));
        assertThat(Files.readAllBytes(previous)).isEqualTo(LINE);
        assertThat(active.path()).isEqualTo(chainDir.resolve(SegmentNames.logName(2)));
        assertThat(active.size()).isZero();
        active.close();
    }

    @Test
    void roll_emptySegment_deletesItInsteadOfClosingIt() throws IOException {
        ActiveSegment active = create(1, SegmentIo.SYSTEM);

        assertThat(active.roll(7)).isNull();

        assertThat(chainDir.resolve(SegmentNames.logName(1))).doesNotExist();
        assertThat(active.path()).exists();
        active.close();
    }

    @Test
    void close_emptySegment_deletesItSoTheNextOpenCreatesIt() throws IOException {
        ActiveSegment active = create(3, SegmentIo.SYSTEM);

        active.close();

        assertThat(active.path()).doesNotExist();
    }

    @Test
    void continueAt_existingSegment_appendsAtItsEnd() throws IOException {
        Path segment = Files.write(chainDir.resolve(SegmentNames.logName(1)), LINE);
        ActiveSegment active = ActiveSegment.continueAt(segment, SegmentIo.SYSTEM, FileModes.OWNER_ONLY, 100,
                Duration.ofHours(1));

        active.write(LINE, LINE.length, T0);
        active.force();
        active.close();

        assertThat(Files.size(segment)).isEqualTo(2L * LINE.length);
    }
}
