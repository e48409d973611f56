package io.govaudit.benchmarks;

import io.govaudit.AuditTrail;
import io.govaudit.Durability;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Open-loop latency of a {@code SYNC} {@code record}: {@code threads} producers together offer
 * {@code rate} events per second on a fixed schedule (each thread one event every
 * {@code threads / rate} seconds, the threads staggered), and each record's latency is measured
 * from the time it was <em>scheduled</em>, not from when the thread got round to it, so a stall
 * is charged to every event it delayed (no coordinated omission). Beside it, on the same file
 * system, the device's own latency for one durable append (append a record-sized line,
 * {@code FileChannel.force(false)}, single thread, closed loop), measured for
 * {@code fsyncSeconds} before and again after the trail runs, into one histogram: the floor a
 * {@code SYNC} record is compared with. Between the two, the same offer against the simplest
 * group commit there is ({@link MinimalGroupCommit}: a leader writes and forces what its
 * followers appended, then wakes them), the floor of any group commit under that offer on this
 * disk: a record that arrives while a force runs waits for it and then for its own.
 *
 * <p>Not a JMH benchmark (JMH's sample mode is closed loop). Run:
 * {@code java -cp benchmarks/target/benchmarks.jar io.govaudit.benchmarks.SyncLatency [rate] [threads] [seconds] [warmupSeconds] [fsyncSeconds]}
 * (defaults 10000, 8, 20, 5, 5). Prints the percentiles in microseconds and one {@code RESULT}
 * line for {@code benchmarks/compare}.
 */
public final class SyncLatency {

    private static final long HIGHEST_NANOS = 60_000_000_000L;

    private SyncLatency() {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        int fsyncSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        Histogram fsync = new Histogram(HIGHEST_NANOS, 3);
        measureFsync(fsync, fsyncSeconds);
        Path dir = TempDirectories.create("sync-latency");
        Histogram sync;
        long recorded;
        try (AuditTrail trail = AuditTrail.builder().directory(dir).chainId("bench").system("permit-portal")
                .host("bench-host").durability(Durability.SYNC).build()) {
            Result result = offer(() -> trail.record(AuditEvents.configChange()), rate, threads, seconds, warmup);
            sync = result.histogram;
            recorded = result.histogram.getTotalCount();
        } finally {
            TempDirectories.delete(dir);
        }
        Histogram floor = minimalGroupCommit(rate, threads, seconds, warmup);
        measureFsync(fsync, fsyncSeconds);
        System.out.printf(Locale.ROOT, "SYNC record, %d events/s offered over %d threads, %d s measured: %d records, %.0f/s%n",
                rate, threads, seconds, recorded, recorded / (double) seconds);
        print("SYNC record", sync);
        print("minimal group commit (same offer)", floor);
        print("fsync (560 B append + force)", fsync);
        System.out.printf(Locale.ROOT, "RESULT sync_p50_us=%.1f sync_p99_us=%.1f sync_p999_us=%.1f fsync_p50_us=%.1f"
                + " fsync_p99_us=%.1f floor_p50_us=%.1f floor_p99_us=%.1f achieved_per_s=%.0f%n", us(sync, 50),
                us(sync, 99), us(sync, 99.9), us(fsync, 50), us(fsync, 99), us(floor, 50), us(floor, 99),
                recorded / (double) seconds);
    }

    private record Result(Histogram histogram) {
    }

    /** One durable append, returning when it is durable: a {@code SYNC} record, or the floor's. */
    @FunctionalInterface
    interface Recorder {
        void record() throws IOException;
    }

    private static Result offer(Recorder recorder, int rate, int threads, int seconds, int warmup)
            throws InterruptedException {
        long interval = threads * 1_000_000_000L / rate;
        long start = System.nanoTime() + 100_000_000L;
        long measureFrom = start + warmup * 1_000_000_000L;
        long end = measureFrom + seconds * 1_000_000_000L;
        List<Histogram> histograms = new ArrayList<>();
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Histogram histogram = new Histogram(HIGHEST_NANOS, 3);
            histograms.add(histogram);
            long first = start + t * interval / threads;
            Thread producer = new Thread(() -> produce(recorder, first, interval, measureFrom, end, histogram),
                    "producer-" + t);
            producers.add(producer);
            producer.start();
        }
        for (Thread producer : producers) {
            producer.join();
        }
        Histogram all = new Histogram(HIGHEST_NANOS, 3);
        histograms.forEach(all::add);
        return new Result(all);
    }

    private static void produce(Recorder recorder, long first, long interval, long measureFrom, long end,
            Histogram histogram) {
        for (long intended = first; intended < end; intended += interval) {
            long now;
            while ((now = System.nanoTime()) < intended) {
                LockSupport.parkNanos(intended - now);
            }
            try {
                recorder.record();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (intended >= measureFrom) {
                histogram.recordValue(Math.min(System.nanoTime() - intended, HIGHEST_NANOS));
            }
        }
    }

    /**
     * The floor of any group commit on this disk under the same offer: the same threads and
     * schedule, each "record" a 560-byte line appended to a shared buffer, made durable by the
     * first waiting caller (the leader), which writes everything appended so far, forces it and
     * wakes the others. No encoding, chaining, queue or writer thread.
     */
    private static Histogram minimalGroupCommit(int rate, int threads, int seconds, int warmup)
            throws IOException, InterruptedException {
        try (AppendFile file = AppendFile.create("sync-latency-floor")) {
            MinimalGroupCommit commit = new MinimalGroupCommit(file.channel());
            return offer(commit::record, rate, threads, seconds, warmup).histogram;
        }
    }

    /** Leader/follower group commit in its simplest form (see {@link #minimalGroupCommit}). */
    static final class MinimalGroupCommit {
        private final FileChannel channel;
        private final byte[] line = FsyncLatencyBenchmark.recordLines(1);
        private ByteBuffer open = ByteBuffer.allocate(1 << 20);
        private ByteBuffer spare = ByteBuffer.allocate(1 << 20);
        private long appended; // guarded by this
        private long durable; // guarded by this
        private boolean leading; // guarded by this

        MinimalGroupCommit(FileChannel channel) {
            this.channel = channel;
        }

        void record() throws IOException {
            long mine;
            ByteBuffer batch;
            long upTo;
            synchronized (this) {
                open.put(line);
                mine = ++appended;
                while (durable < mine && leading) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted", e);
                    }
                }
                if (durable >= mine) {
                    return;
                }
                leading = true;
                batch = open;
                open = spare;
                upTo = appended;
            }
            batch.flip();
            while (batch.hasRemaining()) {
                channel.write(batch);
            }
            channel.force(false);
            batch.clear();
            synchronized (this) {
                spare = batch;
                durable = upTo;
                leading = false;
                notifyAll();
            }
        }
    }

    private static void measureFsync(Histogram histogram, int seconds) throws IOException {
        ByteBuffer record = ByteBuffer.wrap(FsyncLatencyBenchmark.recordLines(1));
        try (AppendFile file = AppendFile.create("sync-latency-fsync")) {
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            long warmEnd = System.nanoTime() + 500_000_000L;
            long now;
            while ((now = System.nanoTime()) < end) {
                file.appendAndForce(record);
                if (now >= warmEnd) {
                    histogram.recordValue(Math.min(System.nanoTime() - now, HIGHEST_NANOS));
                }
            }
        }
    }

    private static double us(Histogram histogram, double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1e3;
    }

    private static void print(String what, Histogram histogram) {
        System.out.printf(Locale.ROOT, "%s: p50 %.1f us, p90 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us (%d samples)%n",
                what, us(histogram, 50), us(histogram, 90), us(histogram, 99), us(histogram, 99.9),
                histogram.getMaxValue() / 1e3, histogram.getTotalCount());
    }
}
