package io.govaudit.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * A load-tolerant companion to {@link MaskingBenchmark} for a shared machine, built like
 * {@link VerifyCpuRatio}: the {@code OFF} and {@code DEFAULT} encoders alternate in rounds of
 * {@value #EVENTS} encodes each, timed in CPU time of the calling thread, so both see the same
 * load and a core lost to another process does not count. Not a JMH benchmark: the first
 * {@code warmup} rounds are discarded, one JVM.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.govaudit.benchmarks.MaskingCpuRatio [rounds] [warmup]}
 * (defaults 40 and 20). Prints the median ns per event of each and their ratio.
 */
public final class MaskingCpuRatio {

    static final int EVENTS = 200_000;

    private MaskingCpuRatio() {
    }

    /**
     * Runs the comparison.
     *
     * @param args rounds and warm-up rounds
     */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        for (String note : new String[] {"PLAIN", "IDENTIFIER"}) {
            compare(note, rounds, warmup);
        }
    }

    private static void compare(String note, int rounds, int warmup) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        MaskingBenchmark[] benches = {new MaskingBenchmark(), new MaskingBenchmark()};
        benches[0].masking = "OFF";
        benches[1].masking = "DEFAULT";
        for (MaskingBenchmark bench : benches) {
            bench.note = note;
            bench.setUp();
        }
        double[][] cpu = new double[2][rounds];
        long sink = 0;
        for (int round = -warmup; round < rounds; round++) {
            for (int which = 0; which < 2; which++) {
                long cpu0 = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < EVENTS; i++) {
                    sink += benches[which].encode().length;
                }
                if (round >= 0) {
                    cpu[which][round] = (threads.getCurrentThreadCpuTime() - cpu0) / (double) EVENTS;
                }
            }
        }
        double off = median(cpu[0]);
        double on = median(cpu[1]);
        System.out.printf("note %s: OFF %.1f ns/event, DEFAULT %.1f ns/event (CPU time, medians of %d rounds); "
                + "ratio DEFAULT / OFF: %.3f (%d)%n", note, off, on, rounds, on / off, sink % 10);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return (sorted[sorted.length / 2] + sorted[(sorted.length - 1) / 2]) / 2;
    }
}
