package io.govaudit.benchmarks;

import io.govaudit.AuditTrail;
import io.govaudit.Durability;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Verifier speed against the ceiling set by hashing: {@link AuditVerifier} over a store of about
 * 64 MiB, and raw JDK {@code MessageDigest} SHA-256 over the same segment files, read the same
 * way (a {@code Files.newInputStream} per segment, 1 MiB reads). The store is written once per
 * trial and stays in the page cache (the machine has far more memory than the store), so both
 * measure CPU, not the disk.
 *
 * <p>Units: one operation is one full pass over the store. Besides ops/s, each benchmark reports
 * the auxiliary counter {@code bytes} (JMH prints it as {@code ·bytes}, in "ops/s"): segment bytes
 * read per second. MB/s = {@code bytes} / 1e6, equivalently ops/s × the store size printed at
 * setup. The verifier hashes each record's bytes without its {@code ,"hash":"…"}} suffix, so it
 * hashes about 13% fewer bytes than the raw pass (76 of ~580 bytes per record), but finishes one digest per record.
 *
 * <p>{@code chains}: the store holds its records in one chain, or split over two (two nodes of
 * one application). The verifier verifies the chains of a directory at once, one thread each, so
 * with two chains it uses both cores; {@code sha256} stays one pass on one thread over the same
 * files, the one-core ceiling.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// Each op is a whole pass (a fraction of a second), so few calls reach the JIT per iteration:
// four warmup iterations get the verifier to steady state where two did not.
@Warmup(iterations = 4, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
@Threads(1)
@State(Scope.Benchmark)
public class VerifyBenchmark {

    static final long STORE_BYTES = 64L * 1024 * 1024;
    private static final int BUFFER_BYTES = 1 << 20;
    private static final int RECORDS_PER_FLUSH = 10_000;

    @Param({"1", "2"})
    public int chains;

    private Path dir;
    private List<Path> segments;
    private long storeBytes;

    /** Segment bytes read, summed per iteration; JMH turns it into bytes per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    @Setup(Level.Trial)
    public void writeStore() throws IOException {
        dir = TempDirectories.create("verify");
        segments = new java.util.ArrayList<>();
        long records = 0;
        for (int c = 0; c < chains; c++) {
            String chain = "bench-" + c;
            try (AuditTrail trail = AuditTrail.builder().directory(dir).chainId(chain).system("permit-portal")
                    .host("bench-host").durability(Durability.ASYNC).build()) {
                while (TempDirectories.sizeOf(dir.resolve(chain)) < STORE_BYTES / chains) {
                    for (int i = 0; i < RECORDS_PER_FLUSH; i++) {
                        trail.record(AuditEvents.configChange());
                    }
                    trail.flush();
                }
            }
            try (Stream<Path> files = Files.list(dir.resolve(chain))) {
                segments.addAll(files.filter(p -> p.getFileName().toString().endsWith(".log")).sorted()
                        .collect(Collectors.toList()));
            }
        }
        storeBytes = 0;
        for (Path segment : segments) {
            storeBytes += Files.size(segment);
        }
        VerificationReport report = AuditVerifier.forDirectory(dir).verify();
        if (!report.intact()) {
            throw new IllegalStateException("benchmark store is not intact: " + report.problems());
        }
        for (var chain : report.chains()) {
            records += chain.records();
        }
        System.out.printf("%nstore: %d bytes in %d segment(s) of %d chain(s), %d records%n", storeBytes,
                segments.size(), chains, records);
    }

    @TearDown(Level.Trial)
    public void deleteStore() throws IOException {
        TempDirectories.delete(dir);
    }

    @Benchmark
    public VerificationReport verify(Bytes counter) throws IOException {
        VerificationReport report = AuditVerifier.forDirectory(dir).verify();
        if (!report.intact()) {
            throw new IllegalStateException("store changed under the benchmark: " + report.problems());
        }
        counter.bytes += storeBytes;
        return report;
    }

    @Benchmark
    public byte[] sha256(Bytes counter) throws IOException, NoSuchAlgorithmException {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[BUFFER_BYTES];
        for (Path segment : segments) {
            try (InputStream in = Files.newInputStream(segment)) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    sha256.update(buf, 0, n);
                }
            }
        }
        counter.bytes += storeBytes;
        return sha256.digest();
    }
}
