package io.govaudit.internal.format;

/**
 * Lowercase hexadecimal encoding of hashes. Stateless and thread-safe.
 */
public final class Hex {

    private static final byte[] DIGITS = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** 0 for the bytes {@code 0-9 a-f}, 1 for every other byte value. */
    private static final byte[] NOT_LOWER_HEX = notLowerHexTable();

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
        int diff = 0;
        for (int i = 0; i < expected.length; i++) {
            diff |= DIGITS[(expected[i] >> 4) & 0xF] ^ hex[offset + 2 * i];
            diff |= DIGITS[expected[i] & 0xF] ^ hex[offset + 2 * i + 1];
        }
        return diff == 0;
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
        // Table lookup without an early exit: hash digits mix 0-9 and a-f at random, so a
        // per-byte range test mispredicts about every other byte; this was the verifier's top
        // hotspot (benchmarks/README.md).
        int notHex = 0;
        for (int i = offset; i < offset + len; i++) {
            notHex |= NOT_LOWER_HEX[buf[i] & 0xFF];
        }
        return notHex == 0;
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
