package io.govaudit;

import io.govaudit.alert.AuditAlertListener;
import io.govaudit.internal.store.SegmentIo;
import io.govaudit.internal.trail.ReplicaTarget;
import io.govaudit.internal.trail.LevelProfile;
import io.govaudit.internal.trail.TrailOpener;
import io.govaudit.internal.trail.TrailConfig;
import io.govaudit.spi.AnchorSink;
import io.govaudit.spi.AuditStore;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * A tamper-evident audit trail: one hash chain of records written by one writer.
 *
 * <pre>{@code
 * try (AuditTrail trail = AuditTrail.builder()
 *         .directory(Path.of("/var/lib/myapp/audit"))
 *         .chainId("node-1")
 *         .system("permit-portal")
 *         .build()) {
 *     Actor admin = Actor.builder("A123456").admin(true).build();
 *     trail.record(AuditEvent.login(admin).where(Location.defaults().withIp("10.1.2.3")).build());
 * }
 * }</pre>
 *
 * <p>Thread-safety: every method may be called from any number of threads. Concurrent calls are
 * batched: one write and one device flush per batch (group commit, docs/format.md sections 6-7).
 *
 * <p>Durability: with {@link Durability#SYNC} (the default) {@link #record} returns only after the
 * record is on the storage device; with {@link Durability#ASYNC} it returns once the record is
 * queued and {@link #flush()} waits for everything queued so far.
 *
 * <p>Failure: when the store is full or a write or device flush fails, the trail applies its
 * {@link CapacityPolicy.OnFull} action (docs/operations.md, retention and capacity): overwrite the oldest closed
 * segments (never records younger than the retention minimum, unless allowed in writing), stop recording (events are counted, {@code record} returns a {@link Receipt} saying
 * {@link Receipt.Status#NOT_RECORDED}),
 * or fail closed ({@code record} throws {@link AuditUnavailableException} so the application can
 * refuse the audited operation). Every stop, purge and resumption is itself a chained record and
 * an alert; {@link #state()} shows it.
 *
 * @since 0.1.0
 */
public interface AuditTrail extends AutoCloseable {

    /**
     * Records an event.
     *
     * @param event the event (library types cannot be built: {@link AuditEvent#of} refuses them)
     * @return what happened: in {@code SYNC} mode {@link Receipt.Status#DURABLE} with the
     *         record's seq, which is on disk when this returns, or
     *         {@link Receipt.Status#NOT_RECORDED} while recording is stopped under
     *         {@link CapacityPolicy.OnFull#STOP_RECORDING}; in {@code ASYNC} mode
     *         {@link Receipt.Status#QUEUED}
     * @throws AuditRecordRejectedException if the event is null (member {@code event}), invalid or
     *                                      too large; nothing is written
     * @throws AuditUnavailableException    if the trail is closed, has failed, or refuses records
     *                                      under {@link CapacityPolicy.OnFull#FAIL_CLOSED}
     */
    Receipt record(AuditEvent event);

    /**
     * Waits until every record accepted before this call is on the storage device, and tells how
     * far the chain is durable: in {@code ASYNC} mode the way to know that what was queued is on
     * disk.
     *
     * @return the seq of the chain's last durable record
     * @throws AuditUnavailableException if the store has failed or the trail is closed
     */
    long flush();

    /**
     * Returns the chain this trail writes.
     *
     * @return the chain id
     */
    String chainId();

    /**
     * Returns the current state of the trail.
     *
     * @return the state
     */
    State state();

    /**
     * Returns a snapshot of the trail for monitoring: state, durable head, capacity use, last
     * checkpoint, events not recorded, queue depth and cumulative counters (see
     * {@link TrailStatus}). Cheap and lock-free: it reads values the writer publishes after each
     * batch, so it may be called as often as a health check or a metrics scrape likes, and it
     * never waits for the writer nor slows it down. It also works on a closed or failed trail.
     *
     * @return the snapshot
     * @since 0.1.0
     */
    TrailStatus status();

    /**
     * Stops accepting records, writes everything queued, writes {@code TRAIL_STOP}, forces the
     * segment and releases the chain's lock. Idempotent.
     */
    @Override
    void close();

    /**
     * Starts building a file-backed trail.
     *
     * @return a new builder
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * The state of a trail.
     */
    enum State {
        /** Records are accepted and written. */
        RUNNING,
        /** Records are written, but the store is past its capacity warning threshold. */
        DEGRADED,
        /**
         * The store is full or failing: events are counted and not recorded (or refused under
         * {@code FAIL_CLOSED}) until space returns; the trail probes and resumes by itself.
         */
        STOPPED,
        /**
         * The store failed in a way the trail cannot repair (the end of the active segment is
         * unknown); records are refused with {@link AuditUnavailableException} until the trail is
         * reopened, which recovers the tail.
         */
        FAILED,
        /** The trail was closed. */
        CLOSED
    }

    /**
     * Configures and opens an {@link AuditTrail} on a directory store (docs/format.md sections 6-7).
     * Every setter stores its value; {@link #build()} checks them all at once and reports every
     * problem in one {@link AuditConfigurationException}. Not thread-safe.
     */
    final class Builder {
        /** The chain id names a directory, so "." and ".." (the store itself, its parent) are not ids. */
        private static final Pattern CHAIN_ID = Pattern.compile("(?!\\.{1,2}\\z)[A-Za-z0-9._-]{1,64}");

        Path directory;
        AuditStore store;
        String chainId;
        String system;
        String host;
        Durability durability = Durability.SYNC;
        long segmentMaxBytes = 64L * 1024 * 1024;
        Duration segmentMaxAge = Duration.ofDays(1);
        int maxRecordBytes = 16 * 1024;
        int queueCapacity = 4 * 1024;
        Clock clock = Clock.systemUTC();
        ThreadFactory threadFactory;
        RetentionPolicy retention = RetentionPolicy.defaults();
        CapacityPolicy capacity = CapacityPolicy.unbounded();
        AuditAlertListener alertListener = AuditAlertListener.logging();
        SegmentIo segmentIo = SegmentIo.SYSTEM;
        boolean compressClosedSegments;
        boolean groupReadable;
        boolean acceptLostRecords;
        Path hmacSeed;
        Duration epochLength = Duration.ofHours(1);
        Path signingKey;
        Path previousSigningKey;
        int checkpointEvery = 10_000;
        Duration checkpointInterval = Duration.ofMinutes(1);
        Duration heartbeat = Duration.ofMinutes(5);
        Duration verifyEvery;
        ClockCheck clockCheck;
        boolean mirrorToSlf4j;
        final List<AnchorSink> anchorSinks = new ArrayList<>();
        final List<ReplicaTarget> replicas = new ArrayList<>();
        Duration replicaMaxLag = Duration.ofMinutes(5);
        LongSupplier ticker = System::nanoTime;
        PersonalDataMasking personalDataMasking = PersonalDataMasking.defaults();
        ComplianceLevel complianceLevel;

        Builder() {
        }

        /**
         * Sets the store directory; it holds one sub-directory per chain and is created 0700.
         *
         * @param directory the store directory (required)
         * @return this builder
         */
        public Builder directory(Path directory) {
            this.directory = directory;
            return this;
        }

        /**
         * Keeps the chain in another store instead of a directory, for example a database through
         * {@code io.govaudit.jdbc.JdbcAuditStore}. Set either this or {@link #directory}.
         *
         * @param store the store
         * @return this builder
         */
        public Builder store(AuditStore store) {
            this.store = store;
            return this;
        }

        /**
         * Sets the chain id: one writer (process or node) owns one chain.
         *
         * @param chainId 1 to 64 characters of {@code A-Z a-z 0-9 . _ -}, not {@code .} or {@code ..}
         *                (required)
         * @return this builder
         */
        public Builder chainId(String chainId) {
            this.chainId = chainId;
            return this;
        }

        /**
         * Sets the default {@code where.system}: the information system's name. Required: the
         * trail's own records ({@code CHAIN_START}, {@code TRAIL_START} …) carry it.
         *
         * @param system the system name, not blank, at most 255 characters
         * @return this builder
         */
        public Builder system(String system) {
            this.system = system;
            return this;
        }

        /**
         * Sets the default {@code where.host}; defaults to this machine's host name.
         *
         * @param host the host name
         * @return this builder
         */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /**
         * Sets when {@link AuditTrail#record} returns; default {@link Durability#SYNC}.
         *
         * @param durability the durability mode
         * @return this builder
         */
        public Builder durability(Durability durability) {
            this.durability = durability;
            return this;
        }

        /**
         * Sets the size at which the active segment is closed; default 64 MiB.
         *
         * @param bytes at least 4096 and at least the maximum record size
         * @return this builder
         */
        public Builder segmentMaxBytes(long bytes) {
            this.segmentMaxBytes = bytes;
            return this;
        }

        /**
         * Sets the age (from its first record) at which the active segment is closed; default
         * one day.
         *
         * @param age a positive duration
         * @return this builder
         */
        public Builder segmentMaxAge(Duration age) {
            this.segmentMaxAge = age;
            return this;
        }

        /**
         * Sets the largest encoded record accepted; default 16 KiB. Larger events are rejected
         * with {@link AuditRecordRejectedException}, never truncated.
         *
         * @param bytes from 1024 to 1 MiB
         * @return this builder
         */
        public Builder maxRecordBytes(int bytes) {
            this.maxRecordBytes = bytes;
            return this;
        }

        /**
         * Sets how many records may wait for the writer; default 4096. When the queue is
         * full, {@code record} waits. In {@code ASYNC} mode the queue is also what a
         * crash can lose, and queued records are live objects the garbage collector copies: 4096
         * keeps the writer's batches full at the measured rates while keeping both small
         * (docs/performance.md).
         *
         * @param capacity from 1 to 1 048 576
         * @return this builder
         */
        public Builder queueCapacity(int capacity) {
            this.queueCapacity = capacity;
            return this;
        }

        /**
         * Sets the clock that stamps {@code ts}; default {@link Clock#systemUTC()}.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Sets the factory for every thread the trail starts: the writer, the anchor publisher
         * (with anchor sinks) and the compressor (with {@code compressClosedSegments}). The trail
         * names each thread {@code govaudit-<job>-<chain>}. Default: daemon threads.
         *
         * @param threadFactory the factory
         * @return this builder
         */
        public Builder threadFactory(ThreadFactory threadFactory) {
            this.threadFactory = threadFactory;
            return this;
        }

        /**
         * Sets how long records are kept; default {@link RetentionPolicy#defaults()} (at least
         * six months, nothing deleted by age). A minimum below six months is refused unless
         * justified with {@link RetentionPolicy#belowSixMonths(String)}.
         *
         * @param retention the retention policy
         * @return this builder
         */
        public Builder retention(RetentionPolicy retention) {
            this.retention = retention;
            return this;
        }

        /**
         * Sets the storage bound and the action when it is reached or a write fails; default
         * {@link CapacityPolicy#unbounded()}.
         *
         * @param capacity the capacity policy
         * @return this builder
         */
        public Builder capacity(CapacityPolicy capacity) {
            this.capacity = capacity;
            return this;
        }

        /**
         * Sets who hears about capacity warnings, purges, stops and failures; default
         * {@link AuditAlertListener#logging()}. The listener is guarded: what it throws is logged.
         *
         * @param listener the listener; combine several with {@link AuditAlertListener#and}
         * @return this builder
         */
        public Builder alertListener(AuditAlertListener listener) {
            this.alertListener = listener;
            return this;
        }

        /**
         * Lets the owner's group read the records: directories {@code 0750}, segments
         * {@code 0640} ({@code 0440} once closed), for an auditors' group that verifies without
         * write access. Keys, the session key and the lock file stay {@code 0600}. Applies to
         * directories and segments created from now on. Default false: owner-only
         * ({@code 0700}/{@code 0600}/{@code 0400}).
         *
         * @param groupReadable true for group-readable records
         * @return this builder
         */
        public Builder groupReadable(boolean groupReadable) {
            this.groupReadable = groupReadable;
            return this;
        }

        /**
         * Lets this one open continue a chain whose records end before the writer's own head
         * mark, the note of the last record it knew durable ({@code head.mark} in the chain's
         * state directory; for a database store also its newest segment). Such records were
         * deleted or the store was restored from an older copy; by default the trail then refuses
         * to open with {@link RecordsLostException}, so that an operator looks first. With this
         * set, the trail continues after the last seq it knew, and its first record is
         * {@code RECORDS_LOST}, naming the missing range, which every verification reports as an
         * integrity problem. Seqs of the missing records are never given out again. Set it for the
         * one start that follows the operator's decision, then remove it. Default false. A tail
         * torn by a crash (bytes cut from a record that was never acknowledged) is not a loss: it
         * is recovered with a {@code RECOVERY} record whether or not this is set.
         *
         * @param accept true to continue after lost records
         * @return this builder
         * @since 0.1.0
         */
        public Builder acceptLostRecords(boolean accept) {
            this.acceptLostRecords = accept;
            return this;
        }

        /**
         * Sets whether closed segments are gzipped (to {@code .log.gz}) on a background thread;
         * default false. Compression writes a forced temporary copy, renames it and only then
         * deletes the plain segment, so a crash at any point leaves one complete copy. The
         * verifier reads both forms.
         *
         * @param compress true to gzip closed segments
         * @return this builder
         */
        public Builder compressClosedSegments(boolean compress) {
            this.compressClosedSegments = compress;
            return this;
        }

        /**
         * Makes the chain keyed (docs/format.md sections 3-5): every record's hash is an HMAC-SHA256 under
         * a key that evolves every {@link #epochLength}, starting from this 32-byte seed (64
         * lowercase hex characters, as {@code audit-cli keygen} writes it). The seed is read once,
         * when the chain is not keyed yet; the trail then keeps only the current epoch's key, in
         * {@code epoch.key} beside the segments. Give the seed to the auditor and remove it from
         * this host: without it nobody can recompute the chain, and the verifier needs it to
         * check the hashes. A chain that is keyed stays keyed.
         *
         * @param seedFile the seed file
         * @return this builder
         */
        public Builder hmacSeed(Path seedFile) {
            this.hmacSeed = seedFile;
            return this;
        }

        /**
         * Sets how long one key epoch lasts on the monotonic clock; default one hour. An intruder
         * who takes the host can rewrite at most the current epoch.
         *
         * @param length a positive duration
         * @return this builder
         */
        public Builder epochLength(Duration length) {
            this.epochLength = length;
            return this;
        }

        /**
         * Signs checkpoints with this Ed25519 private key (PKCS#8 PEM, 0600, as
         * {@code audit-cli keygen} writes it). If the chain's last checkpoint was signed by another
         * key, also set {@link #previousSigningKey}: the trail then writes a {@code KEY_ROTATION}
         * record signed by the previous key.
         *
         * @param privateKeyPem the private key file
         * @return this builder
         */
        public Builder signingKey(Path privateKeyPem) {
            this.signingKey = privateKeyPem;
            return this;
        }

        /**
         * Sets the key that signed the chain so far, to rotate to {@link #signingKey}.
         *
         * @param privateKeyPem the previous private key file
         * @return this builder
         */
        public Builder previousSigningKey(Path privateKeyPem) {
            this.previousSigningKey = privateKeyPem;
            return this;
        }

        /**
         * Sets after how many records a checkpoint is due; default 10 000.
         *
         * @param records at least 1
         * @return this builder
         */
        public Builder checkpointEvery(int records) {
            this.checkpointEvery = records;
            return this;
        }

        /**
         * Sets after how long a checkpoint is due when records were written; default one minute.
         *
         * @param interval a positive duration
         * @return this builder
         */
        public Builder checkpointInterval(Duration interval) {
            this.checkpointInterval = interval;
            return this;
        }

        /**
         * Sets after how long a checkpoint is written even when nothing was recorded, so that a
         * quiet period can be told from a cut tail; default five minutes.
         *
         * @param heartbeat a positive duration
         * @return this builder
         */
        public Builder heartbeat(Duration heartbeat) {
            this.heartbeat = heartbeat;
            return this;
        }

        /**
         * Adds a place where each signed checkpoint is published (see {@link AnchorSink}).
         *
         * @param sink the sink
         * @return this builder
         */
        public Builder anchorSink(AnchorSink sink) {
            this.anchorSinks.add(sink);
            return this;
        }

        /**
         * Copies every record to a second store directory as it is written (REQUIREMENTS B13,
         * annex 2.2.(3)): a directory on another disk or a mounted file system of another host.
         * The replica is a store like the trail's own, with the same chain, segment names and
         * record bytes, so {@code audit-cli verify} checks it on its own and
         * {@code audit-cli restore} turns it back into a working store (docs/operations.md,
         * replication). Each line is checked (its hash, seq and link to the line before) before it
         * is copied; each segment is read back and compared once it is closed in the replica.
         *
         * <p>Ordering: a thread of its own per replica ships what the trail made durable, within
         * about a second, and only that, so the replica never holds a record the trail could
         * lose in a crash; recording never waits for a replica. {@link AuditTrail#close()} ships
         * the rest (up to {@code TRAIL_STOP}) before it returns. The replica also drops the
         * segments the trail purged, once their {@code RETENTION_PURGE} record is in the replica.
         *
         * <p>Failure: a replica that cannot be written, or that holds records the trail does not,
         * raises {@link io.govaudit.alert.AlertKind#REPLICA_FAILED}; one more than
         * {@link #replicaMaxLag} behind raises {@link io.govaudit.alert.AlertKind#REPLICA_BEHIND};
         * {@link io.govaudit.alert.AlertKind#REPLICA_CAUGHT_UP} when it is current again. A failed
         * replica is retried every few seconds. Directory stores only.
         *
         * @param replicaDirectory the replica's store directory (created 0700), not the trail's own
         * @return this builder
         * @since 0.1.0
         */
        public Builder replicateTo(Path replicaDirectory) {
            this.replicas.add(ReplicaTarget.directory(Objects.requireNonNull(replicaDirectory, "replicaDirectory")));
            return this;
        }

        /**
         * Copies every record to another store, for example a database of {@code audit-jdbc}
         * ({@code JdbcAuditStore}) on another host, as {@link #replicateTo(Path)} does for a
         * directory: the same chain, the same record bytes and segment boundaries, verifiable on
         * its own ({@code audit-cli verify --jdbc-url}).
         *
         * @param replica the replica store, not the trail's own
         * @return this builder
         * @since 0.1.0
         */
        public Builder replicateTo(AuditStore replica) {
            this.replicas.add(ReplicaTarget.store(Objects.requireNonNull(replica, "replica")));
            return this;
        }

        /**
         * Sets how far a replica may fall behind the trail before
         * {@link io.govaudit.alert.AlertKind#REPLICA_BEHIND} is raised: the age of the oldest
         * durable record not yet in the replica. Default five minutes.
         *
         * @param lag from one second to one day
         * @return this builder
         * @since 0.1.0
         */
        public Builder replicaMaxLag(Duration lag) {
            this.replicaMaxLag = lag;
            return this;
        }

        /**
         * Sets the monotonic nanosecond ticker that times key epochs, checkpoints and probes;
         * default {@link System#nanoTime()}. Tests move their own.
         *
         * @param ticker the ticker
         * @return this builder
         */
        public Builder ticker(LongSupplier ticker) {
            this.ticker = ticker;
            return this;
        }

        /**
         * Sets which personal identifiers are masked in the free text of every event; default
         * {@link PersonalDataMasking#defaults()} (every built-in rule on). The policy in force is
         * written into each {@code TRAIL_START} record (detail {@code masking}), so turning rules
         * off is never silent.
         *
         * @param masking the masking policy
         * @return this builder
         */
        public Builder personalDataMasking(PersonalDataMasking masking) {
            this.personalDataMasking = masking;
            return this;
        }

        /**
         * Holds the trail to a protection level of 附表十 (docs/compliance.md, level profiles):
         * unset settings get the level's defaults (scheduled verification every PT1H at
         * {@link ComplianceLevel#MEDIUM}, PT15M at {@link ComplianceLevel#HIGH}, directory stores
         * only), and {@link #build()} refuses a configuration below the level, naming every missing
         * piece (requirement id, setting, remedy) in one {@link AuditConfigurationException}. The
         * level and the effective settings are written into each {@code TRAIL_START} record
         * (detail {@code compliance_level} …). Default: none, nothing demanded.
         *
         * @param level the level
         * @return this builder
         * @since 0.1.0
         */
        public Builder complianceLevel(ComplianceLevel level) {
            this.complianceLevel = Objects.requireNonNull(level, "complianceLevel");
            return this;
        }

        /** Test seam for fault injection (STYLE.md S35); not API. */
        Builder segmentIo(SegmentIo io) {
            this.segmentIo = io;
            return this;
        }

        /**
         * Validates the configuration, opens (or creates) the chain, recovers a torn tail if the
         * last writer crashed, and starts the writer.
         *
         * @return the open trail
         * @throws AuditConfigurationException listing every invalid property
         * @throws ChainLockedException        if another writer holds the chain
         * @throws AuditException              if the store cannot be opened
         */
        public AuditTrail build() {
            List<String> problems = new ArrayList<>();
            if ((directory == null) == (store == null)) {
                problems.add(directory == null ? "directory or store is required"
                        : "set directory or store, not both");
            }
            if (store != null && compressClosedSegments) {
                problems.add("compressClosedSegments applies to directory stores only");
            }
            if (chainId == null || !CHAIN_ID.matcher(chainId).matches()) {
                problems.add("chainId must be 1 to 64 characters of A-Z a-z 0-9 . _ - and not . or .., was "
                        + (chainId == null ? "not set" : "'" + EventType.abbreviate(chainId) + "'"));
            }
            if (system == null || system.isBlank() || system.length() > 255) {
                problems.add("system must be 1 to 255 characters and not blank, was "
                        + (system == null ? "not set" : "'" + EventType.abbreviate(system) + "'"));
            }
            if (durability == null) {
                problems.add("durability must be SYNC or ASYNC, was null");
            }
            if (maxRecordBytes < 1024 || maxRecordBytes > 1024 * 1024) {
                problems.add("maxRecordBytes must be from 1024 to 1048576, was " + maxRecordBytes);
            }
            if (segmentMaxBytes < 4096 || segmentMaxBytes < maxRecordBytes) {
                problems.add("segmentMaxBytes must be at least 4096 and at least maxRecordBytes ("
                        + maxRecordBytes + "), was " + segmentMaxBytes);
            }
            if (segmentMaxAge == null || segmentMaxAge.isNegative() || segmentMaxAge.isZero()) {
                problems.add("segmentMaxAge must be positive, was " + segmentMaxAge);
            }
            if (queueCapacity < 1 || queueCapacity > 1024 * 1024) {
                problems.add("queueCapacity must be from 1 to 1048576, was " + queueCapacity);
            }
            if (clock == null) {
                problems.add("clock must not be null");
            }
            if (epochLength == null || epochLength.isNegative() || epochLength.isZero()) {
                problems.add("epochLength must be positive, was " + epochLength);
            }
            if (checkpointEvery < 1) {
                problems.add("checkpointEvery must be at least 1, was " + checkpointEvery);
            }
            if (checkpointInterval == null || checkpointInterval.isNegative() || checkpointInterval.isZero()) {
                problems.add("checkpointInterval must be positive, was " + checkpointInterval);
            }
            if (heartbeat == null || heartbeat.isNegative() || heartbeat.isZero()) {
                problems.add("heartbeat must be positive, was " + heartbeat);
            }
            if (anchorSinks.contains(null)) {
                problems.add("anchorSink must not be null");
            }
            if (!anchorSinks.isEmpty() && signingKey == null) {
                problems.add("anchorSink needs signingKey: anchors publish signed checkpoints");
            }
            if (ticker == null) {
                problems.add("ticker must not be null");
            }
            if (retention == null) {
                problems.add("retention must not be null");
            }
            if (alertListener == null) {
                problems.add("alertListener must not be null");
            }
            if (personalDataMasking == null) {
                problems.add("personalDataMasking must not be null; turn rules off with PersonalDataMasking.builder().rules()");
            }
            if (capacity == null) {
                problems.add("capacity must not be null");
            } else if (capacity.bounded() && capacity.maxBytes() < 2 * segmentMaxBytes) {
                problems.add("capacity maxBytes (" + capacity.maxBytes() + ") must be at least twice segmentMaxBytes ("
                        + segmentMaxBytes + "), so that closed segments can be purged to make room");
            }
            verifyEveryProblem(problems);
            replicaProblems(problems);
            retentionFloor(problems);
            problems.addAll(LevelProfile.missing(complianceLevel, new LevelProfile.Settings(retention, capacity,
                    keyed(), signingKey != null, clockCheck, verifyEvery, alertListener, replicas.size())));
            if (!problems.isEmpty()) {
                throw new AuditConfigurationException(problems);
            }
            ThreadFactory threads = threadFactory != null ? threadFactory : runnable -> {
                Thread thread = new Thread(runnable);
                thread.setDaemon(true);
                return thread;
            };
            return TrailOpener.open(new TrailConfig(directory, store, chainId, system,
                    host != null ? host : localHostName(), durability, segmentMaxBytes, segmentMaxAge, maxRecordBytes,
                    queueCapacity, clock, ticker, threads, retention, capacity, alertListener, segmentIo,
                    compressClosedSegments, groupReadable, acceptLostRecords, hmacSeed, epochLength, signingKey,
                    previousSigningKey, checkpointEvery, checkpointInterval, heartbeat, anchorSinks,
                    personalDataMasking, effectiveVerifyEvery(), clockCheck, mirrorToSlf4j, replicas, replicaMaxLag,
                    complianceLevel));
        }

        private void replicaProblems(List<String> problems) {
            if (replicaMaxLag == null || replicaMaxLag.compareTo(Duration.ofSeconds(1)) < 0
                    || replicaMaxLag.compareTo(Duration.ofDays(1)) > 0) {
                problems.add("replicaMaxLag must be from PT1S to P1D, was " + replicaMaxLag);
            }
            if (replicas.isEmpty()) {
                return;
            }
            if (store != null) {
                problems.add("replicateTo applies to directory stores only; replicate a database with the database's "
                        + "own replication");
            }
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (ReplicaTarget replica : replicas) {
                if (!seen.add(replica.key())) {
                    problems.add("replicateTo was given " + replica.describe() + " twice");
                }
                if (directory != null && replica.sameDirectory(directory)) {
                    problems.add("replicateTo " + replica.describe() + " is the trail's own store directory; a replica "
                            + "must be another directory, on another disk or host");
                }
            }
        }

        /** The interval set, else the compliance level's default (directory stores only). */
        private Duration effectiveVerifyEvery() {
            return verifyEvery != null ? verifyEvery : LevelProfile.defaultVerifyEvery(complianceLevel, directory != null);
        }

        /**
         * Whether the chain is or becomes keyed: a seed is set, or the chain already has its epoch
         * state (a keyed chain stays keyed, and its seed should no longer be on this host).
         */
        private boolean keyed() {
            if (hmacSeed != null) {
                return true;
            }
            if (complianceLevel == null || chainId == null || !CHAIN_ID.matcher(chainId).matches()) {
                return false;
            }
            Path keyDir = directory != null ? directory.resolve(chainId)
                    : store == null ? null : store.stateDirectory().map(d -> d.resolve(chainId)).orElse(null);
            return keyDir != null && LevelProfile.chainKeyed(keyDir);
        }

        /**
         * Verifies the trail's own chain in the background on a thread of its own, never the
         * writer's: a first round right after opening, then one every {@code interval} after the
         * previous round ended. Each round reads only what is new (each closed segment once, the
         * active segment's new lines) and checks that what was read before is unchanged; an
         * integrity problem raises {@link io.govaudit.alert.AlertKind#INTEGRITY_FAILURE} naming the
         * chain, seq and file (docs/operations.md, scheduled verification). Off by default;
         * directory stores only (verify a database store with {@code audit-cli watch}).
         *
         * @param interval from one second to one day
         * @return this builder
         * @since 0.1.0
         */
        public Builder verifyEvery(Duration interval) {
            this.verifyEvery = interval;
            return this;
        }

        private void verifyEveryProblem(List<String> problems) {
            if (verifyEvery == null) {
                return;
            }
            if (verifyEvery.compareTo(Duration.ofSeconds(1)) < 0 || verifyEvery.compareTo(Duration.ofDays(1)) > 0) {
                problems.add("verifyEvery must be from PT1S to P1D, was " + verifyEvery);
            }
            if (store != null) {
                problems.add("verifyEvery applies to directory stores only; verify a database store with audit-cli watch");
            }
        }

        /**
         * Checks the clock records are stamped with against SNTP servers: once at start (the
         * offset goes into {@code TRAIL_START}), then every {@link ClockCheck#every()} on a thread
         * of its own, never the writer's. Each later check writes {@code CLOCK_CHECK} with the
         * offset, or {@code CLOCK_ANOMALY} with {@code offset_ms} and {@code server} when the
         * offset is above {@link ClockCheck#maxOffset()} or the clock stepped back or jumped
         * forward by more than that, and raises {@link io.govaudit.alert.AlertKind#CLOCK_ANOMALY};
         * a check no server answers raises that alert once (docs/format.md section 4b;
         * docs/operations.md, clock synchronisation). Off by default. Opening waits for the first
         * check, at most the timeout per server.
         *
         * @param check the servers and bounds, e.g. {@code ClockCheck.servers("time.stdtime.gov.tw")}
         * @return this builder
         * @since 0.1.0
         */
        public Builder clockCheck(ClockCheck check) {
            this.clockCheck = Objects.requireNonNull(check, "clockCheck");
            return this;
        }

        /**
         * Mirrors every durable record to the SLF4J logger {@code govaudit.AUDIT}, for forwarding
         * to a SIEM (docs/operations.md, forwarding to a SIEM): once, in seq order, after the batch
         * holding it was forced, at INFO, with the record line as stored (masked) as the message and
         * the key/value pairs {@code chain}, {@code seq}, {@code ts}, {@code type}, {@code outcome},
         * {@code actor}, {@code subject}, {@code ip} and {@code hash} copied from it. A thread of
         * its own logs, so a slow appender never delays recording; if it falls more than 16 MiB
         * behind, records are skipped and the gap is logged at WARN on the same logger. Without an
         * SLF4J binding nothing is logged; a logging failure never fails recording. Off by default.
         *
         * @param mirror true to mirror
         * @return this builder
         * @since 0.1.0
         */
        public Builder mirrorToSlf4j(boolean mirror) {
            this.mirrorToSlf4j = mirror;
            return this;
        }

        private static String localHostName() {
            try {
                return Objects.requireNonNullElse(InetAddress.getLocalHost().getHostName(), "localhost");
            } catch (UnknownHostException e) {
                return "localhost";
            }
        }

        /** The six-month floor (S6, B1): a shorter minimum and overwriting within it need a written reason. */
        private void retentionFloor(List<String> problems) {
            if (retention != null && retention.minimumBelowSixMonths() && retention.belowSixMonths().isEmpty()) {
                problems.add("retention minimum (" + retention.minimum() + ") is below six months, the floor for core "
                        + "systems (REQUIREMENTS S6, B1); keep at least P6M, or justify it in writing with RetentionPolicy"
                        + ".minimum(" + retention.minimum() + ").belowSixMonths(\"non-core system, approved by …\")");
            }
            if (capacity != null && capacity.overwriteWithinRetention().isPresent()
                    && capacity.onFull() != CapacityPolicy.OnFull.OVERWRITE_OLDEST) {
                problems.add("overwriteWithinRetention applies to onFull OVERWRITE_OLDEST only, was " + capacity.onFull()
                        + "; remove it or set onFull(OVERWRITE_OLDEST)");
            }
        }
    }
}
