package io.govaudit.benchmarks;

import io.govaudit.AuditTrail;
import io.govaudit.Durability;
import java.io.IOException;
import java.nio.file.Path;
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
 * Records per second with 1 and 8 producer threads: govaudit (chained, hashed, fsync'd by group
 * commit) in {@code SYNC} and {@code ASYNC} mode, against two logback baselines writing the same
 * event to a file: {@code FileAppender} + {@code PatternLayoutEncoder} and {@code FileAppender} +
 * {@code JsonEncoder}, both with {@code immediateFlush=true} (a write per event, no fsync).
 *
 * <p>Fairness: the {@code durability} parameter lives on the govaudit fixture only, so JMH runs
 * each logback baseline once per thread count rather than once per durability; every fixture gets
 * a fresh temp directory per trial on the same file system, deleted at teardown. JMH reports
 * throughput summed over all threads of a benchmark.
 *
 * <p>ASYNC measures sustained throughput, not enqueue speed: {@code record} returns once the
 * event is in the trail's bounded queue (default 4096 records) and blocks while the queue is
 * full, so after the first few milliseconds producers run at the speed of the writer thread
 * (encode chain, write, fsync). The iteration teardown flushes, so each iteration starts with an
 * empty queue and every record is on disk before the next; JMH does not time teardown, so an
 * iteration may count at most one queue's worth of records that were not yet written (4096,
 * under 0.5 % of a 3-second iteration at 300k records/s).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class RecordThroughputBenchmark {

    /** One govaudit trail per trial. */
    @State(Scope.Benchmark)
    public static class Govaudit {

        @Param({"SYNC", "ASYNC"})
        public Durability durability;

        /**
         * With {@code -p mirror=false,true}: mirrorToSlf4j, the mirror logging every record through
         * a logback file appender ({@code %msg %kvp}) on govaudit.AUDIT (issue 16: the SIEM mirror
         * must not slow recording).
         */
        @Param({"false"})
        public boolean mirror;

        /**
         * The trail's queue capacity in records ({@code -p queueCapacity=…}); 0 leaves the
         * builder's default, which is what users get.
         */
        @Param({"0"})
        public int queueCapacity;

        private Path dir;
        private AuditTrail trail;
        private MirrorFile mirrorFile;

        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = TempDirectories.create("govaudit-" + durability);
            AuditTrail.Builder builder = AuditTrail.builder();
            if (queueCapacity > 0) {
                builder.queueCapacity(queueCapacity);
            }
            trail = builder
                    .directory(dir)
                    .chainId("bench")
                    .system("permit-portal")
                    .host("bench-host")
                    .durability(durability)
                    .mirrorToSlf4j(mirror)
                    .build();
            mirrorFile = mirror ? MirrorFile.open() : null;
        }

        /** Drains the ASYNC queue so the next iteration starts empty (see class comment). */
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
                if (mirrorFile != null) {
                    mirrorFile.close();
                }
            }
        }
    }

    /** logback FileAppender + PatternLayoutEncoder, one per trial. */
    @State(Scope.Benchmark)
    public static class LogbackPattern {
        private LogbackFile file;

        @Setup(Level.Trial)
        public void open() throws IOException {
            file = LogbackFile.pattern();
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            file.close();
        }
    }

    /**
     * logback FileAppender + PatternLayoutEncoder with {@link LogbackFile#MESSAGE_PATTERN} (no
     * {@code %kvp}), for the formatted-message baseline, one per trial.
     */
    @State(Scope.Benchmark)
    public static class LogbackPatternMessage {
        private LogbackFile file;

        @Setup(Level.Trial)
        public void open() throws IOException {
            file = LogbackFile.pattern(LogbackFile.MESSAGE_PATTERN);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            file.close();
        }
    }

    /** logback FileAppender + JsonEncoder, one per trial. */
    @State(Scope.Benchmark)
    public static class LogbackJson {
        private LogbackFile file;

        @Setup(Level.Trial)
        public void open() throws IOException {
            file = LogbackFile.json();
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            file.close();
        }
    }

    @Benchmark
    @Threads(1)
    public io.govaudit.Receipt govaudit_1thread(Govaudit fixture) {
        return fixture.trail.record(AuditEvents.configChange());
    }

    @Benchmark
    @Threads(8)
    public io.govaudit.Receipt govaudit_8threads(Govaudit fixture) {
        return fixture.trail.record(AuditEvents.configChange());
    }

    /**
     * Only the event {@link #govaudit_1thread} records, built and handed to JMH: with
     * {@code -prof gc}, its bytes per operation are the event's own allocation, and
     * {@code govaudit_1thread}'s bytes per operation less these are what recording allocates
     * beyond the event ({@code benchmarks/compare}, group {@code alloc}).
     */
    @Benchmark
    @Threads(1)
    public io.govaudit.AuditEvent eventOnly_1thread() {
        return AuditEvents.configChange();
    }

    /** A servlet pool's worth of producers: meant for {@code SYNC}, where each waits for its fsync. */
    @Benchmark
    @Threads(64)
    public io.govaudit.Receipt govaudit_64threads(Govaudit fixture) {
        return fixture.trail.record(AuditEvents.configChange());
    }

    /**
     * {@link #govaudit_8threads} in a heap of 48 MiB: allocation per record beyond the event shows
     * as a lower rate against the default heap.
     */
    @Benchmark
    @Threads(8)
    @Fork(value = 1, jvmArgsAppend = "-Xmx48m")
    public io.govaudit.Receipt govaudit_8threads_xmx48m(Govaudit fixture) {
        return fixture.trail.record(AuditEvents.configChange());
    }

    @Benchmark
    @Threads(1)
    public void logbackPattern_1thread(LogbackPattern fixture) {
        AuditEvents.log(fixture.file.logger());
    }

    @Benchmark
    @Threads(8)
    public void logbackPattern_8threads(LogbackPattern fixture) {
        AuditEvents.log(fixture.file.logger());
    }

    /** The formatted message ({@code log.info("config change {} ...", args)}) through the message pattern. */
    @Benchmark
    @Threads(8)
    public void logbackPatternMessage_8threads(LogbackPatternMessage fixture) {
        AuditEvents.logFormatted(fixture.file.logger());
    }

    /** The formatted message through JsonEncoder (default members: message and arguments). */
    @Benchmark
    @Threads(8)
    public void logbackJsonMessage_8threads(LogbackJson fixture) {
        AuditEvents.logFormatted(fixture.file.logger());
    }

    @Benchmark
    @Threads(1)
    public void logbackJson_1thread(LogbackJson fixture) {
        AuditEvents.log(fixture.file.logger());
    }

    @Benchmark
    @Threads(8)
    public void logbackJson_8threads(LogbackJson fixture) {
        AuditEvents.log(fixture.file.logger());
    }
}
