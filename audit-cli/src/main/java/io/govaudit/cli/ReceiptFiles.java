package io.govaudit.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Durable writes of the deletion receipt's files ({@link DestroyCommand}): each written to a
 * temporary file beside it, forced to disk, renamed into place and the directory forced, so a
 * crash leaves the old version or the new one, never half a receipt. Stateless.
 */
final class ReceiptFiles {

    private ReceiptFiles() {
    }

    /**
     * Writes {@code bytes} to {@code file}, replacing it when {@code replace} (the in-progress
     * receipt by the complete one), and forces file and directory to disk.
     */
    static void write(Path file, byte[] bytes, boolean replace) throws IOException {
        Path dir = file.toAbsolutePath().normalize().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (replace) {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                // a hard link fails if the name appeared meanwhile: nothing is overwritten
                Files.createLink(file, tmp);
                Files.delete(tmp);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        forceDirectory(dir);
    }

    /** Forces a directory's entries to disk (where the platform allows opening a directory). */
    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (UnsupportedOperationException | java.nio.file.AccessDeniedException e) {
            // not every platform opens directories; the rename is still atomic
        }
    }
}
