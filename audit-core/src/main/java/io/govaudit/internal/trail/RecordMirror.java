package io.govaudit.internal.trail;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.govaudit.internal.format.RecordFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The SLF4J mirror of a chain ({@code AuditTrail.Builder.mirrorToSlf4j}; docs/operations.md,
 * forwarding to a SIEM): every durable record is logged once, in seq order, at INFO on the logger
 * {@value #LOGGER}, with the record line as the message and key/value pairs taken from it.
 *
 * <p>Design: the writer hands over a copy of each committed batch after its force returned
 * ({@link GroupCommit}), so only durable records are mirrored and in the order of the chain. A
 * thread of its own parses and logs them: a slow appender (a TCP syslog collector that stalls)
 * delays that thread, never the writer. The hand-over is bounded by bytes; a batch that does not
 * fit is dropped, never waited for, and the mirror thread logs the skipped seq range at WARN on the
 * same logger before the next batch, so the collector sees the gap (the store keeps every record).
 *
 * <p>Only what is in the record leaves: the line as stored (personal data and secrets are masked
 * before the record is written) and members copied from it. A logging failure is caught and
 * counted; it never reaches the writer.
 *
 * <p>Thread-safety: {@link #committed} is called by the writer thread only; the rest runs on the
 * mirror thread; the queue and the byte counter are thread-safe.
 */
final class RecordMirror {

    /** The logger name, fixed: collectors and logback configurations select it by name. */
    static final String LOGGER = "govaudit.AUDIT";
    /** At most this many bytes of committed records wait for the mirror thread. */
    static final long MAX_QUEUED_BYTES = 16L * 1024 * 1024;
    private static final long CLOSE_TIMEOUT_SECONDS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final Logger SELF = LoggerFactory.getLogger(RecordMirror.class);
    private static final Batch STOP = new Batch(new byte[0], 0, 0);

    private final String chainId;
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(4096);
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Thread thread;
    /** The last seq handed to the logger (mirror thread), or seen committed at start. */
    private long mirroredSeq;
    private volatile long lastCommittedSeq;
    private long failures; // mirror thread

    private RecordMirror(TrailConfig config, long startSeq) {
        this.chainId = config.chainId();
        this.mirroredSeq = startSeq;
        this.lastCommittedSeq = startSeq;
        this.thread = config.newThread("mirror", this::run);
        thread.start();
    }

    /**
     * Starts the mirror of a trail that has it turned on.
     *
     * @param config   the trail's settings
     * @param startSeq the last record already in the chain (not mirrored again)
     * @return the running mirror, or null when the trail does not mirror
     */
    static RecordMirror start(TrailConfig config, long startSeq) {
        return config.mirrorToSlf4j() ? new RecordMirror(config, startSeq) : null;
    }

    /**
     * Hands over a batch that has just become durable. Writer thread; never blocks or throws.
     *
     * @param lines    the record lines, each ending in LF
     * @param length   bytes of {@code lines} in use
     * @param firstSeq the seq of the first line
     * @param lastSeq  the seq of the last line
     */
    void committed(byte[] lines, int length, long firstSeq, long lastSeq) {
        lastCommittedSeq = lastSeq;
        if (queuedBytes.get() + length > MAX_QUEUED_BYTES) {
            return; // the mirror thread reports the gap
        }
        byte[] copy = java.util.Arrays.copyOf(lines, length);
        queuedBytes.addAndGet(length);
        if (!queue.offer(new Batch(copy, firstSeq, lastSeq))) {
            queuedBytes.addAndGet(-length);
        }
    }

    /** Logs what was handed over, then stops; waits a bounded time. Writer thread, after the last commit. */
    void close() {
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_TIMEOUT_SECONDS);
            boolean stopQueued = queue.offer(STOP, CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS); // a stalled appender: no unbounded wait
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (!stopQueued || thread.isAlive()) {
                SELF.warn("the SLF4J mirror of chain '{}' did not finish within {} s; later records are not mirrored",
                        chainId, CLOSE_TIMEOUT_SECONDS);
                thread.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- mirror thread ----

    private void run() {
        try {
            while (true) {
                Batch batch = queue.take();
                if (batch == STOP) {
                    reportGap(lastCommittedSeq + 1);
                    return;
                }
                queuedBytes.addAndGet(-batch.lines.length);
                reportGap(batch.firstSeq);
                log(batch);
                mirroredSeq = batch.lastSeq;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void reportGap(long nextSeq) {
        if (nextSeq > mirroredSeq + 1) {
            try {
                LOG.atWarn().addKeyValue("chain", chainId).addKeyValue("skippedFrom", mirroredSeq + 1)
                        .addKeyValue("skippedTo", nextSeq - 1)
                        .log("govaudit mirror of chain '{}' skipped seq {} to {}: the mirror fell behind; "
                                + "the store holds every record", chainId, mirroredSeq + 1, nextSeq - 1);
            } catch (RuntimeException e) {
                failed(e);
            }
            mirroredSeq = nextSeq - 1;
        }
    }

    private void log(Batch batch) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        byte[] lines = batch.lines;
        int start = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i] == '\n') {
                logLine(lines, start, i - start);
                start = i + 1;
            }
        }
    }

    private void logLine(byte[] lines, int offset, int length) {
        try {
            LoggingEventBuilder event = LOG.atInfo();
            addMembers(event, lines, offset, length);
            event.log(new String(lines, offset, length, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            failed(e);
        }
    }

    private void failed(Exception e) {
        failures++;
        if (failures == 1 || Long.bitCount(failures) == 1) { // 1, 2, 4, 8 …: never a flood
            SELF.warn("the SLF4J mirror of chain '{}' failed {} time(s); recording is not affected", chainId,
                    failures, e);
        }
    }

    /**
     * Copies the members named in docs/operations.md from the line: {@code chain}, {@code seq},
     * {@code ts}, {@code type}, {@code outcome}, {@code actor} (actor.id), {@code subject}
     * (subject.kind:subject.id), {@code ip} (where.ip), {@code hash}; absent ones are left out.
     */
    static void addMembers(LoggingEventBuilder event, byte[] line, int offset, int length) throws IOException {
        String subjectKind = null;
        String subjectId = null;
        try (JsonParser parser = RecordFormat.jsonFactory().createParser(line, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "chain", "ts", "type", "outcome", "hash" -> event.addKeyValue(name, parser.getText());
                    case "seq" -> event.addKeyValue(name, parser.getLongValue());
                    case "actor", "subject", "where" -> {
                        while (value == JsonToken.START_OBJECT && parser.nextToken() == JsonToken.FIELD_NAME) {
                            String member = parser.currentName();
                            parser.nextToken();
                            if (name.equals("actor") && member.equals("id")) {
                                event.addKeyValue("actor", parser.getText());
                            } else if (name.equals("subject") && member.equals("kind")) {
                                subjectKind = parser.getText();
                            } else if (name.equals("subject") && member.equals("id")) {
                                subjectId = parser.getText();
                            } else if (name.equals("where") && member.equals("ip")) {
                                event.addKeyValue("ip", parser.getText());
                            } else {
                                parser.skipChildren();
                            }
                        }
                        if (name.equals("subject") && subjectId != null) {
                            event.addKeyValue("subject", subjectKind == null ? subjectId : subjectKind + ":" + subjectId);
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
        }
    }

    /** Committed record lines and their seq range. */
    private record Batch(byte[] lines, long firstSeq, long lastSeq) {
    }
}
