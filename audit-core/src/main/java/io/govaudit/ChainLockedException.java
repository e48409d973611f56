package io.govaudit;

import java.nio.file.Path;

/**
 * Another writer holds the chain: one chain has exactly one writer (docs/format.md sections 6-7).
 *
 * @since 0.1.0
 */
public final class ChainLockedException extends AuditException {

    private static final long serialVersionUID = 1L;

    private final String chainId;
    private final transient Path lockFile;

    /**
     * Creates the exception.
     *
     * @param chainId  the chain that is locked
     * @param lockFile the lock file held by the other writer
     */
    public ChainLockedException(String chainId, Path lockFile) {
        super("chain '" + chainId + "' is locked by another writer (lock file " + lockFile
                + "); stop the other process or use another chainId");
        this.chainId = chainId;
        this.lockFile = lockFile;
    }

    /**
     * Creates the exception with a message of its own, e.g. for a chain already open in this JVM.
     *
     * @param chainId  the chain that is locked
     * @param lockFile the lock file
     * @param message  what holds it and what to do
     * @since 0.1.0
     */
    public ChainLockedException(String chainId, Path lockFile, String message) {
        super(message);
        this.chainId = chainId;
        this.lockFile = lockFile;
    }

    /**
     * Creates the exception for a store without lock files, such as a database that holds the
     * chain with a lock or lease.
     *
     * @param chainId the chain that is locked
     * @param message what holds it and what to do
     */
    public ChainLockedException(String chainId, String message) {
        super(message);
        this.chainId = chainId;
        this.lockFile = null;
    }

    /**
     * Returns the chain that is locked.
     *
     * @return the chain id
     */
    public String chainId() {
        return chainId;
    }

    /**
     * Returns the lock file held by the other writer.
     *
     * @return the path of the lock file, or null for a store without lock files
     */
    public Path lockFile() {
        return lockFile;
    }
}
