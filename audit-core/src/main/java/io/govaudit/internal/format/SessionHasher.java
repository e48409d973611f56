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
        return hash(rawSession, 16);
    }

    /**
     * Returns a truncated keyed hash of a value.
     *
     * @param value the value, hashed as UTF-8
     * @param bytes how many leading bytes of the HMAC to keep, 1 to 32
     * @return {@code 2 * bytes} lowercase hex characters
     */
    public String hash(String value, int bytes) {
        byte[] mac = macs.get().doFinal(value.getBytes(StandardCharsets.UTF_8));
        return Hex.toHex(Arrays.copyOf(mac, bytes));
    }

    /**
     * Derives a hasher for another purpose, so that its hashes cannot be compared with session
     * hashes: its key is {@code HMAC-SHA256(this key, UTF-8 purpose)}.
     *
     * @param purpose a fixed label, e.g. {@code govaudit-personal-data}
     * @return a hasher under the derived key
     */
    public SessionHasher derive(String purpose) {
        byte[] derived = macs.get().doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        try {
            return new SessionHasher(derived);
        } finally {
            Arrays.fill(derived, (byte) 0);
        }
    }
}
