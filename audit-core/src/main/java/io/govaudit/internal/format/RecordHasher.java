package io.govaudit.internal.format;

import java.security.DigestException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes a record's {@code hash} and, in keyed mode, its {@code mac} ({@link RecordFormat},
 * docs/format.md): the hash is SHA-256 over P in every mode, so anyone can check it; the mac is
 * HMAC-SHA256 over M under the current epoch's key (docs/format.md sections 3-5). The JDK's
 * implementations are used: they use the CPU's SHA instructions and measured several times faster
 * than BouncyCastle's here.
 *
 * <p>Cost: one SHA-256 per record, plus one HMAC per keyed record. The SHA-256 is written into a
 * reused array; the JDK's HMAC allocates its result (as version 1's keyed hash did), so a keyed
 * record costs no more allocations than before.
 *
 * <p>Not thread-safe: one instance per writer or verifier.
 */
public abstract sealed class RecordHasher {

    private final MessageDigest sha256 = RecordFormat.sha256();
    private final byte[] digest = new byte[32];

    /** @return a plain hasher: SHA-256 hashes, no {@code ep} and no {@code mac} */
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

    /** @return the epoch written in {@code ep}, or -1 in plain mode (no {@code ep} and no {@code mac}) */
    public abstract long epoch();

    /**
     * Computes the SHA-256 hash of {@code length} bytes (the record's P).
     *
     * @param bytes  the buffer
     * @param offset start of P
     * @param length length of P
     * @return the 32-byte hash, in an array reused by the next call
     */
    public final byte[] hash(byte[] bytes, int offset, int length) {
        sha256.update(bytes, offset, length);
        try {
            sha256.digest(digest, 0, digest.length);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 digest does not fit 32 bytes", e);
        }
        return digest;
    }

    /**
     * Computes the epoch MAC of {@code length} bytes (the record's M), in keyed mode only.
     *
     * @param bytes  the buffer
     * @param offset start of M
     * @param length length of M
     * @return the 32-byte HMAC-SHA256 under the current epoch's key
     * @throws IllegalStateException in plain mode
     */
    public abstract byte[] mac(byte[] bytes, int offset, int length);

    private static final class Plain extends RecordHasher {
        @Override
        public long epoch() {
            return -1;
        }

        @Override
        public byte[] mac(byte[] bytes, int offset, int length) {
            throw new IllegalStateException("a plain chain has no epoch key");
        }
    }

    /** SHA-256 hashes and HMAC-SHA256 MACs under one epoch key at a time; {@link #advance} moves to the next epoch. */
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
        public byte[] mac(byte[] bytes, int offset, int length) {
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
