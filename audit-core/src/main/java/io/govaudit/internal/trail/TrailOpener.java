package io.govaudit.internal.trail;

import io.govaudit.AuditEvent;
import io.govaudit.AuditException;
import io.govaudit.AuditTrail;
import io.govaudit.EventType;
import io.govaudit.internal.format.RecordFormat;
import io.govaudit.internal.format.SessionHasher;
import io.govaudit.internal.keys.EpochKeys;
import io.govaudit.internal.store.DirectoryChainStore;
import io.govaudit.internal.store.FileChainStore;
import io.govaudit.internal.store.FileModes;
import io.govaudit.internal.store.PosixFiles;
import io.govaudit.internal.store.SessionKeys;
import io.govaudit.internal.store.TailCheck;
import io.govaudit.spi.ChainStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a trail in named passes (STYLE.md S26): open the store (its lock, torn-tail recovery),
 * compare it with the writer's own state ({@link ChainContinuity}: a chain whose newest records
 * were deleted is refused or, when allowed, continued after them), load the session key, open the
 * keys ({@link Sealing}), then write the opening records ({@code RECORDS_LOST}, {@code CHAIN_START},
 * {@code RECOVERY}, {@code TRAIL_START}, a {@code KEY_ROTATION} and a checkpoint when signed) and
 * start the writer. A pass that fails closes the store, releasing the chain's lock, and throws an
 * {@link AuditException} naming the chain and what to check; nothing runs.
 *
 * <p>Stateless and thread-safe.
 */
public final class TrailOpener {

    private static final Logger LOG = LoggerFactory.getLogger(TrailOpener.class);

    private TrailOpener() {
    }

