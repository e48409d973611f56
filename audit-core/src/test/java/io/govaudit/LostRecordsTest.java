package io.govaudit;

import static io.govaudit.testing.VerificationAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govaudit.internal.store.HeadMark;
import io.govaudit.internal.store.SegmentNames;
import io.govaudit.testing.KeyedStore;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.NothingToVerifyException;
import io.govaudit.verify.ProblemKind;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, parts 1 and 2: a chain whose newest records were deleted is neither silently
 * continued nor reported intact, and the verifier never gives a verdict about nothing.
 */
class LostRecordsTest {

    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

    @TempDir
    Path root;

    private Path store() {
        return root.resolve("store");
    }

    private AuditTrail.Builder plain(String chain) {
        return AuditTrail.builder().directory(store()).chainId(chain).system("permit-portal").host("node-a")
                .segmentMaxBytes(4096).maxRecordBytes(1024);
    }

    /** Records enough events for several segments and returns the chain directory. */
    private Path recordSegments(AuditTrail.Builder builder, int events) {
        try (AuditTrail trail = builder.build()) {
            for (int i = 0; i < events; i++) {
                trail.record(TrailFixture.event(i));
            }
        }
        return store().resolve(builder.chainId);
    }

    private static long lastSeqIn(Path segment) throws IOException {
        List<String> lines = Files.readAllLines(segment);
        Matcher m = SEQ.matcher(lines.get(lines.size() - 1));
        m.find();
        return Long.parseLong(m.group(1));
    }

    private static List<String> segmentNames(Path chainDir) throws IOException {
        return SegmentNames.list(chainDir).stream().map(p -> p.getFileName().toString()).toList();
    }

    @Test
    void open_activeSegmentDeleted_isRefusedNamingTheMissingRangeAndWritesNothing() throws IOException {
        Path chainDir = recordSegments(plain("node-1"), 120);
        List<Path> segments = SegmentNames.list(chainDir);
        assertThat(segments).hasSizeGreaterThan(2);
        Path newest = segments.get(segments.size() - 1);
        long head = lastSeqIn(newest);
        long keptHead = lastSeqIn(segments.get(segments.size() - 2));
        Files.delete(newest);
        List<String> before = segmentNames(chainDir);

        assertThatThrownBy(() -> plain("node-1").build())
                .isInstanceOfSatisfying(RecordsLostException.class, e -> {
                    assertThat(e.chainId()).isEqualTo("node-1");
                    assertThat(e.foundSeq()).isEqualTo(keptHead);
                    assertThat(e.knownSeq()).isEqualTo(head);
                })
                .hasMessageContaining("records " + (keptHead + 1) + ".." + head)
                .hasMessageContaining("acceptLostRecords");
        assertThat(segmentNames(chainDir)).isEqualTo(before);
    }

    @Test
    void verify_activeSegmentDeleted_isTruncatedByTheHeadMark() throws IOException {
        Path chainDir = recordSegments(plain("node-1"), 120);
        List<Path> segments = SegmentNames.list(chainDir);
        long head = lastSeqIn(segments.get(segments.size() - 1));
        long keptHead = lastSeqIn(segments.get(segments.size() - 2));
        Files.delete(segments.get(segments.size() - 1));

        VerificationReport report = AuditVerifier.forDirectory(store()).verify();

        assertThat(report).isNotIntact().hasProblem(ProblemKind.TRUNCATED).atSeq(keptHead + 1);
        assertThat(report.problems().get(0).message()).contains("head mark").contains("seq " + head);
    }

