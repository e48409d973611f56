package io.govaudit.jdbc;

import static io.govaudit.testing.VerificationAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.AuditTrail;
import io.govaudit.jdbc.testing.ChainRows;
import io.govaudit.jdbc.testing.SampleChains;
import io.govaudit.jdbc.testing.TestDatabases;
import io.govaudit.testing.ChildJvm;
import io.govaudit.testing.KeyedStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a SYNC writer JVM with SIGKILL while several of its threads record into PostgreSQL,
 * again and again on one chain, and checks the durability promise (docs/format.md sections 6-7) on a real
 * server with fsync on: every seq that {@code record()} returned is stored with the event it
 * acknowledged, seqs stay dense (a batch is committed whole or not at all), the server releases
 * the dead writer's advisory lock by itself, and the chain verifies intact.
 *
 * <p>Set {@code -Dcrash.seed=<n>} to replay a run; the seed is printed.
 */
class PostgresCrashIT {

    private static final String CHAIN = "crash";
    private static final int RUNS = 6;
    private static final int THREADS = 4;

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
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void sigkill_midBatch_losesNoAcknowledgedRecord_releasesTheLock_chainIntact() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        System.out.println("PostgresCrashIT seed " + seed + " (replay with -Dcrash.seed=" + seed + ")");
        Random random = new Random(seed);
        String db = TestDatabases.newPostgresDatabase("crash");
        DataSource owner = TestDatabases.postgresDataSource(db, "postgres", null);
        JdbcSchema.install(owner);
        Map<Long, String> acknowledged = new HashMap<>();

        for (int run = 0; run < RUNS; run++) {
            int killAfter = 1 + random.nextInt(60);
            int acked = recordUntilKilled(db, run, killAfter, acknowledged);
            assertThat(acked).as("acknowledgements in run %d (child log in %s)", run, logs)
                    .isGreaterThanOrEqualTo(killAfter);
            awaitLockReleased(owner);
        }
        try (AuditTrail reopened = AuditTrail.builder().store(JdbcAuditStore.builder(owner).build()).chainId(CHAIN)
                .system("crash-test").host("parent").build()) {
            assertThat(reopened.record(SampleChains.event("parent")).seq().orElseThrow()).isPositive();
        }

        List<String> lines = ChainRows.lines(owner, CHAIN);
        assertThat(lines).extracting(KeyedStore::seqOf).as("seqs are dense")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, lines.size()).boxed().toList());
        acknowledged.forEach((seq, eid) -> {
            assertThat(seq).as("acknowledged seq %d is stored", seq).isLessThanOrEqualTo(lines.size());
            assertThat(ChainRows.detail(lines.get((int) (seq - 1)), "eid"))
                    .as("record %d holds the event it acknowledged", seq).isEqualTo(eid);
        });
        assertThat(lines).filteredOn(l -> KeyedStore.typeOf(l).equals("TRAIL_START")).hasSize(RUNS + 1);
        assertThat(ChainRows.verify(owner)).isIntact();
        System.out.println("PostgresCrashIT: " + lines.size() + " records, " + acknowledged.size()
                + " acknowledged before the kills, "
                + ChainRows.count(owner, "SELECT COUNT(*) FROM audit_segment") + " segments");
    }

    /** Starts a writer, kills it after {@code killAfter} acknowledgements, returns how many it gave. */
    private int recordUntilKilled(String db, int run, int killAfter, Map<Long, String> acknowledged)
            throws IOException, InterruptedException {
        child = JdbcTrailChild.start(logs.resolve("child.err"), "record", TestDatabases.postgresUrl(db), CHAIN,
                Integer.toString(THREADS), Integer.toString(run));
        return ChildJvm.readAcksAndKill(child, logs.resolve("child.err"), killAfter, acknowledged);
    }

    /**
     * Waits until the server has ended the dead writer's session and with it its advisory lock.
     * No sleep: the server notices the closed socket within milliseconds, and each check is one
     * query.
     */
    private static void awaitLockReleased(DataSource owner) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long held;
        do {
            held = ChainRows.count(owner, "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory'");
            Thread.onSpinWait();
        } while (held > 0 && System.nanoTime() < deadline);
        assertThat(held).as("advisory locks still held 20 s after the writer was killed").isZero();
    }
}
