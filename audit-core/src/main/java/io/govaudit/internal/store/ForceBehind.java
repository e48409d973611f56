package io.govaudit.internal.store;

import java.io.IOException;

/**
 * A store whose force may run on another thread while the writer thread stages the next batch:
 * the file store, where {@code fdatasync} of one batch and {@code write} of the next use the
 * same channel concurrently (the JDK's {@code FileChannel.force} takes no position lock), and the
 * JDBC store of {@code audit-jdbc}, whose force is a transaction on a connection of its own.
 *
 * <p>Only the force moves off the writer thread. {@link #stage()} and
 * {@link Staged#durable()} run on the writer thread, so the store's bookkeeping (sizes,
 * durable length) stays confined to it; {@link Staged#force()} touches nothing but the channel.
 *
 * <p>Used by the trail's group commit in {@code ASYNC} mode: the force of one batch runs while
 * the next batch is chained and written.
 */
public interface ForceBehind {

    /**
     * Captures what a force now would make durable: everything written so far. Writer thread.
     *
     * @return the staged force
     */
    Staged stage();

    /** One force of the bytes written up to {@link #stage()}. */
    interface Staged {

        /**
         * Forces the bytes; any thread, once.
         *
         * @throws IOException if the force fails; the writer then rewinds the store
         */
        void force() throws IOException;

        /**
         * Records that the force returned: a later rewind keeps these bytes. Writer thread,
         * after {@link #force()} returned normally.
         */
        void durable();
    }
}
