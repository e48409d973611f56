package io.govaudit.internal.trail;

import io.govaudit.AuditTrail;
import io.govaudit.CapacityPolicy;
import io.govaudit.ClockCheck;
import io.govaudit.ComplianceLevel;
import io.govaudit.Durability;
import io.govaudit.PersonalDataMasking;
import io.govaudit.RetentionPolicy;
import io.govaudit.alert.AuditAlertListener;
import io.govaudit.internal.store.SegmentIo;
import io.govaudit.spi.AnchorSink;
import io.govaudit.spi.AuditStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.function.LongSupplier;

/**
 * The settings of one trail, fixed when {@code AuditTrail.Builder.build()} has validated them: the
 * engine reads only this, never the builder, so nothing a caller does to the builder afterwards
 * reaches a running trail.
 *
 * <p>Immutable and thread-safe (the anchor sink and replica lists are copied; the other members are immutable
 * values or objects the caller handed over for the trail to use).
 *
 * @param directory              the store directory, or null for {@code store}
 * @param store                  another store, or null for {@code directory}
 * @param chainId                the chain
 * @param system                 the system name written in {@code where.system}
 * @param host                   the host name written in {@code where.host}
 * @param durability             SYNC or ASYNC
 * @param segmentMaxBytes        roll size
 * @param segmentMaxAge          roll age
 * @param maxRecordBytes         the largest record line
 * @param queueCapacity          the bound of the queue between callers and the writer
 * @param clock                  the time written in {@code ts}
 * @param ticker                 monotonic nanoseconds for delays and epochs
 * @param threadFactory          makes every thread the trail starts
 * @param retention              the retention policy
 * @param capacity               the capacity policy
 * @param alertListener          told about alerts
 * @param segmentIo              the I/O seam of the file store
 * @param compressClosedSegments whether closed segments are gzipped
 * @param groupReadable          whether records are group-readable
 * @param acceptLostRecords      whether this open may continue after lost records
 * @param hmacSeed               the seed file of a keyed chain, or null
 * @param epochLength            how long an epoch key is used
 * @param signingKey             the checkpoint signing key file, or null
 * @param previousSigningKey     the key being rotated from, or null
 * @param checkpointEvery        records between checkpoints
 * @param checkpointInterval     time between checkpoints while records are written
 * @param heartbeat              time between checkpoints while idle
 * @param anchorSinks            where checkpoints are published
 * @param personalDataMasking    the personal-data masking of application strings
 * @param verifyEvery            the time between scheduled verification rounds, or null for none
 * @param clockCheck             the SNTP clock check, or null for none
 * @param mirrorToSlf4j          whether durable records are mirrored to the logger {@code govaudit.AUDIT}
 * @param replicas               where every durable record is copied, possibly none
 * @param replicaMaxLag          how far a replica may fall behind before an alert
 * @param complianceLevel        the protection level the configuration was checked against, or null
 */
public record TrailConfig(Path directory, AuditStore store, String chainId, String system, String host,
        Durability durability, long segmentMaxBytes, Duration segmentMaxAge, int maxRecordBytes,
        int queueCapacity, Clock clock, LongSupplier ticker, ThreadFactory threadFactory,
        RetentionPolicy retention, CapacityPolicy capacity, AuditAlertListener alertListener, SegmentIo segmentIo,
        boolean compressClosedSegments, boolean groupReadable, boolean acceptLostRecords, Path hmacSeed,
        Duration epochLength, Path signingKey, Path previousSigningKey, int checkpointEvery,
        Duration checkpointInterval, Duration heartbeat, List<AnchorSink> anchorSinks,
        PersonalDataMasking personalDataMasking, Duration verifyEvery, ClockCheck clockCheck, boolean mirrorToSlf4j,
        List<ReplicaTarget> replicas, Duration replicaMaxLag, ComplianceLevel complianceLevel) {

    /** Copies the anchor sinks and replicas. */
    public TrailConfig {
        anchorSinks = List.copyOf(anchorSinks);
        replicas = List.copyOf(replicas);
    }

    /**
     * Returns a thread for the trail, named for its job and chain, from the configured factory.
     *
     * @param job  what the thread does, e.g. {@code writer}
     * @param task what it runs
     * @return the thread, not started
     */
    Thread newThread(String job, Runnable task) {
        Thread thread = threadFactory.newThread(task);
        thread.setName("govaudit-" + job + "-" + chainId);
        return thread;
    }
}