    @Test
    void open_lostRecordsAccepted_continuesAfterTheKnownHeadWithRecordsLostThatVerifyAlwaysReports()
            throws IOException {
        Path chainDir = recordSegments(plain("node-1"), 120);
        List<Path> segments = SegmentNames.list(chainDir);
        long head = lastSeqIn(segments.get(segments.size() - 1));
        long keptHead = lastSeqIn(segments.get(segments.size() - 2));
        Files.delete(segments.get(segments.size() - 1));

        try (AuditTrail trail = plain("node-1").acceptLostRecords(true).build()) {
            assertThat(trail.record(TrailFixture.event(1000)).seq().orElseThrow()).isGreaterThan(head + 1);
        }

        List<String> lost = TrailFixture.ofType(chainDir, EventType.RECORDS_LOST);
        assertThat(lost).hasSize(1);
        assertThat(lost.get(0)).contains("\"seq\":" + (head + 1) + ",")
                .contains("\"lost_from\":" + (keptHead + 1)).contains("\"lost_through\":" + head);
        assertThat(segmentNames(chainDir)).contains(SegmentNames.logName(head + 1));
        Set<Long> seqs = new HashSet<>();
        for (String line : TrailFixture.lines(chainDir)) {
            Matcher m = SEQ.matcher(line);
            m.find();
            assertThat(seqs.add(Long.parseLong(m.group(1)))).as("seq given out once: %s", line).isTrue();
        }
        VerificationReport report = AuditVerifier.forDirectory(store()).verify();
        assertThat(report).isNotIntact().hasOnlyProblemKinds(ProblemKind.RECORDS_LOST)
                .hasProblem(ProblemKind.RECORDS_LOST).atSeq(head + 1);
        // the next open finds nothing missing: the loss is recorded once
        try (AuditTrail trail = plain("node-1").build()) {
            trail.record(TrailFixture.event(1001));
        }
        assertThat(TrailFixture.ofType(chainDir, EventType.RECORDS_LOST)).hasSize(1);
    }

    @Test
    void open_keyedSignedChainWithAllSegmentsDeleted_isRefusedEvenWithoutTheHeadMark() throws IOException {
        KeyedStore keyed = KeyedStore.create(root.resolve("keyed"));
        KeyedStore.KeyPair key = keyed.keyPair("k");
        try (AuditTrail trail = keyed.builder("node-1", key).build()) {
            for (int i = 0; i < 20; i++) {
                trail.record(TrailFixture.event(i));
            }
        }
        Path chainDir = keyed.store.resolve("node-1");
        for (Path segment : SegmentNames.list(chainDir)) {
            Files.delete(segment);
        }
        assertThat(chainDir.resolve("epoch.key")).exists();
        assertThat(chainDir.resolve("signing-key.id")).exists();

        assertThatThrownBy(() -> keyed.builder("node-1", key).build()).isInstanceOf(RecordsLostException.class)
                .hasMessageContaining("holds no records").hasMessageContaining("head mark");
        Files.delete(chainDir.resolve(HeadMark.FILE_NAME));
        assertThatThrownBy(() -> keyed.builder("node-1", key).build()).isInstanceOf(RecordsLostException.class)
                .hasMessageContaining("epoch.key, signing-key.id");
        assertThat(SegmentNames.list(chainDir)).isEmpty();

        VerificationReport report = AuditVerifier.forDirectory(keyed.store).hmacSeed(keyed.seedFile)
                .trustedKey(key.publicPem).verify();
        assertThat(report).isNotIntact().hasProblem(ProblemKind.NO_RECORDS).inChain("node-1");
    }

    @Test
    void open_headRecordReplaced_isRefusedEvenWhenLossesAreAccepted() throws IOException {
        Path chainDir = recordSegments(plain("node-1"), 5);
        HeadMark mark = HeadMark.read(chainDir);
        Files.writeString(chainDir.resolve(HeadMark.FILE_NAME), mark.seq() + " " + "ab".repeat(32) + "\n");

        assertThatThrownBy(() -> plain("node-1").acceptLostRecords(true).build())
                .isInstanceOf(RecordsLostException.class).hasMessageContaining("rewritten");
    }

    @Test
    void open_tornTailAfterCrash_isStillRecoveredWithoutComplaint() throws IOException {
        Path chainDir = recordSegments(plain("node-1"), 5);
        Path newest = SegmentNames.list(chainDir).get(SegmentNames.list(chainDir).size() - 1);
        Files.writeString(newest, "{\"v\":2,\"chain\":\"node-1\",\"seq\":", java.nio.file.StandardOpenOption.APPEND);

        try (AuditTrail trail = plain("node-1").build()) {
            trail.record(TrailFixture.event(6));
        }
        assertThat(TrailFixture.ofType(chainDir, EventType.RECOVERY)).hasSize(1);
        assertThat(AuditVerifier.forDirectory(store()).verify()).isIntact();
    }

