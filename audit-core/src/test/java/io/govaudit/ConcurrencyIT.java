package io.govaudit;

import static io.govaudit.TrailFiles.detail;
import static io.govaudit.TrailFiles.seq;
import static io.govaudit.TrailFiles.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.govaudit.verify.VerificationReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many threads record at once (STYLE.md S38): afterwards seq is dense from 1, every event is in
 * the chain exactly once, and the chain verifies intact.
 */
class ConcurrencyIT {

    /** Stands for a queued record\'s receipt, which has no seq yet, in the lists of seqs. */
    private static final long QUEUED = -1L;

    private static final int THREADS = 16;

    @TempDir
    Path store;

    @Test
    @Timeout(120)
    void record_16ThreadsAsync_everyEventOnceDenseSeqIntactChain() throws Exception {
        try (AuditTrail trail = TrailFiles.trail(store, "async").durability(Durability.ASYNC)
                .segmentMaxBytes(16L * 1024 * 1024).build()) {
            long start = System.nanoTime();
            List<Long> seqs = recordFromThreads(trail, THREADS, 10_000);
            System.out.printf("ConcurrencyIT: queued %d ASYNC events in %d ms%n", THREADS * 10_000,
                    (System.nanoTime() - start) / 1_000_000);
            assertThat(seqs).containsOnly(QUEUED); // no seq is known before the writer takes them
        }

        assertEveryEventOnceInADenseIntactChain("async", THREADS, 10_000);
    }

    @Test
    @Timeout(120)
    void record_16ThreadsSync_everyEventOnceDenseSeqIntactChainAndSeqsAcknowledgedOnce() throws Exception {
        List<Long> seqs;
        try (AuditTrail trail = TrailFiles.trail(store, "sync").durability(Durability.SYNC).build()) {
            seqs = recordFromThreads(trail, THREADS, 200);
        }

        assertThat(new HashSet<>(seqs)).as("no seq acknowledged twice").hasSize(seqs.size());
        List<String> lines = assertEveryEventOnceInADenseIntactChain("sync", THREADS, 200);
        for (long seq : seqs) {
            assertThat(type(lines.get((int) seq - 1))).isEqualTo("ADMIN_ACTION");
        }
    }

    /**
     * A servlet pool's worth of SYNC callers (issue 17): every receipt names the seq of its own
     * event, and that record is on disk after close; seq dense from 1; the chain verifies.
     */
    @Test
    @Timeout(120)
    void record_64ThreadsSync_everyAcknowledgedSeqHoldsItsEventOnDiskDenseIntactChain() throws Exception {
        int threads = 64;
        int perThread = 150;
        List<Long> seqs;
        try (AuditTrail trail = TrailFiles.trail(store, "sync64").durability(Durability.SYNC).build()) {
            seqs = recordFromThreads(trail, threads, perThread);
        }

        assertThat(seqs).doesNotContain(QUEUED);
        assertThat(new HashSet<>(seqs)).as("no seq acknowledged twice").hasSize(seqs.size());
        List<String> lines = assertEveryEventOnceInADenseIntactChain("sync64", threads, perThread);
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                long seq = seqs.get(t * perThread + i);
                String line = lines.get((int) seq - 1);
                if (!("t" + t + "-" + i).equals(detail(line, "eid"))) {
                    fail("receipt seq " + seq + " of event t" + t + "-" + i + " names another record: " + line);
                }
            }
        }
    }

    @Test
    @Timeout(120)
    void close_whileThreadsRecordAsync_everyAcceptedEventIsWrittenBeforeTrailStop() throws Exception {
        AuditTrail trail = TrailFiles.trail(store, "closing").durability(Durability.ASYNC).queueCapacity(16).build();
        CountDownLatch enough = new CountDownLatch(2_000);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<List<String>>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            String prefix = "t" + t + "-";
            results.add(pool.submit(() -> {
                List<String> accepted = new ArrayList<>();
                for (int i = 0; ; i++) {
                    try {
                        trail.record(TrailFiles.event(prefix + i));
                    } catch (AuditUnavailableException closed) {
                        return accepted;
                    }
                    accepted.add(prefix + i);
                    enough.countDown();
                }
            }));
        }
        enough.await();

        trail.close();

        Set<String> accepted = new HashSet<>();
        for (Future<List<String>> result : results) {
            accepted.addAll(result.get());
        }
        pool.shutdownNow();
        List<String> lines = TrailFiles.lines(store.resolve("closing"));
        assertThat(type(lines.get(lines.size() - 1))).isEqualTo("TRAIL_STOP");
        Set<String> written = new HashSet<>();
        for (String line : lines) {
            if (type(line).equals("ADMIN_ACTION")) {
                written.add(detail(line, "eid"));
            }
        }
        assertThat(written).as("exactly the accepted events are written").hasSameSizeAs(accepted);
        accepted.removeAll(written);
        assertThat(accepted).as("accepted but not written").isEmpty();
        assertThat(TrailFiles.verify(store).intact()).isTrue();
    }

    /**
     * Records {@code perThread} events from each of {@code threads} threads started together.
     *
     * @return the receipts' seqs, thread by thread in the order recorded
     */
    private static List<Long> recordFromThreads(AuditTrail trail, int threads, int perThread) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String prefix = "t" + t + "-";
                results.add(pool.submit(() -> {
                    start.await();
                    List<Long> seqs = new ArrayList<>(perThread);
                    for (int i = 0; i < perThread; i++) {
                        seqs.add(trail.record(TrailFiles.event(prefix + i)).seq().orElse(QUEUED));
                    }
                    return seqs;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> result : results) {
                all.addAll(result.get());
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    private List<String> assertEveryEventOnceInADenseIntactChain(String chain, int threads, int perThread) {
        long start = System.nanoTime();
        VerificationReport report = TrailFiles.verify(store);
        System.out.printf("ConcurrencyIT: verified chain '%s' in %d ms%n", chain, (System.nanoTime() - start) / 1_000_000);
        assertThat(report.problems()).isEmpty();
        assertThat(report.intact()).isTrue();

        List<String> lines = TrailFiles.lines(store.resolve(chain));
        Set<String> seen = new HashSet<>();
        int events = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (seq(line) != i + 1L) {
                assertThat(seq(line)).as("seq is dense, line %d", i + 1).isEqualTo(i + 1L);
            }
            if (type(line).equals("ADMIN_ACTION")) {
                events++;
                if (!seen.add(detail(line, "eid"))) {
                    fail("event recorded twice: " + line);
                }
            }
        }
        assertThat(events).isEqualTo(threads * perThread);
        List<String> missing = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                if (!seen.contains("t" + t + "-" + i)) { // AssertJ's contains() scans a set linearly
                    missing.add("t" + t + "-" + i);
                }
            }
        }
        assertThat(missing).as("events not in the chain").isEmpty();
        assertThat(lines).extracting(TrailFiles::type).startsWith("CHAIN_START", "TRAIL_START").endsWith("TRAIL_STOP");
        return lines;
    }
}
