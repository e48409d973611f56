package io.govaudit.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Loads, or creates on first use, the store's key for hashing session ids
 * ({@value SegmentNames#SESSION_KEY_FILE}, 64 hex characters, 0600). Thread-safe.
 */
public final class SessionKeys {

    private SessionKeys() {
    }

    /**
     * Returns a key for this run only, for stores without a local state directory: session ids
     * stay hashed, but their hashes cannot be linked across runs.
     *
     * @return 32 random key bytes
     */
    public static byte[] ephemeral() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    /**
     * Returns the store's session key, creating it if absent.
     *
     * @param storeDir the store directory (exists)
     * @return 32 key bytes
     * @throws IOException if the key cannot be read or created
     */
    public static byte[] loadOrCreate(Path storeDir) throws IOException {
        Path file = storeDir.resolve(SegmentNames.SESSION_KEY_FILE);
        if (!Files.exists(file)) {
            byte[] key = create(storeDir, file);
            if (key != null) {
                return key;
            }
        } else {
            removeAbandonedTemporaries(storeDir);
        }
        String hex = Files.readString(file, StandardCharsets.US_ASCII).trim();
        if (hex.length() != 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IOException("session key file " + file + " must hold 64 hex characters");
        }
        return HexFormat.of().parseHex(hex);
    }

    /**
     * Deletes the temporary files of key creations a crash interrupted. Runs only once the key
     * exists: an opener still creating one then fails to link it and reads the existing key.
     */
    private static void removeAbandonedTemporaries(Path storeDir) throws IOException {
        try (java.nio.file.DirectoryStream<Path> temporaries = Files.newDirectoryStream(storeDir,
                SegmentNames.SESSION_KEY_FILE + ".*.tmp")) {
            for (Path tmp : temporaries) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * Writes a new key to a temporary file, forces it, then links it into place: the key file
     * appears complete or not at all, so a concurrent opener never reads it half-written, and
     * the link fails rather than replace a key another opener created first (STYLE.md S26).
     *
     * @return the new key, or null if another opener created the key file first
     */
    private static byte[] create(Path storeDir, Path file) throws IOException {
        SecureRandom random = new SecureRandom();
        byte[] key = new byte[32];
        random.nextBytes(key);
        byte[] hex = HexFormat.of().formatHex(key).getBytes(StandardCharsets.US_ASCII);
        Path tmp = storeDir.resolve(SegmentNames.SESSION_KEY_FILE + "." + Long.toHexString(random.nextLong()) + ".tmp");
        try {
            try (FileChannel out = PosixFiles.openForWrite(tmp, StandardOpenOption.CREATE_NEW)) {
                out.write(ByteBuffer.wrap(hex));
                out.force(true);
            }
            Files.createLink(file, tmp);
        } catch (FileAlreadyExistsException | java.nio.file.NoSuchFileException raced) {
            // another opener created the key first (and may have removed this temporary file as
            // abandoned): use theirs
            return null;
        } finally {
            Files.deleteIfExists(tmp);
        }
        PosixFiles.forceDirectory(storeDir);
        return key;
    }
}
