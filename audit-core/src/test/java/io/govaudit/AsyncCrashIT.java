package io.govaudit;

import static io.govaudit.TrailFiles.detail;
import static io.govaudit.TrailFiles.seq;
import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.testing.ChildJvm;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills an {@code ASYNC} writer with SIGKILL while its producers run flat out, so that a batch is
 * usually being forced on the force thread while the next one is written (GroupCommit's force
 * behind), again and again on the same chain. What {@code ASYNC} promises: everything recorded
 * before a {@code flush()} that returned is durable. After every kill: each record a thread had
 * flushed is on disk exactly once, no event is there twice, seqs are dense, the bytes of earlier
 * runs are unchanged, and the chain verifies intact after the reopen's recovery.
 *
 * <p>Set {@code -Dcrash.seed=<n>} to replay a run; the seed is printed.
 */
class AsyncCrashIT {

    private static final String CHAIN = "async-crash";
    private static final int RUNS = 12;
    private static final int THREADS = 4;
    /** Segments of 64 KiB: several batches each, and some kills land around a roll. */
    private static final long SEGMENT_MAX_BYTES = 64 * 1024;

    @TempDir
    Path store;
    @TempDir
    Path logs;

    private Process child;

    @AfterEach
    void killChild() {
        if (child != null) {
            child.destroyForcibly();
        }
    }

    @Test
    @Timeout(value = 150, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void sigkill_whileBatchesAreForcedBehind_losesNothingFlushedAndChainStaysIntact() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        System.out.println("AsyncCrashIT seed " + seed + " (replay with -Dcrash.seed=" + seed + ")");
        Random random = new Random(seed);
        Map<String, Long> flushedThrough = new HashMap<>(); // "r<run>-t<thread>" -> last flushed n
        Map<Path, byte[]> written = new HashMap<>();
        for (int run = 0; run < RUNS; run++) {
            int killAfter = 1 + random.nextInt(30);
            int flushes = recordUntilKilled(run, killAfter, flushedThrough);
            assertThat(flushes).as("flushes in run %d (child log %s)", run, logs).isGreaterThanOrEqualTo(killAfter);
            TrailFiles.trail(store, CHAIN).build().close(); // recovers what the kill left
            assertFlushedOnDiskOnce(flushedThrough);
            TrailFiles.assertSegmentsOnlyGrew(store.resolve(CHAIN), written);
        }
        VerificationReport report = TrailFiles.verify(store);
        assertThat(report.problems()).isEmpty();
        assertThat(report.intact()).isTrue();
    }

    private void assertFlushedOnDiskOnce(Map<String, Long> flushedThrough) {
        List<String> lines = TrailFiles.lines(store.resolve(CHAIN));
        Set<String> events = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            assertThat(seq(line)).as("seqs are dense").isEqualTo(i + 1L);
            if (line.contains("\"eid\":")) { // the application's events; the rest are the library's
                String eid = detail(line, "eid");
                assertThat(events.add(eid)).as("event %s recorded twice", eid).isTrue();
            }
        }
        flushedThrough.forEach((thread, last) -> {
            for (long n = 0; n <= last; n++) {
                assertThat(events).as("flushed event %s-%d is on disk", thread, n).contains(thread + "-" + n);
            }
        });
        System.out.println("AsyncCrashIT: " + lines.size() + " records, " + events.size() + " events, "
                + flushedThrough.values().stream().mapToLong(n -> n + 1).sum() + " of them flushed before a kill");
    }

    /** Starts a writer, kills it after {@code killAfter} flushes, returns how many it reported. */
    private int recordUntilKilled(int run, int killAfter, Map<String, Long> flushedThrough)
            throws IOException, InterruptedException {
        Path errorLog = logs.resolve("child.err");
        child = TrailChild.start(errorLog, "record-async", store.toString(), CHAIN, Integer.toString(THREADS),
                Long.toString(SEGMENT_MAX_BYTES), Integer.toString(run));
        return ChildJvm.readAndKill(child, errorLog, "FLUSHED", killAfter,
                parts -> flushedThrough.merge("r" + run + "-t" + parts[1], Long.parseLong(parts[2]), Math::max));
    }
}
