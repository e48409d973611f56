package io.govaudit.internal.store;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gzips the closed segments of a directory store in the background ({@code compressClosedSegments})
 * and installs the results on the writer thread, where the store's list of segments is kept.
 * Not thread-safe: called from the writer thread only.
 */
final class SegmentCompression {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentCompression.class);
    private static final Duration WAIT_AT_CLOSE = Duration.ofSeconds(30);

    private final String chainId;
    private final FileChainStore files;
    private final SegmentCompressor compressor;

    /**
     * Creates the compression of a directory store's closed segments.
     *
     * @param chainId the chain, for messages
     * @param files   the store
     * @param threads makes the compression thread
     */
    SegmentCompression(String chainId, FileChainStore files, ThreadFactory threads) {
        this.chainId = chainId;
        this.files = files;
        this.compressor = new SegmentCompressor(threads);
    }

    /** Queues the closed segments left plain by an earlier run. */
    void submitPlainSegments() {
        files.plainClosedSegments().forEach(compressor::submit);
    }

    /** Queues the segment the store has just closed. */
    void submitLastClosed() {
        compressor.submit(files.lastClosedSegment());
    }

    /** Installs the finished compressions; a failed one leaves its segment plain. */
    void installFinished() {
        for (SegmentCompressor.Done done : compressor.drain()) {
            try {
                if (done.failure() != null && !Files.exists(done.segment())) {
                    continue; // purged while it was being compressed
                }
                if (done.failure() != null) {
                    throw done.failure();
                }
                files.installCompressed(done);
            } catch (IOException e) {
                LOG.warn("chain '{}': compressing {} failed; the segment stays plain: {}", chainId,
                        done.segment().getFileName(), e.toString());
            }
        }
    }

    /** Waits a bounded time for queued compressions, installs them and stops the thread. */
    void finish() {
        if (!compressor.shutdown(WAIT_AT_CLOSE)) {
            LOG.warn("chain '{}': compressing closed segments did not finish in {}; the next open resumes it",
                    chainId, WAIT_AT_CLOSE);
        }
        installFinished();
        compressor.close();
    }
}
