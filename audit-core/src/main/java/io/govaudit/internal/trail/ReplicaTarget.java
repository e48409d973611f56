package io.govaudit.internal.trail;

import io.govaudit.internal.store.DirectoryChainStore;
import io.govaudit.internal.store.FileChainStore;
import io.govaudit.internal.store.FileModes;
import io.govaudit.internal.store.SegmentIo;
import io.govaudit.internal.store.SegmentNames;
import io.govaudit.internal.store.TailCheck;
import io.govaudit.spi.AuditStore;
import io.govaudit.spi.ChainStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a trail's records are replicated ({@code AuditTrail.Builder.replicateTo}): a store
 * directory, or another {@link AuditStore}. Exactly one of the two is set.
 *
 * @param directory the replica's store directory, or null
 * @param store     the replica store, or null
 */
public record ReplicaTarget(Path directory, AuditStore store) {

    /** Checks that exactly one is set and makes the directory absolute. */
    public ReplicaTarget {
        if ((directory == null) == (store == null)) {
            throw new IllegalArgumentException("a replica is a directory or a store");
        }
        directory = directory == null ? null : directory.toAbsolutePath().normalize();
    }

    /**
     * @param directory the replica's store directory
     * @return the target
     */
    public static ReplicaTarget directory(Path directory) {
        return new ReplicaTarget(directory, null);
    }

    /**
     * @param store the replica store
     * @return the target
     */
    public static ReplicaTarget store(AuditStore store) {
        return new ReplicaTarget(null, store);
    }

    /** @return what tells two targets apart: the directory, or the store object */
    public String key() {
        return directory != null ? "dir:" + directory : "store@" + System.identityHashCode(store);
    }

    /**
     * @param trailDirectory the trail's own store directory
     * @return true if this target is that directory
     */
    public boolean sameDirectory(Path trailDirectory) {
        return directory != null && directory.equals(trailDirectory.toAbsolutePath().normalize());
    }

    /** @return where the replica is, for messages (never credentials) */
    public String describe() {
        return directory != null ? directory.toString() : store.describe();
    }

    /**
     * Where the replica keeps a closed segment as a file, when it is a directory: for reading it
     * back after it was closed.
     *
     * @param chainId  the chain
     * @param firstSeq the segment's first seq
     * @return the plain segment file, or empty for a store that is not a directory
     */
    Optional<Path> segmentFile(String chainId, long firstSeq) {
        return directory == null ? Optional.empty()
                : Optional.of(directory.resolve(chainId).resolve(SegmentNames.logName(firstSeq)));
    }

    /**
     * Opens the replica's chain for the replicator, the only writer it has.
     *
     * @param config the trail's configuration (chain, segment bounds, file modes)
     * @return the replica's handle on the chain
     * @throws IOException if it cannot be opened, or another writer holds it
     */
    ChainStore open(TrailConfig config) throws IOException {
        if (store != null) {
            return store.openChain(config.chainId(), config.segmentMaxBytes(), config.segmentMaxAge());
        }
        // TailCheck.PLAIN: the replica holds the trail's lines verbatim, keyed or not; a torn
        // tail is cut by its hash alone and shipped again from the trail.
        FileChainStore files = FileChainStore.open(directory, config.chainId(), config.segmentMaxBytes(),
                config.segmentMaxAge(), SegmentIo.SYSTEM, TailCheck.PLAIN,
                config.groupReadable() ? FileModes.GROUP_READABLE : FileModes.OWNER_ONLY);
        return new DirectoryChainStore(files, config.chainId(), false, runnable -> config.newThread("replica-gzip", runnable));
    }
}
