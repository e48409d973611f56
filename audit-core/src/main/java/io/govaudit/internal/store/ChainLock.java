package io.govaudit.internal.store;

import io.govaudit.ChainLockedException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one writer of a chain: the OS lock on its {@code .lock} file plus this JVM's set of chain
 * directories it holds (docs/format.md section 7).
 *
 * <p>Ordering: the JVM set is checked, and the directory added to it, <em>before</em> the lock
 * file is opened. The OS lock is a POSIX record lock, and closing any descriptor of the lock file
 * drops every lock the process holds on it; a second opener in the same JVM must therefore be
 * refused without ever opening (and closing) the lock file while the first one writes.
 *
 * <p>Failure: a refusal is a {@link ChainLockedException} whose message says which holder it met
 * (this JVM, or another process) and what to do. Any failure while locking takes the directory
 * out of the set again, so a failed open never leaves the chain held.
 *
 * <p>Recovery: nothing to recover: the OS drops the lock of a process that dies, and the set
 * lives only as long as the JVM.
 *
 * <p>Thread-safety: {@link #acquire} may be called from any thread (the set is concurrent). An
 * instance is owned by one store; {@link #close} is idempotent but not meant to race with itself.
 */
final class ChainLock implements Closeable {

    /** Chain directories (real paths) whose lock this JVM holds. */
    private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final Path heldKey;
    private final FileChannel channel;
    private final FileLock lock;

    private ChainLock(Path heldKey, FileChannel channel, FileLock lock) {
        this.heldKey = heldKey;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the chain's lock: first in this JVM, then from the OS.
     *
     * @param chainDir the chain directory, which must exist
     * @param chainId  the chain id, for the refusal's message
     * @return the held lock
     * @throws ChainLockedException if this JVM or another process holds the chain
     * @throws IOException          if the lock file cannot be opened or locked
     */
    static ChainLock acquire(Path chainDir, String chainId) throws IOException {
        Path lockFile = chainDir.resolve(SegmentNames.LOCK_FILE);
        Path heldKey = chainDir.toRealPath();
        if (!HELD_IN_THIS_JVM.add(heldKey)) {
            throw new ChainLockedException(chainId, lockFile, "chain '" + chainId + "' is already open in this JVM "
                    + "(lock file " + lockFile + "): close the other AuditTrail of this chain first, or use "
                    + "another chainId");
        }
        try {
            return lockFile(lockFile, chainId, heldKey);
        } catch (IOException | RuntimeException e) {
            HELD_IN_THIS_JVM.remove(heldKey);
            throw e;
        }
    }

    private static ChainLock lockFile(Path lockFile, String chainId, Path heldKey) throws IOException {
        FileChannel channel = PosixFiles.openForWrite(lockFile, StandardOpenOption.CREATE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new ChainLockedException(chainId, lockFile);
        }
        return new ChainLock(heldKey, channel, lock);
    }

    /** @return true until {@link #close} */
    boolean isHeld() {
        return channel.isOpen();
    }

    /**
     * Releases the OS lock, closes the lock file and lets this JVM open the chain again. A second
     * call does nothing: by then the chain may belong to another store of this JVM.
     *
     * @throws IOException if the release or the close fails; the chain is let go of in this JVM anyway
     */
    @Override
    public void close() throws IOException {
        if (!channel.isOpen()) {
            return;
        }
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            try {
                channel.close();
            } finally {
                HELD_IN_THIS_JVM.remove(heldKey);
            }
        }
    }
}
