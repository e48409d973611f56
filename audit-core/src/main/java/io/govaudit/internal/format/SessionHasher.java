package io.govaudit.internal.format;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes the {@code actor.session} member: HMAC-SHA256 of the raw session id under a key kept
 * beside the store (never in a record), truncated to 128 bits. Records of one session can be
 * correlated; the session token itself cannot be recovered or replayed from the log.
 *
 * <p>Thread-safe: a {@link Mac} per thread.
 */
public final class SessionHasher {

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    /**
     * Creates a hasher.
     *
     * @param keyBytes 32 random bytes
     */
    public SessionHasher(byte[] keyBytes) {
        this.key = new SecretKeySpec(Arrays.copyOf(keyBytes, keyBytes.length), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    /**
     * Returns the keyed hash of a session id.
     *
     * @param rawSession the session id
     * @return 32 lowercase hex characters
     */
    public String hash(String rawSession) {
        byte[] mac = macs.get().doFinal(rawSession.getBytes(StandardCharsets.UTF_8));
        return Hex.toHex(Arrays.copyOf(mac, 16));
    }
}
