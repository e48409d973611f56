package io.govaudit.spi;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Publishes each signed checkpoint somewhere else than the log: another disk or host, another
 * database, syslog or a SIEM (docs/format.md sections 3-5). The verifier compares the log's head with
 * the newest anchor, so a cut tail or a wholesale rewrite of the log is found.
 *
 * <pre>{@code
 * AuditTrail.builder()
 *         ...
 *         .anchorSink(AnchorSink.directory(Path.of("/mnt/anchors")))   // another disk
 *         .anchorSink(AnchorSink.logging())                           // and the SIEM, via SLF4J
 *         .build();
 * }</pre>
 *
 * <p>The trail calls sinks on a background thread, one anchor at a time, in checkpoint order. A
 * sink that throws raises an {@code ANCHOR_FAILED} alert; recording goes on.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface AnchorSink {

    /**
     * Publishes an anchor; returns once it is durable where the sink keeps it.
     *
     * @param anchor the anchor
     * @throws IOException if it could not be published
     */
    void publish(Anchor anchor) throws IOException;

    /**
     * Returns a sink that appends one JSON line per anchor to {@code <dir>/<chain>.anchors}
     * (created 0600 in a 0700 directory) and forces it:
     * {@code {"chain","seq","at_seq","at_hash","ts","key","sig"}}. Put the directory on another
     * disk or host (an NFS mount the log's host can only append to, for example).
     *
     * @param dir the anchor directory
     * @return the sink
     */
    static AnchorSink directory(Path dir) {
        return new DirectoryAnchorSink(dir);
    }

    /**
     * Returns a sink that logs each anchor at INFO through SLF4J logger {@code io.govaudit.anchor}
     * with marker {@code AUDIT_ANCHOR}, as the same JSON line, for shipping to syslog or a SIEM.
     *
     * @return the sink
     */
    static AnchorSink logging() {
        return LoggingAnchorSink.INSTANCE;
    }
}
