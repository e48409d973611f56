package io.govaudit.benchmarks;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Sends the govaudit.AUDIT mirror to a logback file appender in the benchmark JVM's own logging
 * context, as a SIEM appender would receive it. Not thread-safe to open or close.
 */
final class MirrorFile implements AutoCloseable {

    private final Path dir;
    private final Logger logger;
    private final FileAppender<ILoggingEvent> appender;

    private MirrorFile(Path dir, Logger logger, FileAppender<ILoggingEvent> appender) {
        this.dir = dir;
        this.logger = logger;
        this.appender = appender;
    }

    static MirrorFile open() throws IOException {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Path dir = TempDirectories.create("govaudit-mirror");
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg %kvp%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("mirror");
        appender.setFile(dir.resolve("mirror.log").toString());
        appender.setEncoder(encoder);
        appender.start();
        Logger logger = context.getLogger("govaudit.AUDIT");
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
        logger.addAppender(appender);
        return new MirrorFile(dir, logger, appender);
    }

    @Override
    public void close() throws IOException {
        logger.detachAppender(appender);
        appender.stop();
        TempDirectories.delete(dir);
    }
}
