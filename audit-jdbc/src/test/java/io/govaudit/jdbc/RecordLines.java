package io.govaudit.jdbc;

import io.govaudit.Location;
import io.govaudit.internal.format.BodyEncoder;
import io.govaudit.internal.format.ChainEncoder;
import io.govaudit.internal.format.LineBuffer;
import io.govaudit.internal.format.RecordFormat;
import io.govaudit.internal.format.SessionHasher;
import io.govaudit.internal.store.SessionKeys;
import io.govaudit.jdbc.testing.SampleChains;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/** Encodes real chained record lines, as the writer does, for tests that drive a store directly. */
final class RecordLines {

    private final BodyEncoder bodies = new BodyEncoder(16 * 1024, new SessionHasher(SessionKeys.ephemeral()));
    private final ChainEncoder chain;
    private final Location where = new Location("store-test", "db-host", null, null, null, null);
    private Instant ts = Instant.parse("2026-01-01T00:00:00Z");

    RecordLines(String chainId, long lastSeq, String lastHash) {
        this.chain = new ChainEncoder(chainId, lastSeq, lastHash);
    }

    static RecordLines newChain(String chainId) {
        return new RecordLines(chainId, 0, RecordFormat.GENESIS_PREV);
    }

    /** @return the next {@code n} record lines, each ending in a newline */
    byte[] next(int n) {
        LineBuffer buffer = new LineBuffer(4096);
        for (int i = 0; i < n; i++) {
            ts = ts.plus(Duration.ofMillis(1));
            String eid = "e" + (chain.lastSeq() + 1);
            chain.append(buffer, bodies.encode(SampleChains.event(eid), where), ts);
        }
        return Arrays.copyOf(buffer.data(), buffer.size());
    }

    long lastSeq() {
        return chain.lastSeq();
    }

    String lastHash() {
        return chain.lastHash();
    }

    Instant now() {
        return ts;
    }

    static String text(byte[] lines) {
        return new String(lines, StandardCharsets.UTF_8);
    }
}
