package io.govaudit.benchmarks;

import io.govaudit.AuditTrail;
import io.govaudit.Durability;
import io.govaudit.internal.keys.Ed25519Keys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
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
 * The cost of sealing: the requirement is that keyed + signed mode keeps at least 0.9× of plain
 * mode's throughput. Records per second, {@code ASYNC}, 8 producer threads, the same event as
 * {@link RecordThroughputBenchmark}, in three modes run one after the other in one JMH run (so
 * under the same machine load, as far as a shared machine allows):
 * <ul>
 * <li>{@code PLAIN}: SHA-256 chain, no keys (the {@link RecordThroughputBenchmark} ASYNC case);</li>
 * <li>{@code KEYED}: {@code hmacSeed}: each record also carries its mac, HMAC-SHA256 under the
 *     current epoch key (format version 2: one HMAC and one SHA-256 per record);</li>
 * <li>{@code KEYED_SIGNED}: also {@code signingKey}: an Ed25519-signed {@code CHECKPOINT} record
 *     every {@code checkpointEvery} records (default 10 000, kept).</li>
 * </ul>
 * The seed (64 lowercase hex characters) and the PKCS#8 PEM key are generated per trial and
 * written 0600 next to the store. ASYNC is sustained throughput, with the same end-of-iteration
 * flush and bias as described on {@link RecordThroughputBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
@Threads(8)
@State(Scope.Benchmark)
public class SealingThroughputBenchmark {

    /** Which sealing the trail does. */
    public enum Sealing { PLAIN, KEYED, KEYED_SIGNED }

    @Param({"PLAIN", "KEYED", "KEYED_SIGNED"})
    public Sealing sealing;

    private Path dir;
    private Path keys;
    private AuditTrail trail;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = TempDirectories.create("sealing-" + sealing);
        keys = TempDirectories.create("sealing-keys-" + sealing);
        SecureRandom random = new SecureRandom();
        AuditTrail.Builder builder = AuditTrail.builder()
                .directory(dir)
                .chainId("bench")
                .system("permit-portal")
                .host("bench-host")
                .durability(Durability.ASYNC);
        if (sealing != Sealing.PLAIN) {
            byte[] seed = new byte[32];
            random.nextBytes(seed);
            builder.hmacSeed(writeSecret(keys.resolve("hmac.seed"), HexFormat.of().formatHex(seed)));
        }
        if (sealing == Sealing.KEYED_SIGNED) {
            builder.signingKey(writeSecret(keys.resolve("signing.pem"),
                    Ed25519Keys.privatePem(Ed25519Keys.generate(random))));
        }
        trail = builder.build();
    }

    private static Path writeSecret(Path file, String text) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return Files.writeString(file, text, StandardCharsets.US_ASCII);
    }

    /** Drains the queue so the next iteration starts empty (see {@link RecordThroughputBenchmark}). */
    @TearDown(Level.Iteration)
    public void flush() {
        trail.flush();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        try {
            trail.close();
        } finally {
            TempDirectories.delete(dir);
            TempDirectories.delete(keys);
        }
    }

    @Benchmark
    public io.govaudit.Receipt record() {
        return trail.record(AuditEvents.configChange());
    }
}
