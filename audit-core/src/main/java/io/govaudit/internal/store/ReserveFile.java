package io.govaudit.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The chain's {@code .reserve} file: zeros that hold space back so the records saying why the
 * trail stopped always fit (docs/format.md section 7).
 *
 * <p>Ordering: the zeros are written to {@code .reserve.tmp}, forced, renamed atomically to
 * {@code .reserve} and the directory forced (STYLE.md S26), so a reserve that exists is complete.
 *
 * <p>Failure: a reserve that cannot be created is returned as the failure, never thrown: a store
 * that cannot hold space back is still usable. The half-written {@code .tmp} is deleted; if that
 * fails too, the next {@link #ensure} truncates and rewrites it.
 *
 * <p>Recovery: an existing reserve is kept as it is; a leftover {@code .reserve.tmp} is rewritten
 * by the next {@link #ensure}.
 *
 * <p>Thread-safety: not thread-safe; owned by the writer thread.
 */
final class ReserveFile {

    private static final int CHUNK = 64 * 1024;

    private final Path chainDir;

    /**
     * @param chainDir the chain directory holding the reserve
     */
    ReserveFile(Path chainDir) {
        this.chainDir = chainDir;
    }

    /** @return the reserve file's path */
    Path path() {
        return chainDir.resolve(SegmentNames.RESERVE_FILE);
    }

    /**
     * Creates the reserve of {@code bytes} zeros (forced) unless it exists.
     *
     * @param bytes the reserve size
     * @return null, or the failure
     */
    IOException ensure(long bytes) {
        Path reserve = path();
        if (Files.exists(reserve)) {
            return null;
        }
        Path tmp = chainDir.resolve(SegmentNames.RESERVE_FILE + ".tmp");
        try (FileChannel channel = PosixFiles.openForWrite(tmp, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeZeros(channel, bytes);
            channel.force(true);
            Files.move(tmp, reserve, StandardCopyOption.ATOMIC_MOVE);
            PosixFiles.forceDirectory(chainDir);
            return null;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            return e;
        }
    }

    /**
     * Deletes the reserve so the space it held can take the trail's own records.
     *
     * @return true if there was a reserve to release
     * @throws IOException if it cannot be deleted
     */
    boolean release() throws IOException {
        return Files.deleteIfExists(path());
    }

    private static void writeZeros(FileChannel channel, long bytes) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate(CHUNK);
        for (long left = bytes; left > 0; left -= zeros.capacity()) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), left));
            PosixFiles.writeFully(channel, zeros);
        }
    }
}
