package io.govaudit.internal.store;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govaudit.Actor;
import io.govaudit.AuditEvent;
import io.govaudit.AuditException;
import io.govaudit.AuditTrail;
import io.govaudit.Durability;
import io.govaudit.internal.format.RecordFormat;
import io.govaudit.internal.store.FileChainStore.Recovery;
import io.govaudit.testing.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Open-time scan, quarantine, pending note and cut, without a trail around them
 * (docs/format.md sections 7 and 9a, STYLE.md S27).
 */
class TailRecoveryTest {

    private static final String CHAIN = "c";
    private static final byte[] TORN = "{\"v\":2,\"seq\":9,\"ch".getBytes(US_ASCII);

    @TempDir
    Path store;

    private Path chainDir() {
        return store.resolve(CHAIN);
    }

    /** Writes a real chain of 8 records in one segment and returns the segment. */
    private Path writeChain() {
        try (AuditTrail trail = AuditTrail.builder().directory(store).chainId(CHAIN).system("test").host("h")
                .clock(TestClock.create()).durability(Durability.ASYNC).build()) {
            for (int i = 0; i < 5; i++) {
                trail.record(AuditEvent.adminAction(Actor.builder("a").build(), "op").build());
            }
        }
        return chainDir().resolve(SegmentNames.logName(1));
    }

    private TailRecovery.Found recover() throws IOException {
        return TailRecovery.recover(chainDir(), CHAIN, SegmentNames.list(chainDir()), TailCheck.PLAIN);
    }

    private Path pendingNote() {
        return chainDir().resolve(SegmentNames.PENDING_RECOVERY_FILE);
    }

    @Test
    void recover_tornTail_quarantinesNotesAndCutsAfterTheLastValidRecord() throws IOException {
        Path segment = writeChain();
        long intact = Files.size(segment);
        Files.write(segment, TORN, StandardOpenOption.APPEND);

        TailRecovery.Found found = recover();

        Path quarantine = chainDir().resolve(SegmentNames.quarantineName(segment.getFileName().toString(), 1));
        assertThat(found.lastSeq()).isEqualTo(8);
        assertThat(found.activeSegment()).isEqualTo(segment);
        assertThat(found.recoveries()).containsExactly(new Recovery(segment, TORN.length, quarantine, intact));
        assertThat(Files.size(segment)).isEqualTo(intact);
        assertThat(Files.readAllBytes(quarantine)).isEqualTo(TORN);
        assertThat(pendingNote()).hasContent(segment.getFileName() + " " + TORN.length + " "
                + quarantine.getFileName() + " " + intact);
    }

    @Test
    void recover_noteLeftByACrashedOpen_reportsTheCutAgainWithoutCuttingMore() throws IOException {
        Path segment = writeChain();
        Files.write(segment, TORN, StandardOpenOption.APPEND);
        List<Recovery> first = recover().recoveries();
        long cutLength = Files.size(segment);

        TailRecovery.Found again = recover();

        assertThat(again.recoveries()).isEqualTo(first);
        assertThat(Files.size(segment)).isEqualTo(cutLength);
        assertThat(chainDir().resolve(SegmentNames.quarantineName(segment.getFileName().toString(), 2)))
                .doesNotExist();
    }

    @Test
    void forgetPending_afterTheRecordsAreDurable_nextRecoverReportsNothing() throws IOException {
        Path segment = writeChain();
        Files.write(segment, TORN, StandardOpenOption.APPEND);
        recover();

        TailRecovery.forgetPending(chainDir());

        assertThat(pendingNote()).doesNotExist();
        assertThat(recover().recoveries()).isEmpty();
    }

    @Test
    void recover_noteLineTornByACrash_isSkippedBecauseItsCutWasNeverMade() throws IOException {
        writeChain();
        Files.writeString(pendingNote(), SegmentNames.logName(1) + " 12\n", US_ASCII);

        assertThat(recover().recoveries()).isEmpty();
    }

    @Test
    void recover_cleanTail_cutsNothingAndWritesNoNote() throws IOException {
        Path segment = writeChain();
        long size = Files.size(segment);

        TailRecovery.Found found = recover();

        assertThat(found.recoveries()).isEmpty();
        assertThat(found.lastSeq()).isEqualTo(8);
        assertThat(Files.size(segment)).isEqualTo(size);
        assertThat(pendingNote()).doesNotExist();
    }

    @Test
    void recover_noSegments_startsAtGenesisWithoutAnActiveSegment() throws IOException {
        Files.createDirectories(chainDir());

        TailRecovery.Found found = recover();

        assertThat(found.lastSeq()).isZero();
        assertThat(found.lastHash()).isEqualTo(RecordFormat.GENESIS_PREV);
        assertThat(found.activeSegment()).isNull();
    }

    @Test
    void recover_closedSegmentWithoutAValidRecord_refusesTheOpenAndCutsNothing() throws IOException {
        Files.createDirectories(chainDir());
        Path closed = Files.write(chainDir().resolve(SegmentNames.logName(1)), TORN);
        PosixFiles.setPermissions(closed, PosixFiles.READ_ONLY);

        assertThatThrownBy(this::recover)
                .isInstanceOf(AuditException.class)
                .hasMessageContaining("closed segment " + closed + " does not end with a valid record");
        assertThat(Files.readAllBytes(closed)).isEqualTo(TORN);
    }
}
