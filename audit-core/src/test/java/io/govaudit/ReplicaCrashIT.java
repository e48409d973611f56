package io.govaudit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.testing.ChildJvm;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a replicating SYNC writer with SIGKILL at random moments (REQUIREMENTS B13): after every
 * kill the replica holds a prefix of the trail's chain, never a record the trail does not hold;
 * each restart continues the replica from its own head; at the end the replica holds every
 * acknowledged record and verifies intact on its own. Real files, real fsync, a second process.
 *
 * <p>Set {@code -Dcrash.seed=<n>} to replay a run; the seed is printed.
 */
class ReplicaCrashIT {

    private static final String CHAIN = "crash";
    private static final int RUNS = 8;
    private static final int THREADS = 4;
    private static final long SEGMENT_MAX_BYTES = 16 * 1024;

    @TempDir
    Path store;
    @TempDir
    Path replica;
    @TempDir
    Path logs;

    private Process child;

    @AfterEach
    void killChild() {
        if (child != null) {
            child.destroyForcibly();
        }
    }

    /** The complete lines of a chain directory, in chain order; a torn last line is left out. */
    private static List<String> completeLines(Path chainDir) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path segment : TrailFiles.segments(chainDir)) {
            String text = new String(Files.readAllBytes(segment), UTF_8);
            int end = text.lastIndexOf('\n');
            if (end >= 0) {
                lines.addAll(List.of(text.substring(0, end).split("\n", -1)));
            }
        }
        return lines;
    }

    @Test
    @Timeout(value = 150, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void sigkill_whileReplicating_replicaIsAlwaysAPrefixAndEndsWithEveryAcknowledgedRecord() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        System.out.println("ReplicaCrashIT seed " + seed + " (replay with -Dcrash.seed=" + seed + ")");
        Random random = new Random(seed);
        Map<Long, String> acknowledged = new HashMap<>();
        int replicaNonEmpty = 0;
        for (int run = 0; run < RUNS; run++) {
            child = TrailChild.start(logs.resolve("child.err"), "replicate", store.toString(), CHAIN,
                    Integer.toString(THREADS), Long.toString(SEGMENT_MAX_BYTES), Integer.toString(run),
                    replica.toString());
            int acks = ChildJvm.readAcksAndKill(child, logs.resolve("child.err"), 200 + random.nextInt(2_000),
                    acknowledged);
            assertThat(acks).as("run %d acknowledged records", run).isPositive();

            List<String> trail = completeLines(store.resolve(CHAIN));
            List<String> copy = Files.isDirectory(replica.resolve(CHAIN)) ? completeLines(replica.resolve(CHAIN))
                    : List.of();
            assertThat(copy.size()).as("run %d: the replica never holds more than the trail", run)
                    .isLessThanOrEqualTo(trail.size());
            assertThat(copy).as("run %d: the replica is a prefix of the trail", run)
                    .isEqualTo(trail.subList(0, copy.size()));
            replicaNonEmpty += copy.isEmpty() ? 0 : 1;
        }
        assertThat(replicaNonEmpty).as("the replica received records before some kill").isPositive();

        try (AuditTrail trail = TrailFiles.trail(store, CHAIN).segmentMaxBytes(SEGMENT_MAX_BYTES)
                .replicateTo(replica).build()) {
            trail.record(TrailFiles.event("final"));
        } // close ships the rest

        List<String> trailLines = TrailFiles.lines(store.resolve(CHAIN));
        assertThat(completeLines(replica.resolve(CHAIN))).isEqualTo(trailLines);
        Map<Long, String> replicated = new HashMap<>();
        for (String line : completeLines(replica.resolve(CHAIN))) {
            if (line.contains("\"eid\":")) {
                replicated.put(TrailFiles.seq(line), TrailFiles.detail(line, "eid"));
            }
        }
        assertThat(replicated).as("every acknowledged record, with its event, in the replica")
                .containsAllEntriesOf(acknowledged);
        VerificationReport report = AuditVerifier.forDirectory(replica).verify();
        assertThat(report.intact()).as("%s", report.problems()).isTrue();
        System.out.println("ReplicaCrashIT: " + trailLines.size() + " records, " + acknowledged.size()
                + " acknowledged, replica verified");
    }
}
