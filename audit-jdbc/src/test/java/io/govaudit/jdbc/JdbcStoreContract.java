package io.govaudit.jdbc;

import static io.govaudit.testing.VerificationAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govaudit.Actor;
import io.govaudit.AuditEvent;
import io.govaudit.AuditTrail;
import io.govaudit.AuditUnavailableException;
import io.govaudit.CapacityPolicy;
import io.govaudit.CapacityPolicy.OnFull;
import io.govaudit.ChainLockedException;
import io.govaudit.Durability;
import io.govaudit.RetentionPolicy;
import io.govaudit.alert.AlertKind;
import io.govaudit.alert.AuditAlert;
import io.govaudit.jdbc.testing.ChainRows;
import io.govaudit.jdbc.testing.DatabaseKind;
import io.govaudit.jdbc.testing.SampleChains;
import io.govaudit.spi.ChainStore;
import io.govaudit.spi.PurgePlan;
import io.govaudit.testing.ChainStoreContract;
import io.govaudit.testing.KeyedStore;
import io.govaudit.testing.TestClock;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store contract (STYLE.md S32) for one database and insert mode: every test of core's
 * {@link ChainStoreContract} (order, rewind, failed commit, reopen, one writer, roll and attested
 * purge, used bytes), and what only a database has: a row refused mid-batch, hostile column
 * values, a corrupt head row, the holder named in the refusal, the purge refused by the database
 * without an attesting record, and the trail's capacity and failure policies on a database. Each
 * test gets a fresh database with the schema installed.
 */
abstract class JdbcStoreContract extends ChainStoreContract {

    static final String CHAIN = "node-1";
    static final long SEGMENT = 8192;
    /** The smallest bound the trail accepts; with 1 KiB records, about 60 of them. */
    static final long CAPACITY = 64 * 1024;

    private final DatabaseKind database;
    private final InsertMode insertMode;
    FaultyDataSource ds;
    final List<AuditAlert> alerts = new CopyOnWriteArrayList<>();
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    JdbcStoreContract(DatabaseKind database, InsertMode insertMode) {
        this.database = database;
        this.insertMode = insertMode;
    }

    @BeforeEach
    void installSchema() throws SQLException {
        DataSource fresh = database.create("contract_" + insertMode.name().toLowerCase(Locale.ROOT));
        JdbcSchema.install(fresh);
        JdbcSchema.install(fresh); // idempotent
        ds = new FaultyDataSource(fresh);
    }

    @Override
    protected ChainStore openChain(String chainId, long segmentMaxBytes) throws IOException {
        return store("contract").openChain(chainId, segmentMaxBytes, longAge());
    }

    @Override
    protected List<String> durableLines(String chainId) {
        return ChainRows.lines(ds, chainId);
    }

    @Override
    protected VerificationReport verifyStore() {
        return ChainRows.verify(ds);
    }

    /** The next commit, on whichever connection, fails as if the connection broke during it. */
    @Override
    protected void failNextForce(ChainStore store) {
        ds.failCommits(1);
    }

    JdbcAuditStore store(String holder) {
        return JdbcAuditStore.builder(ds).insertMode(insertMode).holder(holder).sleeper(sleeps::add).build();
    }

    AuditTrail.Builder trail() {
        return AuditTrail.builder().store(store("trail")).chainId(CHAIN).system("jdbc-test").host("db-host")
                .maxRecordBytes(2048).segmentMaxBytes(SEGMENT).alertListener(alerts::add);
    }

    private static void writeAndForce(ChainStore store, byte[] lines) throws IOException {
        store.write(lines, lines.length, Instant.parse("2026-01-01T00:00:00Z"));
        store.force();
    }

    // ---- atomicity and failed commits ----

