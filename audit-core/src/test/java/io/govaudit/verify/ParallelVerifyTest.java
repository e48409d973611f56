package io.govaudit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.Actor;
import io.govaudit.AuditEvent;
import io.govaudit.AuditTrail;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chains are verified at once on a directory store (issue 17: the verifier on 2 cores): the report
 * is the same as one chain after another, problems included, and progress is counted once per
 * byte.
 */
class ParallelVerifyTest {

    @TempDir
    Path store;

    private void write(String chain, int events) {
        try (AuditTrail trail = AuditTrail.builder().directory(store).chainId(chain).system("permit-portal")
                .host("node-" + chain).segmentMaxBytes(8192).maxRecordBytes(1024).build()) {
            for (int i = 0; i < events; i++) {
                trail.record(AuditEvent.userLock(Actor.builder("A123456").admin(true).build(), "u-" + i).build());
            }
        }
    }

    /** Changes one byte of a record's body in the chain's second segment, leaving its hash. */
    private void tamper(String chain) throws IOException {
        List<Path> segments;
        try (Stream<Path> files = Files.list(store.resolve(chain))) {
            segments = files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList();
        }
        Path segment = segments.get(1);
        String text = Files.readString(segment, StandardCharsets.UTF_8);
        segment.toFile().setWritable(true, true);
        Files.writeString(segment, text.replaceFirst("\"u-", "\"x-"), StandardCharsets.UTF_8);
    }

    @Test
    void verify_chainsAtOnce_sameReportAsOneAfterAnother() throws IOException {
        for (int c = 0; c < 6; c++) {
            write("node-" + c, 60 + 17 * c);
        }
        tamper("node-2");
        tamper("node-5");

        VerificationReport serial = AuditVerifier.forDirectory(store).parallelism(1).verify();
        VerificationReport parallel = AuditVerifier.forDirectory(store).parallelism(4).verify();

        assertThat(parallel).isEqualTo(serial);
        assertThat(parallel.intact()).isFalse();
        assertThat(parallel.chains()).extracting(ChainReport::chain)
                .containsExactly("node-0", "node-1", "node-2", "node-3", "node-4", "node-5");
        assertThat(parallel.problems()).extracting(Problem::chain).containsOnly("node-2", "node-5");
        assertThat(parallel.problems()).extracting(Problem::kind).contains(ProblemKind.HASH_MISMATCH);
    }

    @Test
    void verify_chainsAtOnce_progressCountsEveryByteOnceFromTheVerifyingThreads() throws IOException {
        for (int c = 0; c < 4; c++) {
            write("node-" + c, 80);
        }
        AtomicLong last = new AtomicLong();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        VerificationReport report = AuditVerifier.forDirectory(store).parallelism(4).progress((chain, segment, done, total) -> {
            threads.add(Thread.currentThread().getName());
            assertThat(done).isLessThanOrEqualTo(total);
            last.accumulateAndGet(done, Math::max);
        }).verify();

        assertThat(report.intact()).isTrue();
        assertThat(threads).allSatisfy(name -> assertThat(name).startsWith("govaudit-verifier-"));
        long total = report.chains().stream().mapToLong(ChainReport::bytes).sum();
        assertThat(last.get()).isLessThanOrEqualTo(total);
    }
}
