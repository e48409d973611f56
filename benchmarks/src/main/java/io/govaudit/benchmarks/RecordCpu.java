package io.govaudit.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import io.govaudit.AuditTrail;
import io.govaudit.Durability;
import io.govaudit.TrailStatus;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;

/**
 * CPU time per record of the whole trail, all threads together (producers encoding, the writer
 * chaining, hashing and writing, the JIT and GC), for the {@link RecordThroughputBenchmark}
 * event: {@code threads} producers record {@code perRound} events each per round, through to a
 * {@code flush()}. On a shared machine the records/s of a JMH run mostly measure the share of
 * the cores this JVM got; the process CPU time per record does not, so two builds can be
 * compared by running this on each, alternately.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.govaudit.benchmarks.RecordCpu [durability] [threads] [perRound] [rounds] [warmup]}
 * (defaults ASYNC, 8, 20000, 10, 5). Prints the median over the measured rounds of CPU µs per
 * record and of records/s (wall).
 */
public final class RecordCpu {

    private RecordCpu() {
    }

    public static void main(String[] args) throws Exception {
        Durability durability = Durability.valueOf(args.length > 0 ? args[0] : "ASYNC");
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int perRound = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Path dir = TempDirectories.create("record-cpu");
        double[] cpuMicros = new double[rounds];
        double[] perSecond = new double[rounds];
        TrailStatus.Counters counters;
        try (AuditTrail trail = AuditTrail.builder().directory(dir).chainId("bench").system("permit-portal")
                .host("bench-host").durability(durability).build()) {
            for (int round = -warmup; round < rounds; round++) {
                long cpu0 = os.getProcessCpuTime();
                long wall0 = System.nanoTime();
                runRound(trail, threads, perRound);
                trail.flush();
                long records = (long) threads * perRound;
                if (round >= 0) {
                    cpuMicros[round] = (os.getProcessCpuTime() - cpu0) / 1e3 / records;
                    perSecond[round] = records * 1e9 / (System.nanoTime() - wall0);
                }
            }
            counters = trail.status().counters();
        } finally {
            TempDirectories.delete(dir);
        }
        System.out.printf(Locale.ROOT, "RESULT durability=%s threads=%d cpu_us_per_record=%.3f records_per_s=%.0f"
                + " (medians of %d rounds of %d records)%n", durability, threads, median(cpuMicros), median(perSecond),
                rounds, threads * perRound);
        System.out.printf(Locale.ROOT, "whole run: %d batches, %.1f records per batch, %.0f us per write + force%n",
                counters.batches(), counters.records() / (double) counters.batches(),
                counters.commitNanos() / 1e3 / counters.batches());
    }

    private static void runRound(AuditTrail trail, int threads, int perRound) throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread producer = new Thread(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < perRound; i++) {
                    trail.record(AuditEvents.configChange());
                }
            });
            producers.add(producer);
            producer.start();
        }
        for (Thread producer : producers) {
            producer.join();
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
