package io.govaudit.jdbc.internal;

import io.govaudit.ChainLockedException;
import java.io.IOException;
import java.sql.SQLException;

/**
 * The store's current {@link ChainHold}, taken again when its connection ended. The store checks
 * the hold about once a second ({@link #check}, from {@code remeasure}) and after a failed commit;
 * before the next commit, {@link #retakeIfLost} takes the chain again, or fails the commit if
 * another writer took it meanwhile. Never a round trip per batch.
 *
 * <p>Not thread-safe: owned by the store.
 */
final class WriterHold {
    // synchronized: the writer thread checks the hold (remeasure) while the force thread may use it

    private final StoreSettings settings;
    private final String chainId;
    private ChainHold hold;
    private boolean lost;

    private WriterHold(StoreSettings settings, String chainId, ChainHold hold) {
        this.settings = settings;
        this.chainId = chainId;
        this.hold = hold;
    }

    /**
     * Takes the chain.
     *
     * @throws ChainLockedException if another writer holds it
     * @throws SQLException         if the database cannot be asked
     */
    static WriterHold take(StoreSettings settings, String chainId) throws SQLException {
        return new WriterHold(settings, chainId, acquire(settings, chainId));
    }

    private static ChainHold acquire(StoreSettings settings, String chainId) throws SQLException {
        return ChainHold.acquire(settings.dialect(), settings.connector(), chainId, settings.holder(),
                settings.clock().instant());
    }

    /** @return true if the hold was found ended (remembered until it is taken again) */
    synchronized boolean check() {
        lost |= !hold.isValid();
        return lost;
    }

    /**
     * Takes the chain again if the hold ended.
     *
     * @throws IOException if it cannot be taken again; the commit must not go ahead
     */
    synchronized void retakeIfLost() throws IOException {
        if (!lost) {
            return;
        }
        try {
            hold.close();
        } catch (SQLException ignored) {
            // the connection is gone already: nothing is held that could be released
        }
        try {
            hold = acquire(settings, chainId);
            lost = false;
        } catch (SQLException e) {
            throw new IOException("the hold on chain '" + chainId + "' ended with its connection and cannot be "
                    + "taken again: " + SqlFailures.describe(e), e);
        } catch (ChainLockedException e) {
            throw new IOException("the hold on chain '" + chainId + "' ended with its connection, and meanwhile "
                    + e.getMessage(), e);
        }
    }

    synchronized void close() throws SQLException {
        hold.close();
    }
}
