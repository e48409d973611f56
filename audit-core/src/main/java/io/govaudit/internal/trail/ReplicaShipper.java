package io.govaudit.internal.trail;

import io.govaudit.alert.AlertKind;
import io.govaudit.alert.AuditAlert;
import io.govaudit.alert.AuditAlertListener;
import io.govaudit.spi.ChainStore;
import io.govaudit.spi.PurgePlan;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships a trail's durable records to one replica ({@code AuditTrail.Builder.replicateTo};
 * docs/operations.md, replication), on a thread of its own.
 *
 * <p>Ordering: every {@link #POLL_MILLIS} the thread reads the trail's durable head (published by
 * the writer after each force), reads the lines up to it from the trail's segment files through a
 * {@link SourceCursor} (each line checked), and appends them to the replica through its
 * {@link ChainStore}: one {@code write} and one {@code force} per batch, a {@code roll} where the
 * trail's segment ends, so the replica holds the same segments with the same bytes. Once a
 * segment is closed in a directory replica, its file is read back and compared with the trail's
 * (SHA-256 of the whole segment). A {@code RETENTION_PURGE} record, once durable in the replica,
 * purges the replica's closed segments it covers. Only durable records are shipped, so the
 * replica never holds a record the trail could lose in a crash and then write differently.
 *
 * <p>Failure: any failure (the replica cannot be opened or written, a line of the trail is not
 * the next record, the replica is not this trail's) closes the replica and raises
 * {@link AlertKind#REPLICA_FAILED} once per cause; the thread opens it again after
 * {@link #RETRY_MILLIS} and continues from the replica's own head. Recording never waits for it.
 *
 * <p>Shutdown: {@link #finish()} asks for a last round, bounded by {@link #FINISH_MILLIS}, after
 * the writer has stopped, so the replica ends with the trail's {@code TRAIL_STOP}.
 *
 * <p>Thread-safety: the replica, the cursor and the head are confined to the thread; the
 * progress fields read by {@link Replication}'s watcher are volatile.
 */
final class ReplicaShipper {

    static final long POLL_MILLIS = 250;
    static final long RETRY_MILLIS = 2000;
    static final long FINISH_MILLIS = TimeUnit.SECONDS.toMillis(30);
    private static final int BATCH_BYTES = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaShipper.class);

    private final TrailConfig config;
    private final ReplicaTarget target;
    private final Supplier<StatusBoard.Published> trailHead;
    private final AuditAlertListener alerts;
    private final Thread thread;
    private final Object wakeUp = new Object();
    private volatile boolean finishing;

    /** The replica's head as last made durable, -1 before it was opened. */
    private volatile long replicatedSeq = -1;
    /** Ticker time at which the replica last held every record durable in the trail then. */
    private volatile long currentSinceNanos;
    /** The current failure, null while the replica works. */
    private volatile String failure;

    private ChainStore replica;
    private long head;
    private String headHash;
    private SourceCursor cursor;
    /** The first seq of the replica's active segment, -1 when not known. */
    private long activeSegment = -1;
    /** A segment of the trail read to its end, to be compared with the replica's copy once closed there. */
    private long endedSegment = -1;
    private byte[] endedSegmentSha256;
    private boolean tailCutsPending;
    private String alerted;

    ReplicaShipper(TrailConfig config, ReplicaTarget target, Supplier<StatusBoard.Published> trailHead, String job) {
        this.config = config;
        this.target = target;
        this.trailHead = trailHead;
        this.alerts = AuditAlertListener.guarded(config.alertListener());
        this.currentSinceNanos = config.ticker().getAsLong();
        this.thread = config.newThread(job, this::run);
    }

    void start() {
        thread.start();
    }

    ReplicaTarget target() {
        return target;
    }

    long replicatedSeq() {
        return replicatedSeq;
    }

    long currentSinceNanos() {
        return currentSinceNanos;
    }

    String failure() {
        return failure;
    }

    /** Asks for the last round and waits for it, bounded; called after the writer stopped. */
    void finish() {
        finishing = true;
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
        try {
            thread.join(FINISH_MILLIS + TimeUnit.SECONDS.toMillis(5));
            if (thread.isAlive()) {
                LOG.warn("replication of chain '{}' to {} did not finish within {} ms", config.chainId(),
                        target.describe(), FINISH_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("interrupted while finishing the replication of chain '{}' to {}", config.chainId(),
                    target.describe());
        }
    }

    private void run() {
        try {
            while (true) {
                boolean last = finishing;
                long deadline = config.ticker().getAsLong() + TimeUnit.MILLISECONDS.toNanos(FINISH_MILLIS);
                boolean failed = false;
                try {
                    round(last ? deadline : Long.MAX_VALUE);
                    failure = null;
                    alerted = null;
                } catch (IOException | RuntimeException e) {
                    failed = true;
                    fail(e);
                }
                if (last) {
                    return;
                }
                pause(failed ? RETRY_MILLIS : POLL_MILLIS);
            }
        } finally {
            closeReplica();
        }
    }

    private void pause(long millis) {
        synchronized (wakeUp) {
            if (finishing) {
                return;
            }
            try {
                wakeUp.wait(millis);
            } catch (InterruptedException e) {
                finishing = true; // interrupted by the JVM going down: one last round, then stop
            }
        }
    }

    /** Ships everything the trail has made durable; bounded by {@code deadline} (ticker time). */
    void round(long deadline) throws IOException {
        long roundStart = config.ticker().getAsLong();
        StatusBoard.Published trail = trailHead.get();
        long durable = trail.headSeq();
        if (replica == null) {
            openReplica();
        }
        if (head > durable) {
            throw new ReplicaException("the replica holds seq " + head + ", beyond the trail's last durable record "
                    + durable + ": it is not this trail's replica, or the trail lost records");
        }
        if (head == durable) {
            if (head > 0 && !headHash.equals(trail.headHash())) {
                throw new ReplicaException("record " + head + " of the replica differs from the trail's: it is not "
                        + "this trail's replica");
            }
            currentSinceNanos = roundStart;
            return;
        }
        if (cursor == null) {
            cursor = new SourceCursor(config.directory(), config.chainId());
            cursor.position(head, headHash);
        }
        while (head < durable && config.ticker().getAsLong() - deadline < 0) {
            SourceCursor.Batch batch = cursor.next(durable, BATCH_BYTES);
            if (batch == null) {
                break;
            }
            if (batch.hasLines()) {
                ship(batch);
            }
            if (batch.completedSegmentSha256() != null) {
                endedSegment = batch.segmentFirst();
                endedSegmentSha256 = batch.completedSegmentSha256();
            }
        }
        if (head >= durable) {
            currentSinceNanos = roundStart;
        }
    }

    private void openReplica() throws IOException {
        replica = target.open(config);
        head = replica.lastSeq();
        headHash = replica.lastHash();
        tailCutsPending = !replica.tailCuts().isEmpty();
        activeSegment = -1;
        replicatedSeq = head;
    }

    private void ship(SourceCursor.Batch batch) throws IOException {
        if (batch.firstSeq() == batch.segmentFirst() && mustRoll(batch.segmentFirst())) {
            long closed = activeSegment;
            replica.roll(batch.segmentFirst());
            readBack(closed);
        }
        activeSegment = batch.segmentFirst();
        try {
            replica.write(batch.lines(), batch.length(), batch.firstTs());
            replica.force();
        } catch (IOException | RuntimeException e) {
            replica.rewind();
            throw e;
        }
        head = batch.lastSeq();
        headHash = batch.lastHash();
        replicatedSeq = head;
        if (tailCutsPending) {
            replica.tailCutsRecorded(); // the cut bytes are shipped again from the trail
            tailCutsPending = false;
        }
        for (long through : batch.purgedThrough()) {
            purge(through);
        }
        replica.housekeeping();
    }

    /**
     * Tells whether the replica must start a new segment for the trail's segment starting at
     * {@code first}: when its active segment holds records (a store's {@code mustRoll} is false
     * for an empty segment, whatever the sizes), or when an empty replica's segment is not named
     * for it (an empty chain's first segment is named 1; the trail's may start later, after
     * purges).
     */
    private boolean mustRoll(long first) throws IOException {
        if (replica.mustRoll(0, Long.MAX_VALUE / 4, config.clock().instant())) {
            return true;
        }
        if (head > 0 || first == 1) {
            return false;
        }
        Optional<Path> file = target.segmentFile(config.chainId(), first);
        return file.isEmpty() || !java.nio.file.Files.exists(file.get());
    }

    /** Compares a segment just closed in a directory replica with the trail's, byte for byte (SHA-256). */
    private void readBack(long closedSegment) throws IOException {
        if (closedSegment < 0 || closedSegment != endedSegment) {
            return; // not read from its start in this run
        }
        byte[] expected = endedSegmentSha256;
        endedSegment = -1;
        endedSegmentSha256 = null;
        Optional<Path> file = target.segmentFile(config.chainId(), closedSegment);
        if (file.isEmpty()) {
            return; // a store that is not a directory: its own transactions keep it
        }
        byte[] actual = sha256(file.get());
        if (!Arrays.equals(expected, actual)) {
            throw new ReplicaException("segment " + file.get().getFileName() + " in the replica differs from the "
                    + "trail's after copying (SHA-256); verify the replica (audit-cli verify " + target.describe() + ")");
        }
    }

    /** Purges the replica's closed segments that a shipped {@code RETENTION_PURGE} record covers. */
    private void purge(long through) throws IOException {
        int closed = replica.closedSegments();
        int count = 0;
        for (int k = 1; k <= closed; k++) {
            if (replica.planPurge(k, head, headHash, config.clock().instant()).lastSeq() > through) {
                break;
            }
            count = k;
        }
        if (count > 0) {
            PurgePlan plan = replica.planPurge(count, head, headHash, config.clock().instant());
            replica.delete(plan);
            LOG.info("replica {} of chain '{}': purged seq {}..{} as the trail did", target.describe(),
                    config.chainId(), plan.firstSeq(), plan.lastSeq());
        }
    }

    private void fail(Exception e) {
        String message = e instanceof ReplicaException ? e.getMessage() : e.toString();
        failure = message;
        closeReplica();
        if (message.equals(alerted)) {
            return;
        }
        alerted = message;
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("replica", target.describe());
        facts.put("replicated_seq", replicatedSeq);
        facts.put("trail_seq", trailHead.get().headSeq());
        alerts.onAlert(new AuditAlert(AlertKind.REPLICA_FAILED, config.chainId(), config.clock().instant(),
                "chain '" + config.chainId() + "': replica " + target.describe() + " failed: " + message
                        + "; retried every " + RETRY_MILLIS / 1000 + " s, recording goes on", facts));
    }

    private void closeReplica() {
        SourceCursor openCursor = cursor;
        ChainStore openReplica = replica;
        cursor = null;
        replica = null;
        activeSegment = -1;
        endedSegment = -1;
        endedSegmentSha256 = null;
        try {
            if (openCursor != null) {
                openCursor.close();
            }
        } catch (IOException e) {
            LOG.warn("cannot close the trail's segment read for replica {}: {}", target.describe(), e.toString());
        }
        try {
            if (openReplica != null) {
                openReplica.close();
            }
        } catch (IOException e) {
            LOG.warn("cannot close replica {} of chain '{}': {}", target.describe(), config.chainId(), e.toString());
        }
    }

    private static byte[] sha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return "ReplicaShipper[" + config.chainId() + " -> " + target.describe() + ", seq " + replicatedSeq + "]";
    }
}
