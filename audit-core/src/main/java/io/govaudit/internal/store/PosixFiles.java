package io.govaudit.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Creates files and directories owner-only and forces directories, the durability discipline
 * of docs/format.md sections 6-7. On file systems without POSIX permissions the permission step is
 * skipped. Stateless and thread-safe.
 */
public final class PosixFiles {

    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    /** Permissions of a directory: {@code rwx------}. */
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    /** Permissions of a file being written: {@code rw-------}. */
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    /** Permissions of a closed segment: {@code r--------}. */
    public static final Set<PosixFilePermission> READ_ONLY = PosixFilePermissions.fromString("r--------");

    private PosixFiles() {
    }

    /**
     * Creates a directory (and missing parents) owner-only; an existing directory is kept as is.
     *
     * @param dir the directory
     * @throws IOException if it cannot be created
     */
    public static void createDirectory(Path dir) throws IOException {
        createDirectory(dir, DIRECTORY);
    }

    /**
     * Creates a directory (and missing parents, owner-only) with the given permissions; an
     * existing directory is kept as is.
     *
     * @param dir         the directory
     * @param permissions its permissions
     * @throws IOException if it cannot be created
     */
    public static void createDirectory(Path dir, Set<PosixFilePermission> permissions) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            createDirectory(parent);
        }
        try {
            if (POSIX) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(permissions));
                Files.setPosixFilePermissions(dir, permissions); // the umask may have narrowed it
            } else {
                Files.createDirectory(dir);
            }
        } catch (FileAlreadyExistsException raced) {
            if (!Files.isDirectory(dir)) {
                throw raced;
            }
            return;
        }
        if (parent != null) {
            forceDirectory(parent);
        }
    }

    /**
     * Opens a file for writing, creating it owner-only ({@code 0600}) if it does not exist.
     *
     * @param file    the file
     * @param options open options in addition to {@code WRITE}
     * @return the channel
     * @throws IOException if it cannot be opened
     */
    public static FileChannel openForWrite(Path file, OpenOption... options) throws IOException {
        return openForWrite(file, FILE, options);
    }

    /**
     * Opens a file for writing, creating it with the given permissions if it does not exist (set
     * again after creation, as the umask may have narrowed them).
     *
     * @param file        the file
     * @param permissions its permissions if created
     * @param options     open options in addition to {@code WRITE}
     * @return the channel
     * @throws IOException if it cannot be opened
     */
    public static FileChannel openForWrite(Path file, Set<PosixFilePermission> permissions, OpenOption... options)
            throws IOException {
        Set<OpenOption> all = new java.util.HashSet<>(Set.of(options));
        all.add(StandardOpenOption.WRITE);
        if (!POSIX) {
            return FileChannel.open(file, all);
        }
        boolean created = !Files.exists(file);
        FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(permissions);
        FileChannel channel = FileChannel.open(file, all, attr);
        if (created && !permissions.equals(FILE)) {
            Files.setPosixFilePermissions(file, permissions);
        }
        return channel;
    }

    /**
     * Sets permissions if the file system supports them.
     *
     * @param path        the file or directory
     * @param permissions the permissions
     * @throws IOException if they cannot be set
     */
    public static void setPermissions(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (POSIX) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }

    /**
     * Tells whether the owner may write a file according to its permission bits (not whether
     * this process may: root may write anything).
     *
     * @param file the file
     * @return true if the owner-write bit is set or permissions are not supported
     * @throws IOException if the attributes cannot be read
     */
    public static boolean ownerWritable(Path file) throws IOException {
        return !POSIX || Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_WRITE);
    }

    /**
     * Forces a directory's entries to the device, so a created or renamed file survives a crash.
     *
     * @param dir the directory
     * @throws IOException if the force fails; the caller must treat this as a store failure
     */
    public static void forceDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /**
     * Writes all remaining bytes of {@code buffer} at the channel's position.
     *
     * @param channel the file
     * @param buffer  the bytes
     * @throws IOException if a write fails
     */
    static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