    /**
     * Opens the trail a builder configured.
     *
     * @param config the validated configuration
     * @return the running trail
     * @throws AuditException (or a subtype) if the chain cannot be opened
     */
    public static AuditTrail open(TrailConfig config) {
        ChainStore store;
        Path keyDir; // where the chain's key state lives: its directory, or the store's state directory
        Path sessionKeyDir;
        try {
            if (config.store() == null) {
                FileChainStore files = FileChainStore.open(config.directory(), config.chainId(), config.segmentMaxBytes(),
                        config.segmentMaxAge(), config.segmentIo(), tailCheck(config),
                        config.groupReadable() ? FileModes.GROUP_READABLE : FileModes.OWNER_ONLY);
                store = new DirectoryChainStore(files, config.chainId(), config.compressClosedSegments(),
                        runnable -> config.newThread("compress", runnable));
                keyDir = files.chainDirectory();
                sessionKeyDir = config.directory();
            } else {
                sessionKeyDir = config.store().stateDirectory().orElse(null);
                keyDir = sessionKeyDir == null ? null : sessionKeyDir.resolve(config.chainId());
                if (keyDir != null) {
                    PosixFiles.createDirectory(keyDir);
                }
                store = config.store().openChain(config.chainId(), config.segmentMaxBytes(), config.segmentMaxAge());
            }
        } catch (IOException e) {
            throw new AuditException("cannot open chain '" + config.chainId() + "' in " + where(config)
                    + ": " + e.getMessage() + (config.store() == null
                            ? "; check that the directory exists, is writable and has space" : ""), e);
        }
        ChainContinuity continuity;
        try {
            continuity = ChainContinuity.check(config.chainId(), store, keyDir, config.acceptLostRecords());
            if (continuity.lostRecord() != null) {
                store.roll(continuity.startSeq() + 1); // the lost seqs are never given out again
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(store, e);
            if (e instanceof AuditException audit) {
                throw audit;
            }
            throw new AuditException("cannot compare chain '" + config.chainId() + "' with its writer's state in "
                    + keyDir + ": " + e.getMessage(), e);
        }
        SessionHasher sessions;
        try {
            sessions = new SessionHasher(sessionKeyDir == null ? SessionKeys.ephemeral()
                    : SessionKeys.loadOrCreate(sessionKeyDir));
        } catch (IOException | RuntimeException e) {
            closeQuietly(store, e);
            throw new AuditException("cannot read or create the session key in " + sessionKeyDir
                    + ": " + e.getMessage(), e);
        }
        Sealing sealing;
        try {
            sealing = Sealing.open(config, keyDir);
        } catch (IOException | RuntimeException e) {
            closeQuietly(store, e);
            if (e instanceof AuditException audit) {
                throw audit;
            }
            throw new AuditException("cannot open the keys of chain '" + config.chainId() + "': " + e.getMessage(), e);
        }
        ClockWatch clockWatch = ClockWatch.create(config);
        QueuedAuditTrail trail = new QueuedAuditTrail(config, store, sessions, sealing, continuity, keyDir, clockWatch);
        List<AuditEvent.Builder> opening;
        try {
            // building the opening records can fail too (e.g. a bad default host): release the lock then as well
            opening = openingRecords(config, store, continuity, sealing);
            if (clockWatch != null) { // the check at start: its offset goes into TRAIL_START
                clockWatch.atStart().forEach(opening.get(opening.size() - 1)::detail);
            }
        } catch (RuntimeException e) {
            closeQuietly(store, e);
            throw e;
        }
        trail.start(opening, store, where(config));
        return trail;
    }

    private static String where(TrailConfig config) {
        return config.store() == null ? config.directory().toString() : config.store().describe();
    }

    private static TailCheck tailCheck(TrailConfig config) throws IOException {
        TailCheck keyed = EpochKeys.tailCheck(config.directory().resolve(config.chainId()));
        return keyed == null ? TailCheck.PLAIN : keyed;
    }

    /** The RECOVERY records are durable now; if the note cannot go, the next open reports the cuts again. */
    static void forgetRecoveries(String chainId, ChainStore store) {
        try {
            store.tailCutsRecorded();
        } catch (IOException e) {
            LOG.warn("chain '{}': cannot delete the note of recorded tail cuts; the next open records them again: {}",
                    chainId, e.toString());
        }
    }

    private static List<AuditEvent.Builder> openingRecords(TrailConfig config, ChainStore store,
            ChainContinuity continuity, Sealing sealing) {
        String chainId = config.chainId();
        List<AuditEvent.Builder> opening = new ArrayList<>();
        if (continuity.lostRecord() != null) {
            opening.add(continuity.lostRecord());
            LOG.error("chain '{}': continued after lost records, as the operator allowed: {}", chainId,
                    continuity.lostRecord().build().detail());
        }
        if (continuity.startSeq() == 0) {
            opening.add(LibraryEvents.of(EventType.CHAIN_START).detail("format", RecordFormat.FORMAT_VERSION));
        }
        for (ChainStore.TailCut cut : store.tailCuts()) {
            opening.add(LibraryEvents.of(EventType.RECOVERY)
                    .detail("segment", cut.part())
                    .detail("cut_bytes", cut.cutBytes())
                    .detail("kept_bytes", cut.keptBytes())
                    .detail("last_seq", store.lastSeq())
                    .detail("quarantine", cut.quarantine()));
            LOG.warn("chain '{}': cut a torn tail of {} bytes from {}; the bytes are kept in {}",
                    chainId, cut.cutBytes(), cut.part(), cut.quarantine());
        }
        opening.add(levelSettings(config, sealing, retentionFloor(config, LibraryEvents.of(EventType.TRAIL_START))
                .detail("durability", config.durability().name())
                .detail("segment_max_bytes", config.segmentMaxBytes())
                .detail("max_record_bytes", config.maxRecordBytes())
                .detail("retention_minimum", config.retention().minimum().toString())
                .detail("capacity_max_bytes", config.capacity().bounded() ? config.capacity().maxBytes() : -1)
                .detail("on_full", config.capacity().onFull().name())
                .detail("masking", config.personalDataMasking().describe())));
        return opening;
    }

    /**
     * The compliance level, when set, and the effective settings the levels look at (docs/format.md
     * section 4b, TRAIL_START; docs/compliance.md, level profiles), so an auditor reads from the
     * chain itself what the trail ran with. Booleans, a count and a short duration: about 130 bytes
     * more per TRAIL_START, whatever the configuration.
     */
    private static AuditEvent.Builder levelSettings(TrailConfig config, Sealing sealing, AuditEvent.Builder start) {
        if (config.complianceLevel() != null) {
            start.detail("compliance_level", config.complianceLevel().name().toLowerCase(Locale.ROOT));
        }
        return start.detail("keyed", sealing.keyed())
                .detail("signed", sealing.signing())
                .detail("verify_every", config.verifyEvery() == null ? "off" : config.verifyEvery().toString())
                .detail("clock_check", config.clockCheck() != null)
                .detail("alert_delivery", config.alertListener().delivers())
                .detail("replicas", config.replicas().size());
    }

    /**
     * The written justifications of settings below the six-month floor, when given
     * (docs/format.md section 4b, TRAIL_START).
     */
    private static AuditEvent.Builder retentionFloor(TrailConfig config, AuditEvent.Builder start) {
        config.retention().belowSixMonths().ifPresent(reason -> start.detail("retention_below_six_months", reason));
        config.capacity().overwriteWithinRetention()
                .ifPresent(reason -> start.detail("overwrite_within_retention", reason));
        return start;
    }

        static void closeQuietly(ChainStore store, Throwable primary) {
        try {
            store.close();
        } catch (IOException e) {
            primary.addSuppressed(e);
        }
    }
}