    @Test
    void headMark_afterRolls_namesARecordOfTheNewestSegment() throws IOException {
        Path chainDir = recordSegments(plain("node-1"), 120);
        List<Path> segments = SegmentNames.list(chainDir);
        long newestFirst = SegmentNames.firstSeq(segments.get(segments.size() - 1).getFileName().toString());

        HeadMark mark = HeadMark.read(chainDir);

        assertThat(mark.seq()).isEqualTo(lastSeqIn(segments.get(segments.size() - 1)));
        assertThat(mark.seq()).isGreaterThanOrEqualTo(newestFirst);
        assertThat(Files.getPosixFilePermissions(chainDir.resolve(HeadMark.FILE_NAME)))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void verify_chainDirectoryGivenAsStore_isNothingToVerify() {
        Path chainDir = recordSegments(plain("node-1"), 3);

        assertThatThrownBy(() -> AuditVerifier.forDirectory(chainDir).verify())
                .isInstanceOf(NothingToVerifyException.class)
                .hasMessageContaining("is a chain directory").hasMessageContaining(store().toString());
    }

    @Test
    void verify_emptyDirectory_isNothingToVerify() throws IOException {
        Files.createDirectories(store());

        assertThatThrownBy(() -> AuditVerifier.forDirectory(store()).verify())
                .isInstanceOf(NothingToVerifyException.class).hasMessageContaining("no chains found")
                .hasMessageContaining(SegmentNames.logName(1));
    }

    @Test
    void verify_parentOfSeveralStores_isNothingToVerifyNamingTheStores() throws IOException {
        recordSegments(AuditTrail.builder().directory(root.resolve("stores/a")).chainId("n1").system("s"), 0);
        recordSegments(AuditTrail.builder().directory(root.resolve("stores/b")).chainId("n1").system("s"), 0);
        Files.createDirectories(root.resolve("stores/notes"));

        assertThatThrownBy(() -> AuditVerifier.forDirectory(root.resolve("stores")).verify())
                .isInstanceOf(NothingToVerifyException.class).hasMessageContaining("2 store directories (a, b)");
    }

    @Test
    void verify_directoryWithoutGovauditFiles_isNotAChain() throws IOException {
        recordSegments(plain("node-1"), 3);
        Files.createDirectories(store().resolve("lost+found"));
        Files.createDirectories(store().resolve("backup"));

        VerificationReport report = AuditVerifier.forDirectory(store()).verify();

        assertThat(report.chains()).extracting(c -> c.chain()).containsExactly("node-1");
        assertThat(report).isIntact();
    }

    @Test
    void verify_allSegmentsDeletedStateLeft_isNoRecords() throws IOException {
        Path chainDir = recordSegments(plain("node-1"), 30);
        recordSegments(plain("node-2"), 3);
        for (Path segment : SegmentNames.list(chainDir)) {
            Files.delete(segment);
        }

        VerificationReport report = AuditVerifier.forDirectory(store()).verify();

        assertThat(report).isNotIntact().hasProblem(ProblemKind.NO_RECORDS).inChain("node-1");
    }

    @Test
    void verify_expectedChainMissing_isNoRecords() throws IOException {
        recordSegments(plain("node-1"), 3);

        VerificationReport report = AuditVerifier.forDirectory(store()).expectChain("node-2").verify();

        assertThat(report).isNotIntact().hasProblem(ProblemKind.NO_RECORDS).inChain("node-2");
        assertThat(report.problems().get(0).message()).contains("expected chains");
    }

    @Test
    void verify_headBehindExpectedHead_isTruncated() throws IOException {
        recordSegments(plain("node-1"), 3);
        long head = HeadMark.read(store().resolve("node-1")).seq();

        assertThat(AuditVerifier.forDirectory(store()).expectHead("node-1", head).verify()).isIntact();
        assertThat(AuditVerifier.forDirectory(store()).expectHead("node-1", head + 5).verify()).isNotIntact()
                .hasProblem(ProblemKind.TRUNCATED).atSeq(head + 1);
    }

    @Test
    void expectHead_badChainOrSeq_isRejected() {
        AuditVerifier verifier = AuditVerifier.forDirectory(store());

        assertThatThrownBy(() -> verifier.expectChain("../x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'../x'");
        assertThatThrownBy(() -> verifier.expectHead("node-1", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void verify_headMarkChangedBySomeoneElse_isReportedNotIntact() throws IOException {
        recordSegments(plain("node-1"), 3);
        Files.writeString(store().resolve("node-1").resolve(HeadMark.FILE_NAME), "garbage\n");

        VerificationReport report = AuditVerifier.forDirectory(store()).verify();

        assertThat(report).isNotIntact().hasProblem(ProblemKind.IO_ERROR);
        assertThatThrownBy(() -> plain("node-1").build()).isInstanceOf(AuditException.class)
                .hasMessageContaining("someone other than the writer");
    }
}
