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
     * Returns the store's session key, creating it if absent.
     *
     * @param storeDir the store directory (exists)
     * @return 32 key bytes
     * @throws IOException if the key cannot be read or created
     */
    public static byte[] loadOrCreate(Path storeDir) throws IOException {
        Path file = storeDir.resolve(SegmentNames.SESSION_KEY_FILE);
        if (!Files.exists(file)) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            byte[] hex = HexFormat.of().formatHex(key).getBytes(StandardCharsets.US_ASCII);
            try (FileChannel out = PosixFiles.openForWrite(file, StandardOpenOption.CREATE_NEW)) {
                out.write(ByteBuffer.wrap(hex));
                out.force(true);
                PosixFiles.forceDirectory(storeDir);
                return key;
            } catch (FileAlreadyExistsException raced) {
                // another writer of the same store created it first: use theirs
            }
        }
        String hex = Files.readString(file, StandardCharsets.US_ASCII).trim();
        if (hex.length() != 64) {
            throw new IOException("session key file " + file + " must hold 64 hex characters");
        }
        return HexFormat.of().parseHex(hex);
    }
}
