package io.govaudit;

import static io.govaudit.TrailFiles.detail;
import static io.govaudit.TrailFiles.seq;
import static io.govaudit.TrailFiles.type;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.internal.store.PosixFiles;
import io.govaudit.testing.ChildJvm;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a SYNC writer with SIGKILL at random moments, again and again on the same chain, and
 * checks the durability promise (docs/format.md sections 6-7): every seq that {@code record()} returned
 * is on disk with the event it acknowledged, each reopen recovers and continues the chain, and
 * the result verifies intact. Real files, real fsync, a real second process.
 *
 * <p>Set {@code -Dcrash.seed=<n>} to replay a run; the seed is printed.
 */
class CrashIT {

    private static final String CHAIN = "crash";
    private static final int RUNS = 20;
    private static final int THREADS = 4;
    /** Small segments, so that some kills land around a roll. */
    private static final long SEGMENT_MAX_BYTES = 16 * 1024;

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
    void sigkill_atRandomMoments_losesNoAcknowledgedRecordAndChainStaysIntact() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        System.out.println("CrashIT seed " + seed + " (replay with -Dcrash.seed=" + seed + ")");
        Random random = new Random(seed);
        Map<Long, String> acknowledged = new HashMap<>();
        int tornTails = 0;
        Map<Path, byte[]> written = new HashMap<>();

        for (int run = 0; run < RUNS; run++) {
            int killAfter = 1 + random.nextInt(40);
            int acked = recordUntilKilled(run, killAfter, acknowledged);
            assertThat(acked).as("acknowledgements in run %d (child log %s)", run, logs).isGreaterThanOrEqualTo(killAfter);
            TrailFiles.assertSegmentsOnlyGrew(store.resolve(CHAIN), written);
            if (random.nextInt(3) == 0 && appendTornRecord(random)) {
                tornTails++;
            }
        }
        TrailFiles.trail(store, CHAIN).build().close();

        Path chainDir = store.resolve(CHAIN);
        VerificationReport report = TrailFiles.verify(store);
        assertThat(report.problems()).isEmpty();
        assertThat(report.intact()).isTrue();

        List<String> lines = TrailFiles.lines(chainDir);
        for (int i = 0; i < lines.size(); i++) {
            assertThat(seq(lines.get(i))).as("seqs are dense").isEqualTo(i + 1L);
        }
        acknowledged.forEach((seq, eid) -> {
            assertThat(seq).as("acknowledged seq %d is on disk", seq).isLessThanOrEqualTo(lines.size());
            String line = lines.get((int) (seq - 1));
            assertThat(detail(line, "eid")).as("record %d holds the event it acknowledged", seq).isEqualTo(eid);
        });
        assertThat(lines).filteredOn(l -> type(l).equals("TRAIL_START")).hasSize(RUNS + 1);
        int recovered = assertEveryQuarantineFileHasItsRecoveryRecord(chainDir, lines);
        assertThat(recovered).as("torn tails recovered (%d were torn by the test)", tornTails)
                .isGreaterThanOrEqualTo(tornTails);
    }

    /**
     * A SIGKILL leaves whole write() calls in the page cache, so it rarely tears a line; a power
     * cut does. Imitate one now and then: a prefix of a plausible next record at the end of the
     * active segment, for the next run to cut.
     */
    private boolean appendTornRecord(Random random) throws IOException {
        List<Path> segments = TrailFiles.segments(store.resolve(CHAIN));
        Path active = segments.get(segments.size() - 1);
        if (!PosixFiles.ownerWritable(active)) {
            return false; // killed between closing a segment and creating the next: nothing active
        }
        List<String> all = TrailFiles.lines(store.resolve(CHAIN));
        String last = all.get(all.size() - 1);
        String next = last.replace("\"seq\":" + seq(last), "\"seq\":" + (seq(last) + 1));
        byte[] torn = next.substring(0, 1 + random.nextInt(next.length() - 1)).getBytes(UTF_8);
        Files.write(active, torn, StandardOpenOption.APPEND);
        return true;
    }

    /** Starts a writer, kills it after {@code killAfter} acknowledgements, returns how many it gave. */
    private int recordUntilKilled(int run, int killAfter, Map<Long, String> acknowledged)
            throws IOException, InterruptedException {
        child = TrailChild.start(logs.resolve("child.err"), "record", store.toString(), CHAIN,
                Integer.toString(THREADS), Long.toString(SEGMENT_MAX_BYTES), Integer.toString(run));
        return ChildJvm.readAcksAndKill(child, logs.resolve("child.err"), killAfter, acknowledged);
    }

    private static int assertEveryQuarantineFileHasItsRecoveryRecord(Path chainDir, List<String> lines)
            throws IOException {
        List<String> recoveries = lines.stream().filter(l -> type(l).equals("RECOVERY")).toList();
        List<Path> quarantined;
        try (var files = Files.list(chainDir)) {
            quarantined = files.filter(p -> p.getFileName().toString().contains(".torn-")).toList();
        }
        System.out.println("CrashIT: " + lines.size() + " records, " + TrailFiles.segments(chainDir).size()
                + " segments, " + recoveries.size() + " torn tails recovered");
        assertThat(recoveries).hasSameSizeAs(quarantined);
        for (Path file : quarantined) {
            String name = file.getFileName().toString();
            assertThat(recoveries).as("RECOVERY record for %s", name)
                    .anySatisfy(r -> {
                        assertThat(detail(r, "quarantine")).isEqualTo(name);
                        assertThat(detail(r, "cut_bytes")).isEqualTo(Long.toString(Files.size(file)));
                    });
        }
        return recoveries.size();
    }
}
