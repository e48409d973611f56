package io.govaudit.spi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/** The sink of {@link AnchorSink#logging}. Stateless and thread-safe. */
final class LoggingAnchorSink implements AnchorSink {

    static final LoggingAnchorSink INSTANCE = new LoggingAnchorSink();
    private static final Logger LOG = LoggerFactory.getLogger("io.govaudit.anchor");
    private static final Marker AUDIT_ANCHOR = MarkerFactory.getMarker("AUDIT_ANCHOR");

    private LoggingAnchorSink() {
    }

    @Override
    public void publish(Anchor anchor) throws IOException {
        String line = new String(DirectoryAnchorSink.line(anchor), StandardCharsets.UTF_8).trim();
        LOG.info(AUDIT_ANCHOR, "{}", line);
    }

    @Override
    public String toString() {
        return "AnchorSink.logging()";
    }
}
