package io.govaudit.benchmarks;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.status.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A logback {@link FileAppender} configured in code, in its own {@link LoggerContext} so that
 * neither the benchmark JVM's logback.xml nor govaudit's own logging touches it. The appender
 * flushes after every event ({@code immediateFlush=true}, logback's default) but, like every
 * logback appender, never forces the file to the device. Not thread-safe to open or close; the
 * logger it hands out is thread-safe.
 */
final class LogbackFile implements AutoCloseable {

    /** Timestamp, level, thread, logger, message and the event's key-value pairs. */
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger - %msg %kvp%n";

    /** The layout most applications run: timestamp, level, thread, logger and the formatted message. */
    static final String MESSAGE_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger - %msg%n";

    private final Path dir;
    private final Path file;
    private final LoggerContext context;
    private final Logger logger;

    private LogbackFile(Path dir, LoggerContext context, Logger logger, Path file) {
        this.dir = dir;
        this.file = file;
        this.context = context;
        this.logger = logger;
    }

    /** A file appender with a {@link PatternLayoutEncoder} using {@link #PATTERN}. */
    static LogbackFile pattern() throws IOException {
        return pattern(PATTERN);
    }

    /** A file appender with a {@link PatternLayoutEncoder} using the given pattern. */
    static LogbackFile pattern(String pattern) throws IOException {
        LoggerContext context = newContext();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        return open("logback-pattern", context, encoder);
    }

    /** A file appender with logback's {@link JsonEncoder} in its default configuration. */
    static LogbackFile json() throws IOException {
        LoggerContext context = newContext();
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.start();
        return open("logback-json", context, encoder);
    }

    /**
     * A context as logback's own configurator builds one. A bare {@code new LoggerContext()} has no
     * MDC adapter since logback 1.5: every append then throws a {@code NullPointerException} that
     * the appender catches and reports as an error status, nothing reaches the file, and the
     * benchmark measures exception handling (this baseline read 63-68 k events/s that way until
     * 2026-12-07). {@link #close()} fails the trial if that, or any other append error, recurs.
     */
    private static LoggerContext newContext() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        return context;
    }

    private static LogbackFile open(String name, LoggerContext context, Encoder<ILoggingEvent> encoder)
            throws IOException {
        context.setName(name);
        context.start();
        Path dir = TempDirectories.create(name);
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName(name);
        appender.setFile(dir.resolve(name + ".log").toString());
        appender.setAppend(true);
        appender.setImmediateFlush(true);
        appender.setEncoder(encoder);
        appender.start();
        if (!appender.isStarted()) {
            throw new IOException("logback appender did not start: " + context.getStatusManager().getCopyOfStatusList());
        }
        Logger logger = context.getLogger("AUDIT");
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
        logger.addAppender(appender);
        return new LogbackFile(dir, context, logger, dir.resolve(name + ".log"));
    }

    Logger logger() {
        return logger;
    }

    /**
     * Stops the context and deletes the file, after checking that the baseline really wrote: an
     * empty file or an error status means the figure measured something other than logging.
     *
     * @throws IllegalStateException if logback reported an error or wrote nothing
     */
    @Override
    public void close() throws IOException {
        try {
            context.stop();
            List<Status> errors = context.getStatusManager().getCopyOfStatusList().stream()
                    .filter(status -> status.getLevel() >= Status.WARN)
                    .toList();
            if (!errors.isEmpty()) {
                throw new IllegalStateException(errors.size() + " logback warnings or errors, the baseline is void; first: "
                        + errors.get(0) + (errors.get(0).getThrowable() == null ? "" : " " + errors.get(0).getThrowable()));
            }
            if (Files.size(file) == 0) {
                throw new IllegalStateException("logback wrote nothing to " + file + ", the baseline is void");
            }
        } finally {
            TempDirectories.delete(dir);
        }
    }
}
