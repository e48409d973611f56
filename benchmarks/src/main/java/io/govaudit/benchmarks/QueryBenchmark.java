package io.govaudit.benchmarks;

import io.govaudit.AuditTrail;
import io.govaudit.Durability;
import io.govaudit.query.AuditQuery;
import io.govaudit.query.AuditReader;
import io.govaudit.query.QueryPage;
import io.govaudit.query.StoredRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A one-day query on a six-month file store (issue 14): {@link AuditReader} with a time range,
 * which reads only the segments that can hold the day, against the same reader asked for every
 * record and filtering the day itself (every segment read and checked: what a reader without
 * the segments' time bounds, or a grep over the files, has to do). Both check each record they
 * read against its hash and neighbours, so the ratio is the gain of skipping segments.
 *
 * <p>The store: {@code records} events spread evenly over 183 days (the default: 10 million,
 * about 55 000 a day, one segment per day by the default one-day segment age, about 5 GB),
 * written once through the real trail with a simulated clock into
 * {@code benchmarks/target/query-store-<records>} (or {@code -Dgovaudit.bench.queryStore=DIR}) and
 * kept for later runs: writing it takes a few minutes, reading it is what is measured. The page
 * cache holds it on this machine (24 GiB), so the figures are CPU and memory, not the disk.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar QueryBenchmark}
 * (smaller: {@code -p records=1000000}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(1)
@State(Scope.Benchmark)
public class QueryBenchmark {

    static final int DAYS = 183;
    static final Instant START = Instant.parse("2026-05-01T00:00:00Z");

    @Param("10000000")
    public long records;

    private Path store;
    private Instant dayStart;
    private Instant dayEnd;

    @Setup
    public void openStore() throws IOException {
        String configured = System.getProperty("govaudit.bench.queryStore");
        store = configured != null ? Path.of(configured) : Path.of("benchmarks", "target", "query-store-" + records);
        if (!Files.isDirectory(store.resolve("bench"))) {
            write(store, records);
        }
        dayStart = START.plus(Duration.ofDays(DAYS / 2));
        dayEnd = dayStart.plus(Duration.ofDays(1));
        System.out.printf("%nstore %s: %d records over %d days; the day: %s%n", store.toAbsolutePath(), records, DAYS,
                dayStart);
    }

    /** Writes the store through the real trail, the clock moving by an even step per record. */
    static void write(Path store, long records) {
        long stepMicros = Duration.ofDays(DAYS).toNanos() / 1_000 / records;
        AtomicLong written = new AtomicLong();
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                long micros = written.get() * stepMicros;
                return START.plusSeconds(micros / 1_000_000).plusNanos(micros % 1_000_000 * 1_000);
            }
        };
        long started = System.nanoTime();
        try (AuditTrail trail = AuditTrail.builder().directory(store).chainId("bench").system("permit-portal")
                .host("bench-host").durability(Durability.ASYNC).clock(clock).build()) {
            for (long i = 0; i < records; i++) {
                trail.record(AuditEvents.configChange());
                written.incrementAndGet();
                if (i % 100_000 == 99_999) {
                    trail.flush();
                }
            }
        }
        System.out.printf("%nwrote %d records in %.1f s%n", records, (System.nanoTime() - started) / 1e9);
    }

    /** Every record of the day, with the time range: only the day's segments are read. */
    @Benchmark
    public long oneDay() {
        AuditQuery query = AuditQuery.builder().from(dayStart).to(dayEnd).build();
        try (AuditReader reader = AuditReader.forDirectory(store); Stream<StoredRecord> day = reader.stream(query)) {
            return day.count();
        }
    }

    /** The newest page of 100 of the day, as the admin application's list shows it. */
    @Benchmark
    public QueryPage oneDayNewestPage() {
        AuditQuery query = AuditQuery.builder().from(dayStart).to(dayEnd).newestFirst().limit(100).build();
        try (AuditReader reader = AuditReader.forDirectory(store)) {
            return reader.page(query);
        }
    }

    /** Baseline: the same day, found by reading every record of the store and filtering. */
    @Benchmark
    public long oneDayByReadingEverything() {
        try (AuditReader reader = AuditReader.forDirectory(store);
             Stream<StoredRecord> all = reader.stream(AuditQuery.builder().build())) {
            return all.filter(r -> !r.ts().isBefore(dayStart) && r.ts().isBefore(dayEnd)).count();
        }
    }
}
