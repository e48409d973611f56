package io.govaudit.cli;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The file an export writes: first a temporary file beside the target (same directory, so the
 * final rename stays on one file system; created by {@link Files#createTempFile}, readable by its
 * owner only on POSIX systems), hashed with SHA-256 as it is written and forced to disk when
 * closed; then {@link #place()} gives it its name, or {@link #discard()} deletes it. Without
 * {@code force} an existing target is never replaced, not even one that appears while the export
 * runs. Not thread-safe.
 */
final class ExportFile {

    private final Path out;
    private final boolean force;
    private final Path tmp;
    private final MessageDigest sha = BundleCheck.sha256();

    private ExportFile(Path out, boolean force, Path tmp) {
        this.out = out;
        this.force = force;
        this.tmp = tmp;
    }

    /**
     * Creates the temporary file beside {@code out}.
     *
     * @param out   the target
     * @param force whether an existing target may be replaced
     * @return the file
     * @throws IOException if the temporary file cannot be created
     */
    static ExportFile beside(Path out, boolean force) throws IOException {
        Path parent = out.toAbsolutePath().normalize().getParent();
        return new ExportFile(out, force, Files.createTempFile(parent, "." + out.getFileName() + ".", ".tmp"));
    }

    /** @return a stream into the temporary file that hashes what passes and forces it to disk on close */
    OutputStream open() throws IOException {
        FileChannel file = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        OutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(file), 1 << 16);
        return new FilterOutputStream(new DigestOutputStream(buffered, sha)) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                try (file) {
                    flush();
                    file.force(true);
                }
            }
        };
    }

    /** @return the SHA-256 of what was written, hex */
    String sha256() {
        return HexFormat.of().formatHex(sha.digest());
    }

    /** @return the size of the written file */
    long size() throws IOException {
        return Files.size(tmp);
    }

    /**
     * Gives the written file its name.
     *
     * @throws CliFailure if the target appeared meanwhile (without {@code force})
     * @throws IOException if the file cannot be renamed
     */
    void place() throws IOException {
        if (force) {
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        try {
            Files.createLink(out, tmp); // unlike a rename, fails if the target exists
        } catch (FileAlreadyExistsException e) {
            throw appeared(e);
        } catch (UnsupportedOperationException | IOException e) { // no hard links on this file system
            if (Files.exists(out)) {
                throw appeared(e);
            }
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        Files.delete(tmp);
    }

    private CliFailure appeared(Exception e) {
        return new CliFailure("--out " + out + " was created while the export was written; not overwritten", e);
    }

    /** Deletes the temporary file, if it is still there. */
    void discard() throws IOException {
        Files.deleteIfExists(tmp);
    }
}
