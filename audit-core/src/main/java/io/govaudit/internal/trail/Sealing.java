package io.govaudit.internal.trail;

import io.govaudit.AuditConfigurationException;
import io.govaudit.AuditEvent;
import io.govaudit.EventType;
import io.govaudit.alert.AlertKind;
import io.govaudit.alert.AuditAlert;
import io.govaudit.alert.AuditAlertListener;
import io.govaudit.internal.format.DetailFields;
import io.govaudit.internal.format.RecordHasher;
import io.govaudit.internal.format.RecordView;
import io.govaudit.internal.format.Timestamps;
import io.govaudit.internal.keys.Ed25519Keys;
import io.govaudit.internal.keys.EpochKeys;
import io.govaudit.internal.store.SegmentNames;
import io.govaudit.spi.Anchor;
import io.govaudit.spi.AnchorSink;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.zip.GZIPInputStream;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys, checkpoints and anchors of one trail (docs/format.md sections 3-5): the keyed chain's epoch keys,
 * the signed {@code CHECKPOINT} records and their publication to anchor sinks.
 *
 * <p>Keys: in keyed mode every record is HMAC'd under the current epoch key and names its epoch
 * in {@code ep}. The epoch advances when {@code epochLength} has passed on the monotonic ticker,
 * and at every open, so the key in the state file is never one that sealed records of an earlier
 * run; the old key is erased.
 *
 * <p>Checkpoints: due every {@code checkpointEvery} records, every {@code checkpointInterval}
 * when records were written, on an idle heartbeat, at segment close and at shutdown. The signed
 * message is {@code govaudit-checkpoint:v1:<chain>:<at_seq>:<at_hash>:<ts>}, where {@code ts} is
 * the CHECKPOINT record's own time, so the record is signed before it is appended with that same
 * time. Signing costs one Ed25519 signature per checkpoint, never per record.
 *
 * <p>Rotation: when the configured key differs from the key of the chain's last checkpoint, the
 * first record of the run is a {@code KEY_ROTATION} carrying the new public key, signed by the
 * previous key, which must then be configured too.
 *
 * <p>Anchors: published on one background thread through a bounded queue; a failing sink or a
 * full queue raises {@code ANCHOR_FAILED} and never blocks the writer.
 *
 * <p>Not thread-safe: owned by the writer thread (the anchor thread only runs sinks).
 */
