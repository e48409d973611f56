package io.govaudit.benchmarks;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One file in a fresh temporary directory ({@link TempDirectories}), open for appending: where the
 * machine's own floors and ceilings write (an fsync, the simplest group commit). Closing it
 * deletes the directory. Not thread-safe apart from what {@link FileChannel} itself allows.
 */
final class AppendFile implements Closeable {

    private final Path dir;
    private final FileChannel channel;

    private AppendFile(Path dir, FileChannel channel) {
        this.dir = dir;
        this.channel = channel;
    }

    /** @return a new empty file {@code segment.log} in a new directory named after {@code prefix} */
    static AppendFile create(String prefix) throws IOException {
        Path dir = TempDirectories.create(prefix);
        try {
            return new AppendFile(dir, FileChannel.open(dir.resolve("segment.log"), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND));
        } catch (IOException | RuntimeException e) {
            try {
                TempDirectories.delete(dir);
            } catch (IOException deleting) {
                e.addSuppressed(deleting);
            }
            throw e;
        }
    }

    FileChannel channel() {
        return channel;
    }

    /** Appends all of {@code lines} from its start and forces them ({@code fdatasync}). */
    void appendAndForce(ByteBuffer lines) throws IOException {
        lines.rewind();
        while (lines.hasRemaining()) {
            channel.write(lines);
        }
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            TempDirectories.delete(dir);
        }
    }
}
