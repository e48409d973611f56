package io.govaudit.jdbc.internal;

import io.govaudit.internal.format.RecordFormat;
import io.govaudit.internal.store.ForceBehind;
import io.govaudit.jdbc.Dialect;
import io.govaudit.spi.ChainStore;
import io.govaudit.spi.PurgePlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One chain in a database table, opened by its single writer (docs/format.md sections 1-2, 6-7; docs/operations.md, retention and capacity).
 *
 * <p>Ordering: {@link #write} parses each line for its indexed columns and keeps the exact text;
 * {@link #force} inserts the staged rows in seq order. {@code (chain_id, seq)} is the primary
 * key, so the table cannot hold two records with one seq, whatever writers do.
 *
 * <p>Durability: {@link #force} is one transaction on a fresh connection from the data source:
 * the staged rows, plus the {@code audit_segment} row of a segment opened by {@link #roll}, then
 * a commit. On PostgreSQL it runs with {@code SET LOCAL synchronous_commit TO on}, so a commit
 * has reached the server's WAL on disk whatever the server's default, which is what
 * {@code SYNC} promises. A failed commit is never retried and assumed good.
 *
 * <p>Failure: all of a batch or none of it: a refused row (a constraint, a full disk, a lost
 * connection) rolls the whole transaction back. {@link #rewind} then drops the staged rows; the
 * store holds exactly what the last successful force committed. Because each force takes its own
 * connection, a lost connection fails one batch and the next one reconnects (with the
 * {@link Connector}'s short back-off).
 *
 * <p>Recovery: there is no torn tail to cut: a transaction commits whole or not at all. Opening
 * reads the head row (highest seq) and refuses to continue a chain whose head does not parse as
 * a record of its own seq.
 *
 * <p>Segments: runs of records starting at an {@code audit_segment} row's {@code first_seq};
 * the active one is the last. A segment's row is inserted with its first records, so no empty
 * segment is ever stored. Purges remove whole closed segments through the database's guarded
 * {@code govaudit_purge} function, after the attesting record is committed.
 *
 * <p>Force behind ({@link ForceBehind}, {@code ASYNC} mode): {@link #stage()} takes the staged rows
 * on the writer thread, and their transaction (a connection of its own, as for {@link #force})
 * runs on the trail's force thread while the writer stages the next batch; the segment's size and
 * the stored head move on the writer thread once that transaction committed. A failed one is
 * rewound like a failed {@link #force}.
 *
 * <p>Thread-safety: confined to the trail's writer thread, except a staged transaction;
 * {@link #close} is called once after it.
 */
public final class JdbcChainStore implements ChainStore, ForceBehind {

    private final String chainId;
    private final StoreSettings settings;
    private final ChainTables tables;
    private final WriterHold hold;
    private final long segmentMaxBytes;
    private final Duration segmentMaxAge;
    private final long lastSeq;
    private final long knownHead;
    private final String lastHash;
    private final ChainSegments segments;
    private List<StagedRow> staged = new ArrayList<>();
    private long stagedBytes;
    /** Bytes of rows handed to a staged transaction that has not yet been reported committed. */
    private long inFlightBytes;
    /** The seq of the last committed record. */
    private long storedSeq;
    private long usedBytes;
    private PurgePlan planned;
    private boolean closed;

    private JdbcChainStore(String chainId, StoreSettings settings, WriterHold hold, long segmentMaxBytes,
            Duration segmentMaxAge, long lastSeq, String lastHash, long knownHead, ChainSegments segments) {
        this.knownHead = knownHead;
        this.chainId = chainId;
        this.settings = settings;
        this.tables = new ChainTables(chainId);
        this.hold = hold;
        this.segmentMaxBytes = segmentMaxBytes;
        this.segmentMaxAge = segmentMaxAge;
        this.lastSeq = lastSeq;
        this.lastHash = lastHash;
        this.segments = segments;
        this.storedSeq = lastSeq;
        this.usedBytes = segments.totalBytes();
    }

    /**
     * Takes the chain for this writer and reads its head and segments.
     *
     * @param settings        the store's settings
     * @param chainId         the chain (validated by the trail)
     * @param segmentMaxBytes roll size
     * @param segmentMaxAge   roll age
     * @return the open store
     * @throws io.govaudit.ChainLockedException if another writer holds the chain
     * @throws IOException if the database cannot be read, or the head row is not a valid record
     */
    public static JdbcChainStore open(StoreSettings settings, String chainId, long segmentMaxBytes,
            Duration segmentMaxAge) throws IOException {
        WriterHold hold = take(settings, chainId);
        try (Connection c = settings.connector().connect()) {
            ChainTables tables = new ChainTables(chainId);
            ChainTables.Head head = tables.head(c);
            long seq = head == null ? 0 : head.seq();
            String hash = head == null ? RecordFormat.GENESIS_PREV : headHash(chainId, head);
            List<Segment> stored = tables.segments(c);
            long knownHead = Math.max(seq, stored.isEmpty() ? 0 : stored.get(stored.size() - 1).firstSeq);
            if (stored.isEmpty()) {
                // a new chain; or rows without segment rows (loaded by hand): one segment from the first row on
                stored.add(seq == 0 ? new Segment(1, null, 0, false)
                        : new Segment(tables.minSeq(c), settings.clock().instant(), 0, false));
            }
            return new JdbcChainStore(chainId, settings, hold, segmentMaxBytes, segmentMaxAge, seq, hash,
                    knownHead, new ChainSegments(stored));
        } catch (SQLException | IOException | RuntimeException e) {
            closeQuietly(hold, e);
            if (e instanceof SQLException sql) {
                throw failure("cannot read chain '" + chainId + "'", sql);
            }
            if (e instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) e;
        }
    }

    private static WriterHold take(StoreSettings settings, String chainId) throws IOException {
        try {
            return WriterHold.take(settings, chainId);
        } catch (SQLException e) {
            if (SqlFailures.isMissingTable(e)) {
                throw failure("cannot take chain '" + chainId + "' for writing: the govaudit tables are missing in "
                        + settings.location() + "; install them as the tables' owner with JdbcSchema.install(dataSource) "
                        + "or have a DBA run JdbcSchema.script(" + settings.dialect() + ")", e);
            }
            throw failure("cannot take chain '" + chainId + "' for writing", e);
        }
    }

    private static String headHash(String chainId, ChainTables.Head head) throws IOException {
        try {
            RecordColumns columns = RecordColumns.read(head.json());
            if (columns.seq() != head.seq() || !columns.hash().matches("[0-9a-f]{64}")) {
                throw new IOException("its record says seq " + columns.seq() + " and hash '" + columns.hash() + "'");
            }
            return columns.hash();
        } catch (IOException e) {
            throw new IOException("the last row of chain '" + chainId + "' (seq " + head.seq() + ") is not a valid "
                    + "record (" + e.getMessage() + "); the chain cannot be continued safely. Verify it with "
                    + "'audit-cli verify' and use another chainId until it is repaired", e);
        }
    }

    /** The first seq of the newest stored segment row: that segment's first record was committed with it. */
    @Override
    public long knownHead() {
        return knownHead;
    }

    @Override
    public long lastSeq() {
        return lastSeq;
    }

    @Override
    public String lastHash() {
        return lastHash;
    }

    @Override
    public boolean mustRoll(long pendingBytes, long lineBytes, Instant now) {
        Segment active = segments.active();
        long used = active.bytes + inFlightBytes + stagedBytes + pendingBytes;
        if (used == 0) {
            return false;
        }
        if (used + lineBytes > segmentMaxBytes) {
            return true;
        }
        return active.openedAt != null && !now.isBefore(active.openedAt.plus(segmentMaxAge));
    }

    @Override
    public void roll(long nextSeq) throws IOException {
        force();
        segments.open(nextSeq);
    }

    @Override
    public void write(byte[] lines, int length, Instant firstRecord) throws IOException {
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (lines[i] == '\n') {
                stage(lines, start, i - start);
                start = i + 1;
            }
        }
        if (start != length) {
            throw new IOException("chain '" + chainId + "': the last " + (length - start)
                    + " bytes handed to the store do not end with a newline");
        }
    }

    private void stage(byte[] lines, int offset, int length) throws IOException {
        RecordColumns columns = RecordColumns.read(lines, offset, length);
        staged.add(new StagedRow(columns, new String(lines, offset, length, StandardCharsets.UTF_8), length + 1));
        stagedBytes += length + 1;
        usedBytes += length + 1;
        Segment active = segments.active();
        if (active.openedAt == null) {
            active.openedAt = columns.instant();
        }
    }

    @Override
    public void force() throws IOException {
        if (staged.isEmpty()) {
            return;
        }
        Segment active = segments.active();
        commit(active, staged);
        committed(active, staged, stagedBytes);
        staged.clear();
        stagedBytes = 0;
    }

    /**
     * Hands the staged rows to a transaction that another thread runs; see the class comment.
     * The rows are no longer staged here: a failure is rewound by {@link #rewind}.
     */
    @Override
    public Staged stage() {
        Segment active = segments.active();
        List<StagedRow> rows = staged;
        long bytes = stagedBytes;
        staged = new ArrayList<>();
        stagedBytes = 0;
        inFlightBytes += bytes;
        return new Staged() {
            @Override
            public void force() throws IOException {
                commit(active, rows);
            }

            @Override
            public void durable() {
                inFlightBytes -= bytes;
                committed(active, rows, bytes);
            }
        };
    }

    /** One transaction: the rows, and the segment's row with its first ones. */
    private void commit(Segment active, List<StagedRow> rows) throws IOException {
        if (rows.isEmpty()) {
            return;
        }
        hold.retakeIfLost();
        try (Connection c = settings.connector().connect()) {
            commit(c, active, rows);
        } catch (SQLException e) {
            boolean holdLost = hold.check();
            throw failure("committing " + rows.size() + " record(s) of chain '" + chainId + "' (seq "
                    + rows.get(0).columns().seq() + ".." + rows.get(rows.size() - 1).columns().seq()
                    + ") failed" + (holdLost ? "; the writer's hold on the chain ended with its connection" : ""), e);
        }
    }

    /** The rows' transaction committed: the segment and the stored head follow. Writer thread. */
    private void committed(Segment active, List<StagedRow> rows, long bytes) {
        if (rows.isEmpty()) {
            return;
        }
        active.persisted = true;
        active.bytes += bytes;
        storedSeq = rows.get(rows.size() - 1).columns().seq();
    }

    private void commit(Connection c, Segment active, List<StagedRow> rows) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            if (settings.dialect() == Dialect.POSTGRESQL) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET LOCAL synchronous_commit TO on");
                }
            }
            if (!active.persisted) {
                tables.insertSegment(c, active);
            }
            settings.rows().insert(c, chainId, rows);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            restoreAutoCommit(c, autoCommit);
        }
    }

    @Override
    public void rewind() {
        usedBytes -= stagedBytes + inFlightBytes; // a staged transaction that failed is rewound too
        staged.clear();
        stagedBytes = 0;
        inFlightBytes = 0;
        Segment active = segments.active();
        if (!active.persisted) {
            active.openedAt = null;
        }
    }

    @Override
    public boolean isOutOfSpace(Throwable failure) {
        return SqlFailures.isOutOfSpace(failure);
    }

    @Override
    public long usedBytes() {
        return usedBytes;
    }

    /**
     * Counts again when someone else changed the chain. The table is append-only, so the only
     * change another party can make is a purge of the oldest records (an operator calling
     * {@code govaudit_purge}): the smallest seq, one index lookup, tells whether that happened,
     * and only then are the segments summed again. This keeps a once-a-second call cheap on a
     * large table. It also checks that the writer's hold on the chain still stands.
     */
    @Override
    public long remeasure() throws IOException {
        hold.check();
        try (Connection c = settings.connector().connect()) {
            Segment oldest = segments.oldest();
            // not while a staged transaction runs: it adds to the active segment it was given
            if (inFlightBytes == 0 && oldest.persisted && tables.minSeq(c) != oldest.firstSeq) {
                segments.replaceWith(tables.segments(c), storedSeq);
                usedBytes = segments.totalBytes() + stagedBytes;
            }
        } catch (SQLException e) {
            throw failure("cannot measure chain '" + chainId + "'", e);
        }
        return usedBytes;
    }

    @Override
    public int closedSegments() {
        return segments.closedCount();
    }

    @Override
    public List<Long> closedSegmentSizes() {
        return segments.closedSizes();
    }

    @Override
    public Instant newestBound(int index, Instant now) {
        return segments.newestBound(index, now);
    }

    /**
     * Plans a purge. The last purged record is the one before the first record of the segment
     * after the purged ones; when that segment holds no stored record yet, it is the chain's last.
     */
    @Override
    public PurgePlan planPurge(int count, long lastSeq, String lastHash, Instant now) throws IOException {
        if (count < 1 || count > closedSegments()) {
            throw new IllegalArgumentException("count must be from 1 to " + closedSegments() + ", was " + count);
        }
        long bytes = segments.bytesOfOldest(count);
        Segment next = segments.get(count);
        long first = segments.oldest().firstSeq;
        if (!next.persisted) {
            planned = new PurgePlan(count, first, lastSeq, lastHash, now, bytes);
            return planned;
        }
        try (Connection c = settings.connector().connect()) {
            planned = new PurgePlan(count, first, next.firstSeq - 1, tables.hashAt(c, next.firstSeq - 1),
                    next.openedAt, bytes);
            return planned;
        } catch (SQLException e) {
            throw failure("cannot plan a purge of chain '" + chainId + "'", e);
        }
    }

    @Override
    public void delete(PurgePlan plan) throws IOException {
        PurgePlan purge = planned;
        if (purge == null || !purge.equals(plan)) {
            throw new IOException("purge of seq " + plan.firstSeq() + ".." + plan.lastSeq() + " of chain '" + chainId
                    + "' was not planned here");
        }
        planned = null;
        try (Connection c = settings.connector().connect()) {
            c.setAutoCommit(true);
            tables.purge(c, plan.lastSeq());
        } catch (SQLException e) {
            throw failure("purging seq " + plan.firstSeq() + ".." + plan.lastSeq() + " of chain '" + chainId
                    + "' failed", e);
        }
        segments.removeOldest(plan.segments());
        usedBytes -= plan.bytes();
    }

    /** Lets go of the chain. Staged rows that were never forced are dropped. Idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        staged.clear();
        try {
            hold.close();
        } catch (SQLException e) {
            throw failure("releasing chain '" + chainId + "' failed; the database releases it when the connection "
                    + "ends", e);
        }
    }

    @Override
    public String toString() {
        return "JdbcChainStore[" + settings.location() + ", chain=" + chainId + "]";
    }

    private static IOException failure(String what, SQLException e) {
        return new IOException(what + ": " + SqlFailures.describe(e), e);
    }

    private static void restoreAutoCommit(Connection c, boolean autoCommit) {
        try {
            c.setAutoCommit(autoCommit);
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it, nothing to restore
        }
    }

    private static void closeQuietly(WriterHold hold, Exception cause) {
        try {
            hold.close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