final class Sealing implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Sealing.class);
    private static final int ANCHOR_QUEUE = 1024;

    private final String chainId;
    private final LongSupplier ticker;
    private final EpochKeys epochs; // null in plain mode
    private final RecordHasher hasher;
    private final long epochNanos;
    private final Ed25519PrivateKeyParameters signingKey; // null when unsigned
    private final String keyId;
    private final String previousKeyId; // key of the chain's last checkpoint, if it differs
    private final Ed25519PrivateKeyParameters previousKey;
    private final int checkpointEvery;
    private final long checkpointNanos;
    private final long heartbeatNanos;
    private final List<AnchorSink> sinks;
    private final AuditAlertListener alerts;
    private final ThreadPoolExecutor anchorThread;
    private final java.time.Clock clock;
    /** Where the chain's key state and signer mark live; null for a store without a state directory. */
    private final Path chainDir;

    private long epochStart;
    private long lastCheckpoint;
    private long sinceCheckpoint;

    private Sealing(TrailConfig config, Path chainDir, EpochKeys epochs,
            Ed25519PrivateKeyParameters signingKey, String previousKeyId, Ed25519PrivateKeyParameters previousKey) {
        this.chainId = config.chainId();
        this.chainDir = chainDir;
        this.ticker = config.ticker();
        this.epochs = epochs;
        this.hasher = epochs == null ? RecordHasher.plain() : epochs.hasher();
        this.epochNanos = config.epochLength().toNanos();
        this.signingKey = signingKey;
        this.keyId = signingKey == null ? null : Ed25519Keys.keyId(signingKey.generatePublicKey());
        this.previousKeyId = previousKeyId;
        this.previousKey = previousKey;
        this.checkpointEvery = config.checkpointEvery();
        this.checkpointNanos = config.checkpointInterval().toNanos();
        this.heartbeatNanos = config.heartbeat().toNanos();
        this.sinks = List.copyOf(config.anchorSinks());
        this.alerts = AuditAlertListener.guarded(config.alertListener());
        this.clock = config.clock();
        this.anchorThread = sinks.isEmpty() ? null : new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(ANCHOR_QUEUE), runnable -> config.newThread("anchor", runnable));
        this.epochStart = ticker.getAsLong();
        this.lastCheckpoint = epochStart;
    }

    /**
     * Opens the keys of a chain. A chain with an epoch state stays keyed even if no seed is
     * configured: a keyed chain never falls back to plain hashes.
     */
    static Sealing open(TrailConfig config, Path chainDir) throws IOException {
        if (chainDir == null) {
            if (config.hmacSeed() != null || config.signingKey() != null) {
                throw new AuditConfigurationException(List.of((config.hmacSeed() != null ? "hmacSeed" : "signingKey")
                        + ": a keyed or signed chain needs a local directory for its key state; configure the "
                        + "store's state directory"));
            }
            return new Sealing(config, null, null, null, null, null);
        }
        EpochKeys epochs = null;
        if (config.hmacSeed() != null || EpochKeys.exists(chainDir)) {
            byte[] seed = config.hmacSeed() == null ? null : EpochKeys.readSeed(config.hmacSeed());
            try {
                epochs = EpochKeys.open(chainDir, seed);
                epochs.advance(); // a new run never reuses the key on disk
            } finally {
                if (seed != null) {
                    Arrays.fill(seed, (byte) 0);
                }
            }
        }
        Ed25519PrivateKeyParameters key = config.signingKey() == null ? null : Ed25519Keys.readPrivate(config.signingKey());
        String signedBy = readSignerMark(chainDir);
        if (key == null && signedBy != null) {
            throw new AuditConfigurationException(List.of("signingKey: chain '" + config.chainId() + "' is signed (last by "
                    + "key " + signedBy + "); configure its signing key: a signed chain must not go on unsigned"));
        }
        String last = key == null ? null : signedBy != null ? signedBy : lastSigningKey(chainDir);
        Ed25519PrivateKeyParameters previous = null;
        if (key != null && last != null && !last.equals(Ed25519Keys.keyId(key.generatePublicKey()))) {
            previous = config.previousSigningKey() == null ? null : Ed25519Keys.readPrivate(config.previousSigningKey());
            if (previous == null || !last.equals(Ed25519Keys.keyId(previous.generatePublicKey()))) {
                throw new AuditConfigurationException(List.of("signingKey: chain '" + config.chainId()
                        + "' was last signed by key " + last + "; to rotate to key "
                        + Ed25519Keys.keyId(key.generatePublicKey())
                        + " also configure previousSigningKey with key " + last));
            }
        } else {
            last = null;
        }
        return new Sealing(config, chainDir, epochs, key, last, previous);
    }

    /**
     * The file naming the key that signs a chain ({@value #SIGNER_MARK}), written when a signed
     * trail opens: it keeps a signed chain from being continued unsigned by mistake, and spares
     * reading the newest segments to find the key a rotation starts from.
     */
    static final String SIGNER_MARK = io.govaudit.internal.store.SegmentNames.SIGNER_MARK_FILE;

    private static String readSignerMark(Path chainDir) throws IOException {
        Path mark = chainDir.resolve(SIGNER_MARK);
        return Files.exists(mark) ? Files.readString(mark, StandardCharsets.US_ASCII).trim() : null;
    }

    /** Records which key signs the chain from now on (temporary file, force, rename, force the directory). */
    void markSigner() throws IOException {
        if (keyId == null) {
            return;
        }
        Path tmp = chainDir.resolve(SIGNER_MARK + ".tmp");
        try (var channel = io.govaudit.internal.store.PosixFiles.openForWrite(tmp,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap((keyId + "\n").getBytes(StandardCharsets.US_ASCII)));
            channel.force(true);
        }
        Files.move(tmp, chainDir.resolve(SIGNER_MARK), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        io.govaudit.internal.store.PosixFiles.forceDirectory(chainDir);
    }


    /** Finds the key id of the last CHECKPOINT or KEY_ROTATION in the newest two segments. */
    private static String lastSigningKey(Path chainDir) throws IOException {
        if (!Files.isDirectory(chainDir)) {
            return null;
        }
        List<Path> segments = SegmentNames.list(chainDir);
        for (int i = segments.size() - 1; i >= Math.max(0, segments.size() - 2); i--) {
            String key = lastSigningKeyIn(segments.get(i));
            if (key != null) {
                return key;
            }
        }
        return null;
    }

    private static String lastSigningKeyIn(Path segment) throws IOException {
        String found = null;
        RecordView view = new RecordView();
        var raw = Files.newInputStream(segment);
        var in = SegmentNames.isGzip(segment.getFileName().toString()) ? new GZIPInputStream(raw) : raw;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                if (!view.parse(bytes, 0, bytes.length)) {
                    continue;
                }
                if (view.type().equals("CHECKPOINT")) {
                    found = DetailFields.read(bytes, 0, bytes.length).get("key");
                } else if (view.type().equals("KEY_ROTATION")) {
                    found = DetailFields.read(bytes, 0, bytes.length).get("new_key");
                }
            }
        }
        return found;
    }

    RecordHasher hasher() {
        return hasher;
    }

    boolean signing() {
        return signingKey != null;
    }

    /** Whether records are HMAC'd under epoch keys (a keyed chain). */
    boolean keyed() {
        return epochs != null;
    }

    /** Advances the epoch if its time on the monotonic ticker has passed. */
    void advanceEpochIfDue() throws IOException {
        if (epochs != null && ticker.getAsLong() - epochStart >= epochNanos) {
            epochs.advance();
            epochStart = ticker.getAsLong();
        }
    }

    void recorded(int records) {
        sinceCheckpoint += records;
    }

    /** @return true if a checkpoint is due by count, interval or heartbeat */
    boolean checkpointDue() {
        if (signingKey == null) {
            return false;
        }
        long elapsed = ticker.getAsLong() - lastCheckpoint;
        return sinceCheckpoint >= checkpointEvery || (sinceCheckpoint > 0 && elapsed >= checkpointNanos)
                || elapsed >= heartbeatNanos;
    }

    /** @return the KEY_ROTATION record to write first, or null */
    AuditEvent.Builder rotation(long atSeq, Instant now) {
        if (previousKey == null) {
            return null;
        }
        Ed25519PublicKeyParameters next = signingKey.generatePublicKey();
        String publicKey = Ed25519Keys.encodeRaw(next);
        String message = "govaudit-key-rotation:v1:" + chainId + ":" + keyId + ":" + publicKey + ":"
                + Timestamps.toString(now);
        AuditEvent.Builder rotation = LibraryEvents.of(EventType.KEY_ROTATION);
        LibraryEvents.detail(rotation, "old_key", previousKeyId);
        LibraryEvents.detail(rotation, "new_key", keyId);
        return LibraryEvents.detail(rotation, "public_key", publicKey)
                .detail("at_seq", atSeq)
                .detail("sig", Ed25519Keys.sign(previousKey, message.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Signs a checkpoint over the record before it.
     *
     * @param atSeq  the seq of the last record appended
     * @param atHash its hash
     * @param now    the time the CHECKPOINT record will carry
     * @return the CHECKPOINT record and its anchor (seq filled in by {@link #publish})
     */
    Signed checkpoint(long atSeq, String atHash, Instant now) {
        String ts = Timestamps.toString(now);
        String message = "govaudit-checkpoint:v1:" + chainId + ":" + atSeq + ":" + atHash + ":" + ts;
        String sig = Ed25519Keys.sign(signingKey, message.getBytes(StandardCharsets.UTF_8));
        sinceCheckpoint = 0;
        lastCheckpoint = ticker.getAsLong();
        AuditEvent.Builder record = LibraryEvents.of(EventType.CHECKPOINT)
                .detail("at_seq", atSeq).detail("at_hash", atHash).detail("key", keyId).detail("sig", sig);
        return new Signed(record, new Anchor(chainId, atSeq + 1, atSeq, atHash, ts, keyId, sig));
    }

    /** A checkpoint record and its anchor. */
    record Signed(AuditEvent.Builder record, Anchor anchor) {
    }

    /** Hands a durable checkpoint to the anchor sinks, off the writer thread. */
    void publish(Anchor anchor) {
        if (anchorThread == null) {
            return;
        }
        try {
            anchorThread.execute(() -> sinks.forEach(sink -> publishTo(sink, anchor)));
        } catch (RejectedExecutionException e) {
            anchorFailed(anchor, "the anchor queue is full (" + ANCHOR_QUEUE + "); this anchor was dropped");
        }
    }

    private void publishTo(AnchorSink sink, Anchor anchor) {
        try {
            sink.publish(anchor);
        } catch (IOException | RuntimeException e) {
            anchorFailed(anchor, sink + " failed: " + e);
        }
    }

    private void anchorFailed(Anchor anchor, String why) {
        alerts.onAlert(new AuditAlert(AlertKind.ANCHOR_FAILED, chainId, clock.instant(),
                "checkpoint seq " + anchor.seq() + " of chain '" + chainId + "' was not anchored: " + why,
                Map.of("seq", anchor.seq())));
    }

    @Override
    public void close() {
        if (anchorThread != null) {
            anchorThread.shutdown();
            try {
                if (!anchorThread.awaitTermination(30, TimeUnit.SECONDS)) {
                    LOG.warn("chain '{}': anchors still queued after 30 s were not published", chainId);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (epochs != null) {
            try {
                epochs.close();
            } catch (IOException e) {
                LOG.warn("chain '{}': closing the epoch state failed: {}", chainId, e.toString());
            }
        }
    }
}
