package io.govaudit;

import static io.govaudit.TrailFiles.detail;
import static io.govaudit.TrailFiles.event;
import static io.govaudit.TrailFiles.hash;
import static io.govaudit.TrailFiles.prev;
import static io.govaudit.TrailFiles.seq;
import static io.govaudit.TrailFiles.type;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.internal.store.PosixFiles;
import io.govaudit.internal.store.SegmentNames;
import io.govaudit.verify.VerificationReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening a chain whose newest segment ends in a torn tail (docs/format.md sections 6-7, STYLE.md S27):
 * the cut bytes go to a quarantine file first, the segment is cut just after its last complete,
 * hash-valid record, a {@code RECOVERY} record says how much was cut, and the chain continues.
 * Earlier bytes are never rewritten. Real files, real fsync.
 */
class TailRecoveryTest {

    private static final String CHAIN = "node-1";

    @TempDir
    Path store;

    private Path chainDir() {
        return store.resolve(CHAIN);
    }

    private Path firstSegment() {
        return chainDir().resolve(SegmentNames.logName(1));
    }

    /** Writes CHAIN_START, TRAIL_START, {@code events} events and TRAIL_STOP, and returns the lines. */
    private List<String> writeChain(int events) {
        try (AuditTrail trail = TrailFiles.trail(store, CHAIN).durability(Durability.ASYNC).build()) {
            for (int i = 0; i < events; i++) {
                trail.record(event("e" + i));
            }
        }
        return TrailFiles.lines(chainDir());
    }

    private void reopenAndClose() {
        TrailFiles.trail(store, CHAIN).build().close();
    }