    @Test
    void force_rowRefusedMidBatch_storesNothingOfTheBatch() throws IOException {
        RecordLines lines = RecordLines.newChain(CHAIN);
        byte[] stored = lines.next(3);
        try (ChainStore store = openChain(CHAIN, SEGMENT)) {
            writeAndForce(store, stored);
            byte[] before = lines.next(2);
            byte[] after = lines.next(2);
            store.write(before, before.length, lines.now());
            store.write(stored, stored.length, lines.now()); // seq 1..3 again: primary key violation in the middle
            store.write(after, after.length, lines.now());
            assertThatThrownBy(store::force).isInstanceOf(IOException.class).hasMessageContaining(CHAIN);
            store.rewind();
            assertThat(ChainRows.seqs(ds, CHAIN)).containsExactly(1L, 2L, 3L);

            writeAndForce(store, before);
            writeAndForce(store, after);
        }
        assertThat(ChainRows.seqs(ds, CHAIN)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }

    /** The atomicity of a failed commit is the core contract's; this is the message and the reconnect. */
    @Test
    void force_commitFails_namesTheSeqRange_andRefusedConnectionsAreRetriedWithBackOff() throws IOException {
        RecordLines lines = RecordLines.newChain(CHAIN);
        try (ChainStore store = openChain(CHAIN, SEGMENT)) {
            writeAndForce(store, lines.next(2));
            byte[] batch = lines.next(3);
            ds.failCommits(1);
            assertThatThrownBy(() -> writeAndForce(store, batch)).isInstanceOf(IOException.class)
                    .hasMessageContaining("seq 3..5");
            store.rewind();
            assertThat(ChainRows.seqs(ds, CHAIN)).containsExactly(1L, 2L);

            ds.failConnections(2); // two refusals, then the third attempt connects
            writeAndForce(store, batch);
        }
        assertThat(ChainRows.seqs(ds, CHAIN)).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(sleeps).containsExactly(Duration.ofMillis(50), Duration.ofMillis(200));
    }

    @Test
    void force_hostileColumnValues_storedExactlyInTextAndColumns() throws Exception {
        String hostile = "a\tb\\N\nc\\\r\\.\u2028é\"";
        try (AuditTrail trail = trail().build()) {
            trail.record(AuditEvent.userLock(Actor.of(hostile), "\\N").build());
        }
        try (Connection c = ds.getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT actor_id, subject_id, record_json FROM audit_record WHERE event_type = 'USER_LOCK'")) {
            try (ResultSet rs = q.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(hostile);
                assertThat(rs.getString(2)).isEqualTo("\\N");
                assertThat(rs.getString(3)).doesNotContain("\n").doesNotContain("\t");
            }
        }
        assertThat(ChainRows.verify(ds)).isIntact();
    }

    @Test
    void open_headRowNotARecord_isRefused() throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO audit_record (chain_id, seq, ts, event_type, outcome, record_json, hash) "
                        + "VALUES (?, 1, CURRENT_TIMESTAMP, 'X', 'SUCCESS', '{\"v\":1,', ?)")) {
            insert.setString(1, CHAIN);
            insert.setString(2, "0".repeat(64));
            insert.executeUpdate();
        }
        assertThatThrownBy(() -> openChain(CHAIN, SEGMENT)).isInstanceOf(IOException.class)
                .hasMessageContaining("chain '" + CHAIN + "' (seq 1) is not a valid record");
        try (ChainStore store = openChain(CHAIN, SEGMENT)) { // the refused open let go of the chain
            assertThat(store.lastSeq()).isEqualTo(1);
        } catch (IOException expected) {
            assertThat(expected).hasMessageContaining("not a valid record");
        }
    }

    // ---- one writer ----

    @Test
    void open_secondWriter_isRefusedNamingTheHolder_andTheChainIsFreeAfterClose() throws IOException {
        try (ChainStore first = store("first-node pid 1").openChain(CHAIN, SEGMENT, Duration.ofDays(1))) {
            assertThatThrownBy(() -> store("second").openChain(CHAIN, SEGMENT, Duration.ofDays(1)))
                    .isInstanceOfSatisfying(ChainLockedException.class, e -> assertThat(e.chainId()).isEqualTo(CHAIN))
                    .hasMessageContaining("chain '" + CHAIN + "' is held by another writer")
                    .hasMessageContaining("first-node pid 1");
            try (ChainStore other = store("second").openChain("node-2", SEGMENT, Duration.ofDays(1))) {
                assertThat(other.lastSeq()).isZero(); // another chain is not held
            }
            assertThat(first.lastSeq()).isZero();
        }
        try (AuditTrail trail = trail().build()) {
            assertThat(trail.record(SampleChains.event("after")).seq().orElseThrow()).isPositive();
        }
    }

    // ---- segments and purges ----

    @Test
    void delete_withoutAttestingRecord_isRefusedByTheDatabase() throws IOException {
        RecordLines lines = RecordLines.newChain(CHAIN);
        try (ChainStore store = openChain(CHAIN, SEGMENT)) {
            writeAndForce(store, lines.next(3));
            assertThat(store.mustRoll(0, 10_000, lines.now())).isTrue();
            store.roll(4);
            writeAndForce(store, lines.next(3));
            assertThat(store.closedSegments()).isEqualTo(1);
            PurgePlan plan = store.planPurge(1, 6, lines.lastHash(), lines.now());
            assertThat(plan.firstSeq()).isEqualTo(1);
            assertThat(plan.lastSeq()).isEqualTo(3);
            assertThatThrownBy(() -> store.delete(plan)).isInstanceOf(IOException.class)
                    .hasMessageContaining("no RETENTION_PURGE record attests it");
        }
        assertThat(ChainRows.seqs(ds, CHAIN)).hasSize(6);
        assertThat(ChainRows.count(ds, "SELECT COUNT(*) FROM audit_segment")).isEqualTo(2);
    }

    @Test
    void segments_rollByAge_andPurgeByRetentionMaximum_attested() {
        TestClock clock = TestClock.create();
        try (AuditTrail trail = trail().clock(clock).segmentMaxAge(Duration.ofDays(1))
                .retention(RetentionPolicy.minimum(Period.ofDays(1)).belowSixMonths("test: a short retention on purpose").maximum(Period.ofDays(2))).build()) {
            trail.record(SampleChains.event("day0"));
            clock.advance(Duration.ofDays(1).plusMinutes(1));
            trail.record(SampleChains.event("day1")); // rolls by age: the first segment closes
            assertThat(ChainRows.count(ds, "SELECT COUNT(*) FROM audit_segment")).isEqualTo(2);
            clock.advance(Duration.ofDays(3));
            trail.record(SampleChains.event("day4")); // rolls again; the first segment is past the maximum
        }
        List<String> purges = ChainRows.ofType(ds, CHAIN, "RETENTION_PURGE");
        assertThat(purges).isNotEmpty();
        assertThat(ChainRows.detail(purges.get(0), "reason")).isEqualTo("age");
        assertThat(ChainRows.lines(ds, CHAIN)).noneMatch(l -> l.contains("\"eid\":\"day0\""));
        assertThat(ChainRows.verify(ds)).isIntact();
    }

    @Test
    void trail_syncAndAsync_reopenContinuesAndChainVerifies() {
        try (AuditTrail trail = trail().durability(Durability.SYNC).build()) {
            for (int i = 0; i < 50; i++) {
                assertThat(trail.record(SampleChains.event("s" + i)).seq().orElseThrow()).isPositive();
            }
        }
        try (AuditTrail trail = trail().durability(Durability.ASYNC).build()) {
            for (int i = 0; i < 500; i++) {
                trail.record(SampleChains.event("a" + i));
            }
            trail.flush();
        }
        List<String> lines = ChainRows.lines(ds, CHAIN);
        assertThat(lines).extracting(KeyedStore::seqOf)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, lines.size()).boxed().toList());
        assertThat(lines).filteredOn(l -> KeyedStore.typeOf(l).equals("ADMIN_ACTION")).hasSize(550);
        assertThat(lines).filteredOn(l -> KeyedStore.typeOf(l).equals("TRAIL_START")).hasSize(2);
        assertThat(ChainRows.count(ds, "SELECT COUNT(*) FROM audit_segment")).isGreaterThan(5);
        assertThat(ChainRows.verify(ds)).isIntact();
    }

    @Test
    void async_batchesCommitBehindTheWriter_aFailedCommitIsCutWithTheNext_everyEventRecordedOrCounted() {
        int events = 2000;
        try (AuditTrail trail = trail().durability(Durability.ASYNC).build()) {
            long start = trail.flush();
            for (int i = 0; i < events / 2; i++) {
                trail.record(SampleChains.event("a" + i));
            }
            // no flush() yet: a flush marker in the batch would make its commit a synchronous one
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (trail.status().headSeq() < start + events / 2 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(trail.status().headSeq()).isGreaterThanOrEqualTo(start + events / 2);
            assertThat(ds.committingThreads).as("transactions committed behind the writer")
                    .anyMatch(name -> name.startsWith("govaudit-force-"));
            ds.failCommits(1); // one batch's transaction fails, behind the writer or before a roll
            for (int i = events / 2; i < events; i++) {
                trail.record(SampleChains.event("a" + i));
            }
            trail.flush();
            trail.flush();
        }
        List<String> lines = ChainRows.lines(ds, CHAIN);
        assertThat(lines).extracting(KeyedStore::seqOf)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, lines.size()).boxed().toList());
        long recorded = lines.stream().filter(l -> KeyedStore.typeOf(l).equals("ADMIN_ACTION")).count();
        long notRecorded = 0;
        for (String type : List.of("RECORDING_RESUMED", "TRAIL_STOP")) {
            for (String line : ChainRows.ofType(ds, CHAIN, type)) {
                if (line.contains("\"not_recorded\":")) {
                    notRecorded += Long.parseLong(ChainRows.detail(line, "not_recorded"));
                }
            }
        }
        assertThat(notRecorded).as("the failed transaction's events are counted, not lost").isPositive();
        assertThat(recorded + notRecorded).isEqualTo(events);
        assertThat(alerts).extracting(AuditAlert::kind).contains(AlertKind.STORE_IO_ERROR);
        VerificationReport report = ChainRows.verify(ds);
        assertThat(report.problems()).as("%s", report.problems()).extracting(p -> p.kind())
                .containsOnly(io.govaudit.verify.ProblemKind.RECORDING_GAP);
    }

    @Test
    void capacity_overwriteOldest_purgesWholeSegmentsAttested_andChainVerifies() {
        try (AuditTrail trail = trail().capacity(CapacityPolicy.maxBytes(CAPACITY).onFull(OnFull.OVERWRITE_OLDEST)
                .overwriteWithinRetention("drill: overwriting within retention on purpose")).build()) {
            for (int i = 0; i < 150; i++) {
                assertThat(trail.record(SampleChains.bigEvent("o" + i)).seq().orElseThrow()).isPositive();
            }
        }
        List<String> purges = ChainRows.ofType(ds, CHAIN, "RETENTION_PURGE");
        assertThat(purges).isNotEmpty();
        List<String> lines = ChainRows.lines(ds, CHAIN);
        long first = KeyedStore.seqOf(lines.get(0));
        assertThat(first).isGreaterThan(1);
        assertThat(Long.parseLong(ChainRows.detail(purges.get(purges.size() - 1), "last_seq"))).isEqualTo(first - 1);
        assertThat(ChainRows.count(ds, "SELECT MIN(first_seq) FROM audit_segment")).isEqualTo(first);
        assertThat(alerts).extracting(AuditAlert::kind).contains(AlertKind.RETENTION_PURGE);
        assertThat(ChainRows.verify(ds)).isIntact();
        try (AuditTrail reopened = trail().capacity(CapacityPolicy.maxBytes(CAPACITY)
                .onFull(OnFull.OVERWRITE_OLDEST).overwriteWithinRetention("drill: overwriting within retention on purpose")).build()) {
            assertThat(reopened.record(SampleChains.event("again")).seq().orElseThrow()).isPositive();
        }
    }

    @Test
    void capacity_stopRecording_countsWhatIsNotRecorded_andChainVerifies() {
        long notRecorded = 0;
        try (AuditTrail trail = trail().capacity(CapacityPolicy.maxBytes(CAPACITY).onFull(OnFull.STOP_RECORDING))
                .build()) {
            for (int i = 0; i < 100; i++) {
                if (!trail.record(SampleChains.bigEvent("p" + i)).recorded()) {
                    notRecorded++;
                }
            }
            assertThat(trail.state()).isEqualTo(AuditTrail.State.STOPPED);
        }
        long counted = notRecorded;
        assertThat(counted).isPositive();
        assertThat(ChainRows.ofType(ds, CHAIN, "RECORDING_STOPPED")).hasSize(1);
        assertThat(ChainRows.ofType(ds, CHAIN, "ADMIN_ACTION")).hasSize((int) (100 - counted));
        assertThat(ChainRows.ofType(ds, CHAIN, "TRAIL_STOP")).singleElement()
                .satisfies(l -> assertThat(l).contains("\"not_recorded\":" + counted));
        assertThat(ChainRows.verify(ds)).isIntact();
    }

    // ---- failures ----

    @Test
    void commitFails_stopRecording_thenResumesWithRecordingResumed() {
        try (AuditTrail trail = trail().capacity(CapacityPolicy.unbounded().onFull(OnFull.STOP_RECORDING)).build()) {
            long before = trail.record(SampleChains.event("before")).seq().orElseThrow();
            ds.failCommits(1);
            assertThat(trail.record(SampleChains.event("lost"))).isEqualTo(io.govaudit.Receipt.notRecorded());
            assertThat(trail.state()).isEqualTo(AuditTrail.State.STOPPED);
            trail.flush(); // probes: the database takes commits again
            assertThat(trail.state()).isEqualTo(AuditTrail.State.RUNNING);
            // before+1 is RECORDING_STOPPED, before+2 RECORDING_RESUMED: the lost record never got a seq
            assertThat(trail.record(SampleChains.event("after")).seq()).hasValue(before + 3);
        }
        assertThat(alerts).extracting(AuditAlert::kind).containsSubsequence(AlertKind.STORE_IO_ERROR,
                AlertKind.RECORDING_STOPPED, AlertKind.RECORDING_RESUMED);
        assertThat(ChainRows.ofType(ds, CHAIN, "RECORDING_RESUMED")).singleElement()
                .satisfies(l -> assertThat(l).contains("\"not_recorded\":1"));
        assertThat(ChainRows.lines(ds, CHAIN)).noneMatch(l -> l.contains("\"eid\":\"lost\""));
        assertThat(ChainRows.verify(ds)).isIntact();
    }

    @Test
    void connectionLost_failClosed_recordThrows_thenRecordsAgain() {
        try (AuditTrail trail = trail().capacity(CapacityPolicy.unbounded().onFull(OnFull.FAIL_CLOSED)).build()) {
            trail.record(SampleChains.event("before"));
            ds.failConnections(1000);
            assertThatThrownBy(() -> trail.record(SampleChains.event("refused")))
                    .isInstanceOf(AuditUnavailableException.class);
            assertThat(trail.state()).isEqualTo(AuditTrail.State.STOPPED);
            assertThatThrownBy(() -> trail.record(SampleChains.event("refused-at-once")))
                    .isInstanceOf(AuditUnavailableException.class);
            ds.failConnections(0);
            trail.flush();
            assertThat(trail.state()).isEqualTo(AuditTrail.State.RUNNING);
            assertThat(trail.record(SampleChains.event("after")).seq().orElseThrow()).isPositive();
        }
        assertThat(ds.connectionsRefused.get()).isGreaterThanOrEqualTo(3);
        assertThat(sleeps).isNotEmpty().allMatch(d -> d.toMillis() <= 200); // bounded back-off, never slept for real
        assertThat(ChainRows.ofType(ds, CHAIN, "RECORDING_RESUMED")).hasSize(1);
        assertThat(ChainRows.verify(ds)).isIntact();
    }
}
