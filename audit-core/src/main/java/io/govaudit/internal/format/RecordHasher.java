package io.govaudit.internal.format;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes a record's {@code hash} over its prefix P (DESIGN.md section 2): SHA-256 in plain mode,
 * HMAC-SHA256 under the current epoch's key in keyed mode (section 4). The JDK's implementations
 * are used: they use the CPU's SHA instructions and measured several times faster than
 * BouncyCastle's here.
 *
 * <p>Not thread-safe: one instance per writer or verifier.
 */
public abstract sealed class RecordHasher {

    /** @return a plain SHA-256 hasher */
    public static RecordHasher plain() {
        return new Plain();
    }

    /**
     * Returns a keyed hasher.
     *
     * @param epoch the epoch of {@code key}
     * @param key   the 32-byte epoch key; copied
     * @return the hasher
     */
    public static Keyed keyed(long epoch, byte[] key) {
        return new Keyed(epoch, key);
    }

    /** @return the epoch written in {@code ep}, or -1 in plain mode (no {@code ep} member) */
    public abstract long epoch();

    /**
     * Hashes {@code length} bytes.
     *
     * @param bytes  the buffer
     * @param offset start of P
     * @param length length of P
     * @return the 32-byte hash
     */
    public abstract byte[] hash(byte[] bytes, int offset, int length);

    private static final class Plain extends RecordHasher {
        private final MessageDigest sha256 = RecordFormat.sha256();

        @Override
        public long epoch() {
            return -1;
        }

        @Override
        public byte[] hash(byte[] bytes, int offset, int length) {
            sha256.update(bytes, offset, length);
            return sha256.digest();
        }
    }

    /** HMAC-SHA256 under one epoch key at a time; {@link #advance} moves to the next epoch. */
    public static final class Keyed extends RecordHasher {
        private final Mac mac;
        private long epoch;

        private Keyed(long epoch, byte[] key) {
            this.mac = EpochKeyDerivation.newMac(key);
            this.epoch = epoch;
        }

        @Override
        public long epoch() {
            return epoch;
        }

        @Override
        public byte[] hash(byte[] bytes, int offset, int length) {
            mac.update(bytes, offset, length);
            return mac.doFinal();
        }

        /**
         * Switches to a new epoch key (the caller derived it and erases its copy).
         *
         * @param nextEpoch the new epoch
         * @param nextKey   its key
         */
        public void advance(long nextEpoch, byte[] nextKey) {
            try {
                mac.init(new SecretKeySpec(nextKey, EpochKeyDerivation.HMAC));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HMAC-SHA256 rejected a 32-byte key", e);
            }
            epoch = nextEpoch;
        }
    }
}
