package io.govaudit.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * A load-tolerant companion to {@link VerifyBenchmark} for a shared machine: the same two passes
 * over the same store, alternated ({@code sha256}, {@code verify}, {@code sha256} …) so that both
 * see the same load, and timed in CPU time of the calling thread as well as wall time. On a
 * machine where other processes take most of the cores, wall-clock MB/s of a single-threaded
 * pass mostly measures its share of a core; CPU-time MB/s does not, so the ratio of the two
 * CPU-time figures is the verifier's cost relative to hashing. Not a JMH benchmark: JIT warmup
 * is handled by discarding the first {@code warmup} rounds, and there is one JVM.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.govaudit.benchmarks.VerifyCpuRatio [rounds] [warmup] [chains]}
 * (defaults 20, 10 and 1). Prints the median of each figure over the measured rounds.
 */
public final class VerifyCpuRatio {

    private VerifyCpuRatio() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        VerifyBenchmark bench = new VerifyBenchmark();
        bench.chains = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        bench.writeStore();
        try {
            VerifyBenchmark.Bytes counter = new VerifyBenchmark.Bytes();
            double[][] cpu = new double[2][rounds];
            double[][] wall = new double[2][rounds];
            for (int round = -warmup; round < rounds; round++) {
                for (int which = 0; which < 2; which++) {
                    long cpu0 = threads.getCurrentThreadCpuTime();
                    long wall0 = System.nanoTime();
                    counter.reset();
                    if (which == 0) {
                        bench.sha256(counter);
                    } else {
                        bench.verify(counter);
                    }
                    if (round >= 0) {
                        cpu[which][round] = counter.bytes * 1e3 / (threads.getCurrentThreadCpuTime() - cpu0);
                        wall[which][round] = counter.bytes * 1e3 / (System.nanoTime() - wall0);
                    }
                }
            }
            double shaCpu = median(cpu[0]);
            double verifyCpu = median(cpu[1]);
            System.out.printf("sha256: %.1f MB/s of CPU time, %.1f MB/s wall (medians of %d rounds)%n",
                    shaCpu, median(wall[0]), rounds);
            System.out.printf("verify: %.1f MB/s of CPU time, %.1f MB/s wall%n", verifyCpu, median(wall[1]));
            System.out.printf("ratio verify / sha256: %.2f (CPU time), %.2f (wall)%n", verifyCpu / shaCpu,
                    median(wall[1]) / median(wall[0]));
        } finally {
            bench.deleteStore();
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
