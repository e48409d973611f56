package io.govaudit;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A child JVM that writes a trail, for tests that need a second process: {@link CrashIT} kills it
 * while it records, {@link ChainLockIT} has it hold a chain. It talks to the test on stdout, one
 * flushed line per message.
 *
 * <pre>
 * record &lt;store&gt; &lt;chain&gt; &lt;threads&gt; &lt;segmentMaxBytes&gt; &lt;run&gt;
 *     SYNC trail; each thread records until killed and prints "&lt;seq&gt; &lt;eid&gt;" after record() returns
 * record-async &lt;store&gt; &lt;chain&gt; &lt;threads&gt; &lt;segmentMaxBytes&gt; &lt;run&gt;
 *     ASYNC trail; each thread records until killed, calls flush() after every 64 of its records
 *     and then prints "FLUSHED &lt;thread&gt; &lt;n&gt;": its records 0..n are durable
 * replicate &lt;store&gt; &lt;chain&gt; &lt;threads&gt; &lt;segmentMaxBytes&gt; &lt;run&gt; &lt;replica&gt;
 *     as record, with the trail replicating to the replica directory
 * hold &lt;store&gt; &lt;chain&gt;
 *     opens the trail, prints "READY", closes it when stdin ends or a line arrives, prints "CLOSED";
 *     prints "LOCKED &lt;message&gt;" and exits if another writer holds the chain
 * </pre>
 */
public final class TrailChild {

    private TrailChild() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        Path store = Path.of(args[1]);
        String chain = args[2];
        switch (args[0]) {
            case "record" -> record(out, store, chain, Integer.parseInt(args[3]), Long.parseLong(args[4]), args[5]);
            case "record-async" -> recordAsync(out, store, chain, Integer.parseInt(args[3]), Long.parseLong(args[4]),
                    args[5]);
            case "replicate" -> replicate(out, store, chain, Integer.parseInt(args[3]), Long.parseLong(args[4]),
                    args[5], Path.of(args[6]));
            case "hold" -> hold(out, store, chain);
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static void record(PrintStream out, Path store, String chain, int threads, long segmentMaxBytes,
            String run) throws InterruptedException {
        AuditTrail trail = TrailFiles.trail(store, chain).durability(Durability.SYNC)
                .segmentMaxBytes(segmentMaxBytes).build();
        io.govaudit.testing.ChildJvm.recordUntilKilled(trail, threads, run, TrailFiles::event, out);
    }

    private static void recordAsync(PrintStream out, Path store, String chain, int threads, long segmentMaxBytes,
            String run) throws InterruptedException {
        AuditTrail trail = TrailFiles.trail(store, chain).durability(Durability.ASYNC)
                .segmentMaxBytes(segmentMaxBytes).build();
        io.govaudit.testing.ChildJvm.untilKilled(threads, thread -> {
            for (long i = 0; ; i++) {
                trail.record(TrailFiles.event("r" + run + "-t" + thread + "-" + i));
                if (i % 64 == 63) {
                    trail.flush(); // everything queued before, this thread's records included, is durable
                    synchronized (out) {
                        out.println("FLUSHED " + thread + " " + i);
                        out.flush();
                    }
                }
            }
        });
    }

    private static void replicate(PrintStream out, Path store, String chain, int threads, long segmentMaxBytes,
            String run, Path replica) throws InterruptedException {
        AuditTrail trail = TrailFiles.trail(store, chain).durability(Durability.SYNC)
                .segmentMaxBytes(segmentMaxBytes).replicateTo(replica).build();
        io.govaudit.testing.ChildJvm.recordUntilKilled(trail, threads, run, TrailFiles::event, out);
    }

    private static void hold(PrintStream out, Path store, String chain) throws Exception {
        AuditTrail trail;
        try {
            trail = TrailFiles.trail(store, chain).build();
        } catch (ChainLockedException e) {
            out.println("LOCKED " + e.getMessage());
            out.flush();
            return;
        }
        try (trail) {
            out.println("READY " + trail.chainId());
            out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        out.println("CLOSED");
        out.flush();
    }

    /** Starts this class in a new JVM with the test class path. */
    static Process start(Path errorLog, String... args) throws java.io.IOException {
        return io.govaudit.testing.ChildJvm.start(TrailChild.class, errorLog, args);
    }
}
