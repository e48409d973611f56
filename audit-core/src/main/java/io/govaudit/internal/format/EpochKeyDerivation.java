package io.govaudit.internal.format;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The forward-secure key evolution of docs/format.md sections 3-5:
 * {@code k(e+1) = HMAC-SHA256(k(e), UTF-8 "govaudit-epoch")}, with {@code k(0)} the 32-byte seed.
 * Knowing {@code k(e)} gives every later key and no earlier one. Stateless and thread-safe.
 */
public final class EpochKeyDerivation {

    /** The JCA name of HMAC-SHA256. */
    public static final String HMAC = "HmacSHA256";

    private static final byte[] LABEL = "govaudit-epoch".getBytes(StandardCharsets.UTF_8);

    private EpochKeyDerivation() {
    }

    /**
     * Derives the next epoch's key.
     *
     * @param key the current key (not modified)
     * @return the next key
     */
    public static byte[] next(byte[] key) {
        Mac mac = newMac(key);
        return mac.doFinal(LABEL);
    }

    /**
     * Derives the key of epoch {@code epoch} from the seed.
     *
     * @param seed  k(0)
     * @param epoch the epoch wanted, not negative
     * @return k(epoch)
     */
    public static byte[] keyOf(byte[] seed, long epoch) {
        byte[] key = seed.clone();
        for (long e = 0; e < epoch; e++) {
            byte[] next = next(key);
            Arrays.fill(key, (byte) 0);
            key = next;
        }
        return key;
    }

    static Mac newMac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HMAC-SHA256", e);
        }
    }
}
