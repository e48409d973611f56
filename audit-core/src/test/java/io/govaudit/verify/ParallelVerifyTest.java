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

        VerificationReport serial = AuditVerifier.forDirectory(store).threads(1).verify();
        VerificationReport parallel = AuditVerifier.forDirectory(store).threads(4).verify();

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
        VerificationReport report = AuditVerifier.forDirectory(store).threads(4).progress((chain, segment, done, total) -> {
            threads.add(Thread.currentThread().getName());
            assertThat(done).isLessThanOrEqualTo(total);
            last.accumulateAndGet(done, Math::max);
        }).verify();

        assertThat(report.intact()).isTrue();
        assertThat(threads).allSatisfy(name -> assertThat(name).startsWith("govaudit-verifier-"));
        long total = report.chains().stream().mapToLong(ChainReport::bytes).sum();
        assertThat(last.get()).isLessThanOrEqualTo(total);
    }

    /** Replaces the {@code "u-} of the line holding byte {@code at} with {@code "x-}: that record's hash no longer matches. */
    private static void tamperLineAt(Path segment, int at) throws IOException {
        byte[] bytes = Files.readAllBytes(segment);
        int lineStart = at;
        while (lineStart > 0 && bytes[lineStart - 1] != '\n') {
            lineStart--;
        }
        String line = new String(bytes, lineStart, Math.min(4096, bytes.length - lineStart), StandardCharsets.UTF_8);
        int u = line.indexOf("\"u-");
        assertThat(u).as("a subject id in the line at byte %d", at).isPositive();
        assertThat(line.indexOf('\n')).as("the line ends after byte %d", at).isGreaterThan(at - lineStart);
        bytes[lineStart + u + 1] = 'x';
        segment.toFile().setWritable(true, true);
        Files.write(segment, bytes);
    }

    @Test
    void verify_oneChainReadAndHashedAhead_sameReportAsOnOneThread() throws IOException {
        try (AuditTrail trail = AuditTrail.builder().directory(store).chainId("solo").system("permit-portal")
                .host("node-solo").segmentMaxBytes(1 << 20).build()) {
            for (int i = 0; i < 6000; i++) {
                trail.record(AuditEvent.userLock(Actor.builder("A123456").admin(true).build(), "u-" + i).build());
            }
        }
        List<Path> segments;
        try (Stream<Path> files = Files.list(store.resolve("solo"))) {
            segments = files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList();
        }
        assertThat(segments).hasSizeGreaterThanOrEqualTo(3);
        Path first = segments.get(0);
        tamperLineAt(first, 100_000); // inside the first chunk of 256 KiB: its digest is computed ahead
        tamperLineAt(first, HashAhead.CHUNK_BYTES); // the line across the first chunk boundary
        Path second = segments.get(1);
        String text = Files.readString(second, StandardCharsets.UTF_8);
        int cut = text.indexOf('\n', 300_000) + 1;
        second.toFile().setWritable(true, true);
        Files.writeString(second, text.substring(0, cut) + text.substring(text.indexOf('\n', cut) + 1),
                StandardCharsets.UTF_8); // one record deleted: a gap
        Path last = segments.get(segments.size() - 1);
        last.toFile().setWritable(true, true);
        Files.write(last, "{\"v\":2,\"chain\":\"solo\",\"seq\":99".getBytes(StandardCharsets.UTF_8),
                java.nio.file.StandardOpenOption.APPEND); // a torn tail

        VerificationReport oneThread = AuditVerifier.forDirectory(store).threads(1).verify();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        VerificationReport ahead = AuditVerifier.forDirectory(store).threads(2)
                .progress((chain, segment, done, total) -> threads.add(Thread.currentThread().getName())).verify();

        assertThat(threads).as("the segments were read on the hashing thread").contains("govaudit-verifier-hash-solo");
        assertThat(ahead).isEqualTo(oneThread);
        assertThat(ahead.problems()).extracting(Problem::kind)
                .contains(ProblemKind.HASH_MISMATCH, ProblemKind.TORN_TAIL)
                .filteredOn(kind -> kind == ProblemKind.HASH_MISMATCH).hasSize(2);
        assertThat(ahead.chains().get(0).records()).isEqualTo(oneThread.chains().get(0).records());
    }
}