    private static byte[] bytes(List<String> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : lines) {
            out.writeBytes((line + "\n").getBytes(UTF_8));
        }
        return out.toByteArray();
    }

    private static void append(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.APPEND);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /**
     * Checks everything recovery promises for one cut.
     *
     * @param segment  the segment that was cut
     * @param kept     its bytes before the cut (must be unchanged)
     * @param cut      the torn bytes (must be in the quarantine file)
     * @param n        the quarantine file's number
     * @param lastLine the last valid record before the cut
     */
    private void assertRecovered(Path segment, byte[] kept, byte[] cut, int n, String lastLine) throws IOException {
        String quarantineName = SegmentNames.quarantineName(segment.getFileName().toString(), n);
        assertThat(segment.resolveSibling(quarantineName)).hasBinaryContent(cut);

        byte[] after = Files.readAllBytes(segment);
        assertThat(after.length).isGreaterThan(kept.length);
        assertThat(Arrays.copyOf(after, kept.length)).as("bytes before the cut are never rewritten").isEqualTo(kept);

        List<String> added = new String(after, kept.length, after.length - kept.length, UTF_8).lines().toList();
        String recovery = added.get(0);
        assertThat(type(recovery)).isEqualTo("RECOVERY");
        assertThat(seq(recovery)).isEqualTo(seq(lastLine) + 1);
        assertThat(prev(recovery)).isEqualTo(hash(lastLine));
        assertThat(detail(recovery, "cut_bytes")).isEqualTo(Long.toString(cut.length));
        assertThat(detail(recovery, "kept_bytes")).isEqualTo(Long.toString(kept.length));
        assertThat(detail(recovery, "last_seq")).isEqualTo(Long.toString(seq(lastLine)));
        assertThat(detail(recovery, "segment")).isEqualTo(segment.getFileName().toString());
        assertThat(detail(recovery, "quarantine")).isEqualTo(quarantineName);
        assertThat(type(added.get(1))).isEqualTo("TRAIL_START");
        assertThat(seq(added.get(1))).isEqualTo(seq(recovery) + 1);
        assertThat(prev(added.get(1))).isEqualTo(hash(recovery));

        assertIntact();
    }

    private void assertIntact() {
        VerificationReport report = TrailFiles.verify(store);
        assertThat(report.problems()).isEmpty();
        assertThat(report.intact()).isTrue();
    }

    @Test
    void recover_tornFinalLine_quarantinesCutsAndWritesRecoveryRecord() throws IOException {
        List<String> lines = writeChain(3);
        byte[] kept = Files.readAllBytes(firstSegment());
        String last = lines.get(lines.size() - 1);
        byte[] torn = last.replace("\"seq\":" + seq(last), "\"seq\":" + (seq(last) + 1))
                .substring(0, last.length() / 2).getBytes(UTF_8); // partial JSON, no newline
        append(firstSegment(), torn);

        reopenAndClose();

        assertRecovered(firstSegment(), kept, torn, 1, last);
    }

    @Test
    void recover_crashAfterTheCutBeforeTheRecoveryRecord_isReportedByTheNextOpen() throws IOException {
        List<String> lines = writeChain(3);
        byte[] kept = Files.readAllBytes(firstSegment());
        String last = lines.get(lines.size() - 1);
        byte[] torn = last.substring(0, last.length() / 2).getBytes(UTF_8);
        append(firstSegment(), torn);
        // an open that cuts the tail and then dies before its RECOVERY record is durable
        io.govaudit.internal.store.FileChainStore.open(store, CHAIN, 64 << 20, java.time.Duration.ofDays(1)).close();
        assertThat(firstSegment()).hasBinaryContent(kept);
        assertThat(chainDir().resolve(SegmentNames.PENDING_RECOVERY_FILE)).exists();

        reopenAndClose();

        assertRecovered(firstSegment(), kept, torn, 1, last);
        assertThat(chainDir().resolve(SegmentNames.PENDING_RECOVERY_FILE)).doesNotExist();
        reopenAndClose();
        assertThat(TrailFiles.lines(chainDir()).stream().filter(l -> type(l).equals("RECOVERY"))).hasSize(1);
    }

    @Test
    void recover_completeLineWithBadHash_cutsThatLine() throws IOException {
        List<String> lines = writeChain(3);
        byte[] kept = Files.readAllBytes(firstSegment());
        String last = lines.get(lines.size() - 1);
        // complete and well-formed, but its hash does not cover its bytes
        byte[] bad = (last.replace("\"seq\":" + seq(last), "\"seq\":" + (seq(last) + 1)) + "\n").getBytes(UTF_8);
        append(firstSegment(), bad);

        reopenAndClose();

        assertRecovered(firstSegment(), kept, bad, 1, last);
    }

    @Test
    void recover_garbageAfterLastRecord_cutsAllOfIt() throws IOException {
        List<String> lines = writeChain(2);
        byte[] kept = Files.readAllBytes(firstSegment());
        byte[] garbage = "\0\0\0\0garbage\n{\"v\":1}\n\u00ff\u00fe not json\n\n\0\0".getBytes(UTF_8);
        append(firstSegment(), garbage);

        reopenAndClose();

        assertRecovered(firstSegment(), kept, garbage, 1, lines.get(lines.size() - 1));
    }

    @Test
    void recover_crashInTheMiddleOfABatch_keepsTheCompleteRecordsAndCutsThePartialOne() throws IOException {
        List<String> full = writeChain(10);
        // The store as a crash would leave it: the first 5 records durable, then a batch of which
        // 4 complete records and half of the fifth reached the file.
        byte[] committed = bytes(full.subList(0, 5));
        byte[] batchComplete = bytes(full.subList(5, 9));
        byte[] partial = Arrays.copyOf(full.get(9).getBytes(UTF_8), full.get(9).length() / 3);
        Files.write(firstSegment(), concat(concat(committed, batchComplete), partial));
        // the writer marks its head only after a force: at that crash no mark named a later record
        io.govaudit.internal.store.HeadMark.write(chainDir(), io.govaudit.testing.KeyedStore.seqOf(full.get(4)),
                io.govaudit.testing.KeyedStore.hashOf(full.get(4)),
                io.govaudit.internal.store.FileModes.OWNER_ONLY);

        reopenAndClose();

        assertRecovered(firstSegment(), concat(committed, batchComplete), partial, 1, full.get(8));
    }

    @Test
    void recover_emptyActiveSegmentAfterRoll_continuesInItWithoutRecovery() throws IOException {
        List<String> lines = writeChain(2);
        long lastSeq = seq(lines.get(lines.size() - 1));
        // A crash just after rolling: the old segment closed, the new one created but empty.
        PosixFiles.setPermissions(firstSegment(), PosixFiles.READ_ONLY);
        Path rolled = chainDir().resolve(SegmentNames.logName(lastSeq + 1));
        PosixFiles.openForWrite(rolled, StandardOpenOption.CREATE_NEW).close();
        byte[] closed = Files.readAllBytes(firstSegment());

        reopenAndClose();

        assertThat(firstSegment()).hasBinaryContent(closed);
        List<String> added = TrailFiles.lines(rolled.toString());
        assertThat(added).extracting(TrailFiles::type).containsExactly("TRAIL_START", "TRAIL_STOP");
        assertThat(seq(added.get(0))).isEqualTo(lastSeq + 1);
        assertThat(prev(added.get(0))).isEqualTo(hash(lines.get(lines.size() - 1)));
        try (var files = Files.list(chainDir())) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".torn-"));
        }
        assertIntact();
    }

    @Test
    void recover_segmentHoldingOnlyTornBytes_cutsItToEmptyAndContinuesTheChainInIt() throws IOException {
        List<String> lines = writeChain(2);
        String last = lines.get(lines.size() - 1);
        PosixFiles.setPermissions(firstSegment(), PosixFiles.READ_ONLY);
        byte[] closed = Files.readAllBytes(firstSegment());
        Path rolled = chainDir().resolve(SegmentNames.logName(seq(last) + 1));
        byte[] torn = last.substring(0, 40).getBytes(UTF_8);
        try (var channel = PosixFiles.openForWrite(rolled, StandardOpenOption.CREATE_NEW)) {
            channel.write(java.nio.ByteBuffer.wrap(torn));
        }

        reopenAndClose();

        assertThat(firstSegment()).hasBinaryContent(closed);
        assertRecovered(rolled, new byte[0], torn, 1, last);
        assertThat(seq(TrailFiles.lines(rolled.toString()).get(0)))
                .isEqualTo(SegmentNames.firstSeq(rolled.getFileName().toString()));
    }

    @Test
    void recover_firstSegmentHoldingOnlyTornBytes_startsTheChainAfresh() throws IOException {
        // a crash during the very first batch of a new chain
        Files.createDirectories(chainDir());
        byte[] torn = "{\"v\":1,\"chain\":\"node-1\",\"seq\":1,\"ts\":\"2026-".getBytes(UTF_8);
        try (var channel = PosixFiles.openForWrite(firstSegment(), StandardOpenOption.CREATE_NEW)) {
            channel.write(java.nio.ByteBuffer.wrap(torn));
        }

        reopenAndClose();

        assertThat(firstSegment().resolveSibling(SegmentNames.quarantineName(SegmentNames.logName(1), 1)))
                .hasBinaryContent(torn);
        List<String> lines = TrailFiles.lines(chainDir());
        assertThat(lines).extracting(TrailFiles::type)
                .containsExactly("CHAIN_START", "RECOVERY", "TRAIL_START", "TRAIL_STOP");
        assertThat(seq(lines.get(0))).isEqualTo(1);
        assertThat(detail(lines.get(1), "cut_bytes")).isEqualTo(Integer.toString(torn.length));
        assertThat(detail(lines.get(1), "last_seq")).isEqualTo("0");
        assertIntact();
    }

    @Test
    void recover_twice_keepsBothQuarantineFilesAndBothRecoveryRecords() throws IOException {
        writeChain(1);
        byte[] first = "torn-one".getBytes(UTF_8);
        append(firstSegment(), first);
        reopenAndClose();
        byte[] kept = Files.readAllBytes(firstSegment());
        String lastBeforeSecondCut = new String(kept, UTF_8).lines().reduce((a, b) -> b).orElseThrow();
        byte[] second = "{\"v\":1,\"chain\":\"node-1\",\"seq\":".getBytes(UTF_8);
        append(firstSegment(), second);

        reopenAndClose();

        assertThat(firstSegment().resolveSibling(SegmentNames.quarantineName(SegmentNames.logName(1), 1)))
                .hasBinaryContent(first);
        assertRecovered(firstSegment(), kept, second, 2, lastBeforeSecondCut);
        assertThat(TrailFiles.lines(chainDir())).extracting(TrailFiles::type)
                .containsSubsequence("TRAIL_STOP", "RECOVERY", "TRAIL_START", "TRAIL_STOP", "RECOVERY", "TRAIL_START");
    }

    @Test
    void open_cleanTail_writesNoRecoveryRecord() {
        writeChain(1);

        reopenAndClose();

        assertThat(TrailFiles.lines(chainDir())).extracting(TrailFiles::type)
                .containsExactly("CHAIN_START", "TRAIL_START", "ADMIN_ACTION", "TRAIL_STOP", "TRAIL_START", "TRAIL_STOP");
        assertIntact();
    }
}
