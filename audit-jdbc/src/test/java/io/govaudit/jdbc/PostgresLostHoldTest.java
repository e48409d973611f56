package io.govaudit.jdbc;

import static io.govaudit.testing.VerificationAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govaudit.AuditTrail;
import io.govaudit.CapacityPolicy;
import io.govaudit.CapacityPolicy.OnFull;
import io.govaudit.ChainLockedException;
import io.govaudit.jdbc.testing.ChainRows;
import io.govaudit.jdbc.testing.SampleChains;
import io.govaudit.jdbc.testing.TestDatabases;
import io.govaudit.spi.ChainStore;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The writer's hold on PostgreSQL ends when its connection ends (a server restart, a network
 * cut, an operator's {@code pg_terminate_backend}). The store notices within about a second of
 * the trail's ticker and takes the chain again; if another writer took it meanwhile, the trail
 * stops instead of writing beside it.
 */
class PostgresLostHoldTest {

    private static final String CHAIN = "held";


    private DataSource ds;
    private final AtomicLong ticks = new AtomicLong();

    @BeforeEach
    void install() throws SQLException {
        ds = TestDatabases.newPostgres("lost_hold");
        JdbcSchema.install(ds);
    }

    private AuditTrail open() {
        return AuditTrail.builder().store(JdbcAuditStore.builder(ds).holder("first").build()).chainId(CHAIN)
                .system("app").host("h").ticker(ticks::get).alertListener(alert -> { })
                .capacity(CapacityPolicy.unbounded().onFull(OnFull.STOP_RECORDING)).build();
    }

    /** Ends the session that holds the chain's advisory lock, as a server restart would. */
    private void endHoldingSession() {
        assertThat(ChainRows.count(ds, "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_locks "
                + "WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database "
                + "WHERE datname = current_database())")).isEqualTo(1);
        ticks.addAndGet(TimeUnit.SECONDS.toNanos(2)); // the store checks its hold about once a second
    }

    @Test
    void holdEnded_isTakenAgain_andASecondWriterIsStillRefused() {
        try (AuditTrail trail = open()) {
            trail.record(SampleChains.event("e1"));
            endHoldingSession();
            assertThat(trail.record(SampleChains.event("e2")).seq().orElseThrow()).isPositive(); // committed; the check follows it
            assertThat(trail.record(SampleChains.event("e3")).seq().orElseThrow()).isPositive(); // the chain is taken again first
            assertThatThrownBy(() -> JdbcAuditStore.builder(ds).build().openChain(CHAIN, 8192, Duration.ofDays(1)))
                    .isInstanceOf(ChainLockedException.class);
        }
        assertThat(ChainRows.verify(ds)).isIntact();
    }

    @Test
    void holdEnded_andTakenByAnotherWriter_trailStops_thenResumesWhenItIsFree() throws Exception {
        try (AuditTrail trail = open()) {
            trail.record(SampleChains.event("e1"));
            endHoldingSession();
            // the other writer takes the free chain before the trail's next hold check (which
            // follows its next commit): taking it after e2 would race with the trail taking it back
            try (ChainStore other = JdbcAuditStore.builder(ds).holder("intruder").build()
                    .openChain(CHAIN, 8192, Duration.ofDays(1))) {
                assertThat(other.lastSeq()).isPositive();
                trail.record(SampleChains.event("e2"));
                assertThat(trail.record(SampleChains.event("lost"))).isEqualTo(io.govaudit.Receipt.notRecorded());
                assertThat(trail.state()).isEqualTo(AuditTrail.State.STOPPED);
            }
            trail.flush(); // probes: the chain is free again
            assertThat(trail.state()).isEqualTo(AuditTrail.State.RUNNING);
            assertThat(trail.record(SampleChains.event("after")).seq().orElseThrow()).isPositive();
        }
        assertThat(ChainRows.lines(ds, CHAIN)).noneMatch(l -> l.contains("\"eid\":\"lost\""));
        assertThat(ChainRows.ofType(ds, CHAIN, "RECORDING_RESUMED")).hasSize(1);
        assertThat(ChainRows.verify(ds)).isIntact();
    }
}
