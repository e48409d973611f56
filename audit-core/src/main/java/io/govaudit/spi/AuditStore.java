package io.govaudit.spi;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A store other than a directory for {@link io.govaudit.AuditTrail.Builder#store}: a database
 * from {@code audit-jdbc}, for example. It opens one {@link ChainStore} per trail.
 *
 * @since 0.1.0
 */
public interface AuditStore {

    /**
     * Opens a chain for one writer, creating it if new; refuses a second writer.
     *
     * @param chainId         the chain id (validated by the trail builder)
     * @param segmentMaxBytes the bound on a segment's size
     * @param segmentMaxAge   the bound on a segment's age
     * @return the store's handle on the chain
     * @throws IOException if the store cannot be reached or the chain is held by another writer
     */
    ChainStore openChain(String chainId, long segmentMaxBytes, Duration segmentMaxAge) throws IOException;

    /**
     * A local directory (0700) for what must not live beside the records: the key that hashes
     * session ids and a keyed chain's epoch key state. Without it session ids are hashed with a
     * key made for each run, and keyed or signed chains are refused.
     *
     * @return the directory, if configured
     */
    Optional<Path> stateDirectory();

    /** @return where the store is, for messages (never credentials) */
    String describe();
}
