package io.govaudit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.Actor;
import io.govaudit.AuditEvent;
import io.govaudit.AuditTrail;
import io.govaudit.testing.Segments;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rounds of {@link IncrementalVerifier} over a live trail's store, with real tampering between
 * rounds: each problem is reported once, in the round after the change, with chain, seq and file.
 */
class IncrementalVerifierTest {

    private static final String CHAIN = "c1";
    private static final Actor ADMIN = Actor.builder("A123456").admin(true).build();

    @TempDir
    Path store;

    private AuditTrail trail;
    private IncrementalVerifier verifier;
    private int events;

    @BeforeEach
    void open() throws IOException {
        trail = AuditTrail.builder().directory(store).chainId(CHAIN).system("permit-portal").host("node-a")
                .segmentMaxBytes(4096).maxRecordBytes(1024).build();
        record(40);
        verifier = AuditVerifier.forDirectory(store).incremental(Clock.systemUTC());
    }

    @AfterEach
    void close() {
        trail.close();
    }

    private void record(int n) {
        for (int i = 0; i < n; i++) {
            trail.record(AuditEvent.userLock(ADMIN, "u-" + events++).build());
        }
        trail.flush();
    }

    private List<Path> segments() {
        return Segments.list(store.resolve(CHAIN));
    }

    @Test
    void rounds_intactLiveStore_reportNothingAndReadOnlyWhatIsNew() throws IOException {
        IncrementalVerifier.Round first = verifier.verifyRound();
        assertThat(first.problems()).isEmpty();
        assertThat(first.heads()).containsEntry(CHAIN, trail.status().headSeq());
        record(30);
        IncrementalVerifier.Round second = verifier.verifyRound();
        assertThat(second.problems()).isEmpty();
        assertThat(second.heads()).containsEntry(CHAIN, trail.status().headSeq());
        IncrementalVerifier.Round idle = verifier.verifyRound();
        assertThat(idle.problems()).isEmpty();
        assertThat(idle.bytesRead()).as("an idle round hashes at most the active segment and recent files")
                .isLessThan(first.bytesRead() + second.bytesRead());
    }

    @Test
    void round_byteFlippedInVerifiedClosedSegment_reportsHashMismatchOnceWithSeqAndFile() throws IOException {
        assertThat(verifier.verifyRound().problems()).isEmpty();
        Path closed = segments().get(1);
        List<String> lines = Segments.lines(closed);
        String line = lines.get(2);
        long seq = seqOf(line);
        lines.set(2, line.replace("\"u-", "\"x-"));
        Segments.write(closed, lines);

        List<Problem> problems = verifier.verifyRound().problems();

        assertThat(problems).anySatisfy(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.HASH_MISMATCH);
            assertThat(p.chain()).isEqualTo(CHAIN);
            assertThat(p.seq()).isEqualTo(seq);
            assertThat(p.file()).isEqualTo(closed.getFileName().toString());
            assertThat(p.line()).isEqualTo(3);
        });
        assertThat(verifier.verifyRound().problems()).as("reported once").isEmpty();
    }

    @Test
    void round_lineDeletedFromVerifiedClosedSegment_reportsSeqGap() throws IOException {
        assertThat(verifier.verifyRound().problems()).isEmpty();
        Path closed = segments().get(1);
        List<String> lines = new ArrayList<>(Segments.lines(closed));
        long seq = seqOf(lines.remove(1));
        Segments.write(closed, lines);

        assertThat(verifier.verifyRound().problems()).anySatisfy(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.SEQ_GAP);
            assertThat(p.seq()).isEqualTo(seq);
            assertThat(p.file()).isEqualTo(closed.getFileName().toString());
        });
    }

    @Test
    void round_verifiedPartOfActiveSegmentCut_reportsTruncated() throws IOException {
        assertThat(verifier.verifyRound().problems()).isEmpty();
        trail.close();
        Path active = segments().get(segments().size() - 1);
        List<String> lines = Segments.lines(active);
        long last = seqOf(lines.get(lines.size() - 1));
        Segments.write(active, lines.subList(0, lines.size() - 2));

        assertThat(verifier.verifyRound().problems()).anySatisfy(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.TRUNCATED);
            assertThat(p.seq()).isEqualTo(last - 1);
        });
    }

    @Test
    void round_newSegmentNotLinkedToTheLastVerifiedRecord_reportsBrokenLink() throws IOException {
        assertThat(verifier.verifyRound().problems()).isEmpty();
        trail.close();
        Path active = segments().get(segments().size() - 1);
        List<String> lines = Segments.lines(active);
        String last = lines.get(lines.size() - 1);
        long seq = seqOf(last) + 1;
        // a forged segment appended after the chain: right seq, but its prev is not the last hash
        String forged = last.replace("\"seq\":" + (seq - 1), "\"seq\":" + seq)
                .replaceFirst("\"prev\":\"[0-9a-f]{64}\"", "\"prev\":\"" + "0".repeat(64) + "\"");
        Files.write(store.resolve(CHAIN).resolve(Segments.name(seq)), (forged + "\n").getBytes(StandardCharsets.UTF_8));

        assertThat(verifier.verifyRound().problems()).anySatisfy(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.BROKEN_LINK);
            assertThat(p.seq()).isEqualTo(seq);
            assertThat(p.file()).isEqualTo(Segments.name(seq));
        });
    }

    @Test
    void round_oldestSegmentDeletedWithoutPurgeRecord_reportsUnattestedGap() throws IOException {
        assertThat(verifier.verifyRound().problems()).isEmpty();
        Files.delete(segments().get(0));

        assertThat(verifier.verifyRound().problems()).anySatisfy(p ->
                assertThat(p.kind()).isEqualTo(ProblemKind.UNATTESTED_GAP));
    }

    @Test
    void round_closedSegmentsGzippedBetweenRounds_reportsNothing() throws IOException {
        trail.close();
        assertThat(verifier.verifyRound().problems()).isEmpty();
        try (AuditTrail reopened = AuditTrail.builder().directory(store).chainId(CHAIN).system("permit-portal")
                .host("node-a").segmentMaxBytes(4096).maxRecordBytes(1024).compressClosedSegments(true).build()) {
            for (int i = 0; i < 40; i++) {
                reopened.record(AuditEvent.userLock(ADMIN, "v-" + i).build());
            }
            reopened.flush();
        }
        assertThat(segments()).anySatisfy(p -> assertThat(p.toString()).endsWith(".log.gz"));

        assertThat(verifier.verifyRound().problems()).isEmpty();
    }

    private static long seqOf(String line) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"seq\":(\\d+)").matcher(line);
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }
}
