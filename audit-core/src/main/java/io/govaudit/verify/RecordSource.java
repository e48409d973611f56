package io.govaudit.verify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where {@link AuditVerifier} reads records from: the segment files of a store directory, or the
 * rows of a database table ({@code audit-jdbc}). A source hands the verifier each chain as parts
 * (segments) of record lines in chain order, exactly the bytes the writer stored; the verifier
 * checks them the same way whatever the source.
 *
 * @since 0.1.0
 */
public interface RecordSource {

    /**
     * The segment files of a store directory (one sub-directory per chain), as
     * {@link AuditVerifier#forDirectory} reads them; also what {@code io.govaudit.query.AuditReader}
     * reads a file store through.
     *
     * @param store the store directory
     * @return the source
     * @since 0.1.0
     */
    static RecordSource directory(Path store) {
        return new DirectorySource(Objects.requireNonNull(store, "store"));
    }

    /**
     * Tells whether parts of different chains may be read at the same time from different
     * threads, so that {@link AuditVerifier} verifies chains in parallel. The default is false.
     *
     * @return true if concurrent reads of different chains are safe
     * @since 0.1.0
     */
    default boolean concurrentReads() {
        return false;
    }

    /** @return where the records are, for the report (never credentials) */
    String location();

    /**
     * Lists the chains of the store.
     *
     * @return chain ids, sorted
     * @throws IOException if the store cannot be read
     */
    List<String> chains() throws IOException;

    /**
     * Lists the parts of a chain, in chain order.
     *
     * @param chain a chain id from {@link #chains()}, or a chain only known from its anchors
     * @return its parts; empty if the store holds no record of it
     * @throws IOException if the store cannot be read
     */
    List<Part> parts(String chain) throws IOException;

    /**
     * Tells what the store's own state says a chain reached, beyond the records it holds: the
     * writer's head mark, key state files that exist only once records were written, a database's
     * segment rows. The verifier reports a chain whose records end before it as
     * {@link ProblemKind#TRUNCATED} (or {@link ProblemKind#NO_RECORDS} when it holds none). This is
     * evidence from the same place as the records, never trust: a missing state proves nothing.
     *
     * @param chain a chain id from {@link #chains()}
     * @return the state; {@link ChainState#NONE} when the source keeps none
     * @throws IOException if the state exists but cannot be read
     * @since 0.1.0
     */
    default ChainState state(String chain) throws IOException {
        return ChainState.NONE;
    }

    /**
     * What a store's own state says a chain reached.
     *
     * @param minimumHead the lowest seq the chain's last record must have, 0 if nothing is known
     * @param evidence    where that comes from, for the report; null when {@code minimumHead} is 0
     * @since 0.1.0
     */
    record ChainState(long minimumHead, String evidence) {

        /** No state: nothing is known beyond the records. */
        public static final ChainState NONE = new ChainState(0, null);
    }

    /** A run of record lines of one chain: a segment file, or the rows of one chain. */
    interface Part {

        /** @return the part's name, reported as the problem's file */
        String name();

        /** @return the seq the part's name says its first record has, or -1 if it says none */
        long namedFirstSeq();

        /** @return its size in bytes as stored, for progress; 0 if unknown */
        long size();

        /** @return true if its end is not written any more (a compressed segment): bytes after its last line end are not a torn tail */
        boolean closed();

        /**
         * Opens the part's bytes: record lines, each ended by {@code \n}.
         *
         * @param problems where the source reports what it finds itself (e.g. a column that
         *                 disagrees with its record, {@link ProblemKind#COLUMN_MISMATCH})
         * @return the stream; the verifier closes it
         * @throws IOException if it cannot be opened
         */
        InputStream open(ProblemSink problems) throws IOException;
    }

    /** Takes problems a source finds while it is read. */
    @FunctionalInterface
    interface ProblemSink {

        /**
         * Reports a problem.
         *
         * @param kind    what is wrong
         * @param seq     the seq of the record concerned, 0 if unknown
         * @param line    the line (row) within the part, from 1
         * @param message what was found
         */
        void report(ProblemKind kind, long seq, long line, String message);
    }
}
