package io.govaudit.internal.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/**
 * Compresses closed segments off the writer thread, first half of the suffix protocol
 * (STYLE.md S26): {@code <segment>.gz.tmp} is written and forced here; the writer thread then
 * renames it to {@code .log.gz}, forces the directory, deletes the plain segment and forces the
 * directory again ({@link FileChainStore#installCompressed}). Only the writer thread touches the
 * store's state, so a purge and a compression of the same segment cannot race: a compressed
 * copy of a segment purged meanwhile is simply deleted.
 *
 * <p>Thread-safety: {@link #submit} and {@link #drain} may be called from any thread.
 */
public final class SegmentCompressor implements AutoCloseable {

    /**
     * A finished (or failed) compression.
     *
     * @param segment the plain segment
     * @param tmp     the forced compressed copy, or null on failure
     * @param failure why it failed, or null
     */
    public record Done(Path segment, Path tmp, IOException failure) {
    }

    private final ExecutorService executor;
    private final Queue<Done> done = new ConcurrentLinkedQueue<>();

    /**
     * Creates a compressor with one thread.
     *
     * @param threadFactory makes the thread
     */
    public SegmentCompressor(ThreadFactory threadFactory) {
        this.executor = Executors.newSingleThreadExecutor(threadFactory);
    }

    /**
     * Queues a closed plain segment for compression.
     *
     * @param segment the segment
     */
    public void submit(Path segment) {
        if (executor.isShutdown()) {
            // closing: a roll made by the closing records; the segment stays plain and the next
            // open compresses it with the other plain closed segments
            return;
        }
        executor.execute(() -> done.add(compress(segment)));
    }

    /** @return the compressions finished since the last call */
    public List<Done> drain() {
        List<Done> finished = new ArrayList<>();
        for (Done d; (d = done.poll()) != null; ) {
            finished.add(d);
        }
        return finished;
    }

    static Path tmpName(Path segment) {
        return segment.resolveSibling(segment.getFileName() + ".gz.tmp");
    }

    private static Done compress(Path segment) {
        Path tmp = tmpName(segment);
        try (InputStream in = Files.newInputStream(segment);
                FileChannel channel = PosixFiles.openForWrite(tmp, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream gzip = new GZIPOutputStream(Channels.newOutputStream(channel), 64 * 1024);
            in.transferTo(gzip);
            gzip.flush();
            ((GZIPOutputStream) gzip).finish();
            channel.force(true);
            return new Done(segment, tmp, null);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            return new Done(segment, null, e);
        }
    }

    /**
     * Lets queued compressions finish, for at most {@code wait}.
     *
     * @param wait the bound
     * @return true if all finished
     */
    public boolean shutdown(Duration wait) {
        executor.shutdown();
        try {
            return executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
