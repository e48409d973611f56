package io.govaudit.internal.store;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The permissions of a store's directories and record files (docs/format.md sections 6-7). Keys, the
 * session key and the lock file are always owner-only, whatever the modes.
 *
 * @param directory the store and chain directories
 * @param file      a segment being written
 * @param readOnly  a closed (or compressed) segment
 */
public record FileModes(Set<PosixFilePermission> directory, Set<PosixFilePermission> file,
        Set<PosixFilePermission> readOnly) {

    /** {@code 0700}, {@code 0600}, {@code 0400}: the default. */
    public static final FileModes OWNER_ONLY = new FileModes(PosixFiles.DIRECTORY, PosixFiles.FILE,
            PosixFiles.READ_ONLY);

    /** {@code 0750}, {@code 0640}, {@code 0440}: records readable by the owner's group (auditors). */
    public static final FileModes GROUP_READABLE = new FileModes(PosixFilePermissions.fromString("rwxr-x---"),
            PosixFilePermissions.fromString("rw-r-----"), PosixFilePermissions.fromString("r--r-----"));

    /** Copies the sets. */
    public FileModes {
        directory = Set.copyOf(directory);
        file = Set.copyOf(file);
        readOnly = Set.copyOf(readOnly);
    }
}
