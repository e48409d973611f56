package io.govaudit.internal.format;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Lowercase hexadecimal encoding of hashes. Stateless and thread-safe.
 *
 * <p>The checks the verifier makes on every record ({@link #isLowerHex}, {@link #matches}) work on
 * eight characters at a time in a {@code long} (SWAR): a hash mixes digits and letters at random,
 * so per-character branches mispredict, and table lookups cost a load per character
 * (benchmarks/README.md).
 */
public final class Hex {

    private static final byte[] DIGITS = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** 0 for the bytes {@code 0-9 a-f}, 1 for every other byte value. */
    private static final byte[] NOT_LOWER_HEX = notLowerHexTable();

    /** Little-endian {@code long} view of a byte array: byte {@code i} of a word is bits {@code 8i..8i+7}. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;
    private static final long LOW_7_BITS = 0x7F7F_7F7F_7F7F_7F7FL;
    private static final long ONES = 0x0101_0101_0101_0101L;
    /** Per byte value: its two lowercase hex characters, the first in the low byte. */
    private static final short[] HEX_PAIRS = hexPairs();

    private Hex() {
    }

    /**
     * Writes {@code 2 * bytes.length} lowercase hex characters into {@code out} at {@code offset}.
     *
     * @param bytes  the bytes to encode
     * @param out    the destination
     * @param offset where to start writing
     */
    public static void encode(byte[] bytes, byte[] out, int offset) {
        for (int i = 0; i < bytes.length; i++) {
            out[offset + 2 * i] = DIGITS[(bytes[i] >> 4) & 0xF];
            out[offset + 2 * i + 1] = DIGITS[bytes[i] & 0xF];
        }
    }

    /**
     * Returns the lowercase hex string of the bytes.
     *
     * @param bytes the bytes
     * @return the hex string
     */
    public static String toHex(byte[] bytes) {
        byte[] out = new byte[bytes.length * 2];
        encode(bytes, out, 0);
        return new String(out, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * Decodes lowercase hex.
     *
     * @param hex an even number of {@code 0-9 a-f}
     * @return the bytes
     * @throws IllegalArgumentException if {@code hex} is not lowercase hex of even length
     */
    public static byte[] decode(String hex) {
        byte[] text = hex.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (text.length % 2 != 0 || !isLowerHex(text, 0, text.length)) {
            throw new IllegalArgumentException("not lowercase hex of even length");
        }
        byte[] out = new byte[text.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (Character.digit(text[2 * i], 16) << 4 | Character.digit(text[2 * i + 1], 16));
        }
        return out;
    }

    /**
     * Tells whether {@code len} bytes from {@code offset} are the lowercase hex encoding of
     * {@code expected}.
     *
     * @param expected the raw bytes
     * @param hex      the buffer holding hex characters
     * @param offset   the start of the hex characters
     * @return true if they match exactly (lowercase only)
     */
    public static boolean matches(byte[] expected, byte[] hex, int offset) {
        long diff = 0;
        int i = 0;
        for (; i + 4 <= expected.length; i += 4) {
            diff |= encode4(expected, i) ^ (long) LONGS.get(hex, offset + 2 * i);
        }
        for (; i < expected.length; i++) {
            diff |= DIGITS[(expected[i] >> 4) & 0xF] ^ hex[offset + 2 * i];
            diff |= DIGITS[expected[i] & 0xF] ^ hex[offset + 2 * i + 1];
        }
        return diff == 0;
    }

    /** The eight hex characters of {@code bytes[at..at+3]}, as they read from a little-endian {@code long}. */
    private static long encode4(byte[] bytes, int at) {
        // One table load per byte (its two characters): spreading nibbles with shifts and
        // adding the letter offset in the word cost about twice as much (benchmarks/README.md).
        return (HEX_PAIRS[bytes[at] & 0xFF] & 0xFFFFL)
                | (HEX_PAIRS[bytes[at + 1] & 0xFF] & 0xFFFFL) << 16
                | (HEX_PAIRS[bytes[at + 2] & 0xFF] & 0xFFFFL) << 32
                | (HEX_PAIRS[bytes[at + 3] & 0xFF] & 0xFFFFL) << 48;
    }

    private static short[] hexPairs() {
        short[] pairs = new short[256];
        for (int b = 0; b < 256; b++) {
            pairs[b] = (short) (DIGITS[b >> 4] | DIGITS[b & 0xF] << 8); // first character in the low byte
        }
        return pairs;
    }

    /**
     * Tells whether {@code len} bytes from {@code offset} are all lowercase hex digits.
     *
     * @param buf    the buffer
     * @param offset the start
     * @param len    how many bytes
     * @return true if every byte is one of {@code 0-9 a-f}
     */
    public static boolean isLowerHex(byte[] buf, int offset, int len) {
        // No early exit and no per-byte branch: hash digits mix 0-9 and a-f at random, so a
        // per-byte range test mispredicts about every other byte; this was the verifier's top
        // hotspot (benchmarks/README.md).
        int end = offset + len;
        long notHex = 0;
        int i = offset;
        for (; i <= end - Long.BYTES; i += Long.BYTES) {
            notHex |= notLowerHex8((long) LONGS.get(buf, i));
        }
        for (; i < end; i++) {
            notHex |= NOT_LOWER_HEX[buf[i] & 0xFF];
        }
        return notHex == 0;
    }

    /**
     * Zero if all eight bytes of {@code w} are one of {@code 0-9 a-f}. Each byte is tested on its
     * low seven bits (adding {@code 0x80 - c} sets bit 7 exactly when the byte is at least
     * {@code c}, without a carry into the next byte) and must not have bit 7 set itself.
     */
    private static long notLowerHex8(long w) {
        long low = w & LOW_7_BITS;
        long atLeast0 = low + (0x80 - '0') * ONES;
        long above9 = low + (0x80 - '9' - 1) * ONES;
        long atLeastA = low + (0x80 - 'a') * ONES;
        long aboveF = low + (0x80 - 'f' - 1) * ONES;
        long hex = (atLeast0 & ~above9 | atLeastA & ~aboveF) & ~w & HIGH_BITS;
        return hex ^ HIGH_BITS;
    }

    private static byte[] notLowerHexTable() {
        byte[] table = new byte[256];
        java.util.Arrays.fill(table, (byte) 1);
        for (byte digit : DIGITS) {
            table[digit] = 0;
        }
        return table;
    }
}
