package io.govaudit;

import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Gzipped closed segments: the suffix protocol, recovery of a half-done step, and verification. */
class CompressionTest {

    @TempDir
    Path store;

    private AuditTrail open(boolean compress) {
        return AuditTrail.builder().directory(store).chainId("c").system("sys").host("h")
                .segmentMaxBytes(16 * 1024).compressClosedSegments(compress).build();
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(store.resolve("c"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.contains(".log")).sorted().toList();
        }
    }

    private void recordEvents(int count) {
        try (AuditTrail trail = open(true)) {
            for (int i = 0; i < count; i++) {
                trail.record(TrailFixture.event(i));
            }
        }
    }

    @Test
    void compress_closedSegments_becomeReadOnlyGzipAndVerifyIntact() throws IOException {
        recordEvents(400);
        List<String> names = names();
        assertThat(names).hasSizeGreaterThan(3);
        assertThat(names.subList(0, names.size() - 1)).allSatisfy(n -> assertThat(n).endsWith(".log.gz"));
        assertThat(names.get(names.size() - 1)).endsWith(".log");
        Path firstGz = store.resolve("c").resolve(names.get(0));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(firstGz))).isEqualTo("r--------");
        VerificationReport report = AuditVerifier.forDirectory(store).verify();
        assertThat(report.intact()).as("%s", report.problems()).isTrue();
        assertThat(report.chains().get(0).records()).isEqualTo(400 + 3); // CHAIN_START, TRAIL_START, TRAIL_STOP
    }

    @Test
    void open_afterCrashMidCompression_finishesOrUndoesTheStepAndContinues() throws IOException {
        recordEvents(200);
        List<String> names = names();
        Path chain = store.resolve("c");
        // crash after the rename but before the plain segment was deleted
        String plainName = names.get(0).replace(".log.gz", ".log");
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(chain.resolve(names.get(0))))) {
            Files.write(chain.resolve(plainName), in.readAllBytes());
        }
        // crash while a compressed copy was still being written
        Files.write(chain.resolve(names.get(1).replace(".log.gz", ".log.gz.tmp")), new byte[] {31, -117, 8});
        assertThat(AuditVerifier.forDirectory(store).verify().intact()).isTrue();

        try (AuditTrail trail = open(true)) {
            trail.record(TrailFixture.event(1));
        }
        assertThat(names()).doesNotContain(plainName).noneMatch(n -> n.endsWith(".tmp"));
        assertThat(AuditVerifier.forDirectory(store).verify().intact()).isTrue();
    }

    @Test
    void open_plainClosedSegmentsFromBefore_areCompressedLater() throws IOException {
        try (AuditTrail trail = open(false)) {
            for (int i = 0; i < 200; i++) {
                trail.record(TrailFixture.event(i));
            }
        }
        assertThat(names()).noneMatch(n -> n.endsWith(".gz"));
        try (AuditTrail trail = open(true)) {
            trail.record(TrailFixture.event(1));
        }
        List<String> names = names();
        assertThat(names.subList(0, names.size() - 1)).allSatisfy(n -> assertThat(n).endsWith(".log.gz"));
        assertThat(AuditVerifier.forDirectory(store).verify().intact()).isTrue();
    }
}
