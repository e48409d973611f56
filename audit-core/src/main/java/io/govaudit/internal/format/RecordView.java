package io.govaudit.internal.format;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.time.Instant;

/**
 * Reads the chain members of one stored line in place, without decoding the whole JSON object:
 * the fixed member order of {@link RecordFormat} puts {@code v, chain, seq, ts, type} at the
 * start and {@code prev, hash} at fixed offsets from the end. This keeps verification at hash
 * speed (DESIGN.md section 7).
 *
 * <p>Not thread-safe: a reader reuses one view for every line.
 */
public final class RecordView {

    private static final byte[] V_OPEN = "{\"v\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHAIN_OPEN = ",\"chain\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEQ_OPEN = "\",\"seq\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TS_OPEN = ",\"ts\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TYPE_OPEN = "\",\"type\":\"".getBytes(StandardCharsets.US_ASCII);

    /** Shape of a timestamp: {@code 9} stands for a digit, anything else for itself. */
    private static final byte[] TS_SHAPE = "9999-99-99T99:99:99.999999Z".getBytes(StandardCharsets.US_ASCII);

    /** Little-endian {@code long} view of a byte array: byte {@code i} of a word is bits {@code 8i..8i+7}. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A_0A0A_0A0A_0A0AL;
    private static final long LOW_BITS = 0x0101_0101_0101_0101L;
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;
    private static final long LOW_7_BITS = 0x7F7F_7F7F_7F7F_7F7FL;
    /** Big-endian {@code long} view: comparing two such words unsigned is comparing their 8 bytes in order. */
    private static final VarHandle BIG_ENDIAN_LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    /** Where the four (overlapping) little-endian words that cover a timestamp start. */
    private static final int[] TS_WORDS = {0, 8, 16, Timestamps.LENGTH - 8};
    /** Per word of {@link #TS_WORDS}: bit 7 set in each byte where {@link #TS_SHAPE} has a digit. */
    private static final long[] TS_DIGITS = new long[TS_WORDS.length];
    /** Per word: {@code 0xFF} in each byte where {@link #TS_SHAPE} has a literal character. */
    private static final long[] TS_LITERAL_MASKS = new long[TS_WORDS.length];
    /** Per word: the literal characters of {@link #TS_SHAPE}, 0 elsewhere. */
    private static final long[] TS_LITERALS = new long[TS_WORDS.length];

    static {
        for (int w = 0; w < TS_WORDS.length; w++) {
            for (int k = 0; k < Long.BYTES; k++) {
                byte shape = TS_SHAPE[TS_WORDS[w] + k];
                if (shape == '9') {
                    TS_DIGITS[w] |= 0x80L << (8 * k);
                } else {
                    TS_LITERAL_MASKS[w] |= 0xFFL << (8 * k);
                    TS_LITERALS[w] |= (shape & 0xFFL) << (8 * k);
                }
            }
        }
    }

    private byte[] buf;
    private final byte[] checkedDate = new byte[10];
    /** The digest of the last {@link #hashValid} call, reused so that no array is allocated per record. */
    private final byte[] digest = new byte[32];
    /** The last type decoded by {@link #type()}, its bytes and length (-1: none yet). */
    private String lastType;
    private final byte[] lastTypeBytes = new byte[64];
    private int lastTypeLen = -1;
    private int start;
    private int end;
    private int version;
    private int chainAt;
    private int chainLen;
    private long seq;
    private int tsAt;
    private int typeAt;
    private int typeLen;
    private long ep;
    private String error;

    /**
     * Parses one line (without its {@code \n}).
     *
     * @param buffer the bytes
     * @param offset the start of the line
     * @param length the length of the line
     * @return true if the line has the record structure; otherwise {@link #error()} says why
     */
    public boolean parse(byte[] buffer, int offset, int length) {
        this.buf = buffer;
        this.start = offset;
        this.end = offset + length;
        this.error = null;
        this.version = -1;
        int at = expect(start, V_OPEN, "does not start with {\"v\":");
        if (at < 0) {
            return false;
        }
        int digits = 0;
        int v = 0;
        while (at < end && buf[at] >= '0' && buf[at] <= '9' && digits < 9) {
            v = v * 10 + (buf[at++] - '0');
            digits++;
        }
        if (digits == 0) {
            return fail("member v is not a number");
        }
        version = v;
        if (v != RecordFormat.FORMAT_VERSION) {
            return fail("format version " + v + " is not supported (this verifier reads version "
                    + RecordFormat.FORMAT_VERSION + ")");
        }
        at = expect(at, CHAIN_OPEN, "member chain missing after v");
        if (at < 0) {
            return false;
        }
        chainAt = at;
        while (at < end && buf[at] != '"') {
            at++;
        }
        chainLen = at - chainAt;
        if (chainLen < 1 || chainLen > 64) {
            return fail("member chain is empty or too long");
        }
        at = expect(at, SEQ_OPEN, "member seq missing after chain");
        if (at < 0) {
            return false;
        }
        long s = 0;
        int seqDigits = 0;
        while (at < end && buf[at] >= '0' && buf[at] <= '9') {
            s = s * 10 + (buf[at++] - '0');
            if (++seqDigits > 18) {
                return fail("member seq is too large");
            }
        }
        if (seqDigits == 0 || s == 0 || (seqDigits > 1 && buf[at - seqDigits] == '0')) {
            return fail("member seq is not a positive integer without leading zeros");
        }
        seq = s;
        at = expect(at, TS_OPEN, "member ts missing after seq");
        if (at < 0) {
            return false;
        }
        tsAt = at;
        at += Timestamps.LENGTH;
        if (at > end || !validTs()) {
            return fail("member ts is not a valid UTC time yyyy-MM-ddTHH:mm:ss.SSSSSSZ");
        }
        at = expect(at, TYPE_OPEN, "member type missing after ts");
        if (at < 0) {
            return false;
        }
        typeAt = at;
        while (at < end && buf[at] != '"') {
            at++;
        }
        typeLen = at - typeAt;
        if (typeLen < 1 || typeLen > 64) {
            return fail("member type is empty or too long");
        }
        return checkSuffix(at);
    }

    /**
     * Checks the timestamp's shape and ranges, so that {@link #ts()} cannot fail on a record that
     * parsed. The calendar check (days per month) runs only when the date differs from the last
     * one checked, which for a real chain is about once per day of records.
     */
    private boolean validTs() {
        if (!tsShapeValid()) {
            return false;
        }
        if (number(11, 2) > 23 || number(14, 2) > 59 || number(17, 2) > 59) {
            return false;
        }
        if ((long) LONGS.get(buf, tsAt) == (long) LONGS.get(checkedDate, 0)
                && buf[tsAt + 8] == checkedDate[8] && buf[tsAt + 9] == checkedDate[9]) {
            return true; // same date as the last record checked
        }
        try {
            java.time.LocalDate.of(number(0, 4), number(5, 2), number(8, 2));
        } catch (java.time.DateTimeException e) {
            return false;
        }
        System.arraycopy(buf, tsAt, checkedDate, 0, 10);
        return true;
    }

    /**
     * The shape test of {@link #TS_SHAPE}, eight bytes at a time: per-byte tests with branches
     * were a tenth of the verifier's time outside hashing (benchmarks/README.md).
     */
    private boolean tsShapeValid() {
        long bad = 0;
        for (int w = 0; w < TS_WORDS.length; w++) {
            long word = (long) LONGS.get(buf, tsAt + TS_WORDS[w]);
            bad |= ~digits(word) & TS_DIGITS[w];
            bad |= (word ^ TS_LITERALS[w]) & TS_LITERAL_MASKS[w];
        }
        return bad == 0;
    }

    /**
     * Bit 7 set in each byte of {@code w} that is {@code 0-9}: on the low seven bits, adding
     * {@code 0x80 - c} sets bit 7 exactly when the byte is at least {@code c}, without a carry into
     * the next byte; a byte with bit 7 set itself is no digit.
     */
    private static long digits(long w) {
        long low = w & LOW_7_BITS;
        return (low + (0x80 - '0') * LOW_BITS) & ~(low + (0x80 - '9' - 1) * LOW_BITS) & ~w & HIGH_BITS;
    }

    private int number(int from, int digits) {
        int n = 0;
        for (int i = 0; i < digits; i++) {
            n = n * 10 + (buf[tsAt + from + i] - '0');
        }
        return n;
    }

    private boolean checkSuffix(int bodyAt) {
        int hashOpen = end - RecordFormat.HASH_SUFFIX_LENGTH;
        int prevOpen = hashOpen - RecordFormat.PREV_SUFFIX_LENGTH;
        if (prevOpen <= bodyAt) {
            return fail("line too short for prev and hash");
        }
        if (expect(hashOpen, RecordFormat.HASH_OPEN, "member hash is not last") < 0
                || buf[end - 2] != '"' || buf[end - 1] != '}') {
            return fail("line does not end with ,\"hash\":\"<64 hex>\"}");
        }
        if (expect(prevOpen, RecordFormat.PREV_OPEN, "member prev does not precede hash") < 0
                || buf[hashOpen - 1] != '"') {
            return fail("member prev does not precede hash");
        }
        if (!Hex.isLowerHex(buf, prevOpen + 9, 64) || !Hex.isLowerHex(buf, hashOpen + 9, 64)) {
            return fail("prev or hash is not 64 lowercase hex characters");
        }
        return parseEpoch(bodyAt, prevOpen);
    }

    /** Reads the optional {@code ep} member just before {@code prev} (keyed mode, DESIGN.md section 4). */
    private boolean parseEpoch(int bodyAt, int prevOpen) {
        ep = -1;
        int at = prevOpen;
        long value = 0;
        long scale = 1;
        while (at > bodyAt && buf[at - 1] >= '0' && buf[at - 1] <= '9' && scale <= 1_000_000_000_000L) {
            value += (buf[--at] - '0') * scale;
            scale *= 10;
        }
        int open = at - RecordFormat.EP_OPEN.length;
        if (at == prevOpen || open <= bodyAt || !java.util.Arrays.equals(buf, open, at, RecordFormat.EP_OPEN, 0,
                RecordFormat.EP_OPEN.length)) {
            return true; // plain record
        }
        if (prevOpen - at > 1 && buf[at] == '0') {
            return fail("member ep has a leading zero");
        }
        ep = value;
        return true;
    }

    /** @return the key epoch of a keyed record, or -1 for a plain record */
    public long ep() {
        return ep;
    }

    /**
     * Tells whether the stored hash is the HMAC-SHA256 of the line up to and including prev,
     * under the given key (keyed mode).
     *
     * @param mac a MAC initialised with the key of this record's epoch
     * @return true if the hash is valid
     */
    public boolean macValid(javax.crypto.Mac mac) {
        int pLength = end - start - RecordFormat.HASH_SUFFIX_LENGTH;
        mac.update(buf, start, pLength);
        return Hex.matches(mac.doFinal(), buf, end - 64 - 2);
    }

    private int expect(int at, byte[] literal, String message) {
        // A byte loop: Arrays.equals on ranges this short spent most of parse's time in its
        // set-up (benchmarks/README.md).
        if (at + literal.length > end) {
            fail(message);
            return -1;
        }
        for (int i = 0; i < literal.length; i++) {
            if (buf[at + i] != literal[i]) {
                fail(message);
                return -1;
            }
        }
        return at + literal.length;
    }

    private boolean fail(String message) {
        error = message;
        return false;
    }

    /**
     * Tells whether the stored hash is SHA-256 of the line up to and including prev.
     *
     * @param sha256 a digest to use (reset on return)
     * @return true if the hash is valid
     */
    public boolean hashValid(MessageDigest sha256) {
        int pLength = end - start - RecordFormat.HASH_SUFFIX_LENGTH;
        sha256.update(buf, start, pLength);
        try {
            sha256.digest(digest, 0, digest.length);
        } catch (DigestException e) {
            throw new IllegalArgumentException("not a SHA-256 digest: " + sha256.getAlgorithm(), e);
        }
        return Hex.matches(digest, buf, end - 64 - 2);
    }

    /**
     * Bit 7 set in the first byte of {@code word} that is {@code '\n'} (and possibly in bytes
     * after it), nothing set if none is: after the XOR newline bytes are 0, and the classic
     * zero-byte test has false positives only above a true zero byte, since a borrow can only
     * propagate upwards.
     */
    private static long newlines(long word) {
        long x = word ^ NEWLINES;
        return (x - LOW_BITS) & ~x & HIGH_BITS;
    }

    /**
     * Finds the next line end. Reads eight bytes at a time (SWAR): a byte-at-a-time loop scans
     * no faster than SHA-256 hashes, so the verifier, which must look at every byte twice (once
     * to find the line, once to hash it), could not get near hash speed with it
     * (benchmarks/README.md).
     *
     * @param bytes the buffer
     * @param from  the first index to look at
     * @param to    the end of the bytes to look at (exclusive)
     * @return the index of the first {@code '\n'} in {@code bytes[from, to)}, or -1
     */
    public static int indexOfNewline(byte[] bytes, int from, int to) {
        int i = from;
        // Two words per step, one branch: lines are hundreds of bytes long.
        for (; i <= to - 2 * Long.BYTES; i += 2 * Long.BYTES) {
            long first = newlines((long) LONGS.get(bytes, i));
            long second = newlines((long) LONGS.get(bytes, i + Long.BYTES));
            if ((first | second) != 0) {
                return first != 0 ? i + (Long.numberOfTrailingZeros(first) >>> 3)
                        : i + Long.BYTES + (Long.numberOfTrailingZeros(second) >>> 3);
            }
        }
        for (; i <= to - Long.BYTES; i += Long.BYTES) {
            long found = newlines((long) LONGS.get(bytes, i));
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Tells whether this record's prev equals the given hash, as stored hex.
     *
     * @param hashHex 64 hex bytes
     * @return true if equal
     */
    public boolean prevEquals(byte[] hashHex) {
        int prevAt = end - RecordFormat.HASH_SUFFIX_LENGTH - 64 - 1;
        long diff = 0;
        for (int i = 0; i < 64; i += Long.BYTES) {
            diff |= (long) LONGS.get(buf, prevAt + i) ^ (long) LONGS.get(hashHex, i);
        }
        return diff == 0;
    }

    /** @return this record's {@code prev}, as stored (64 lowercase hex characters) */
    public String prev() {
        int prevAt = end - RecordFormat.HASH_SUFFIX_LENGTH - 64 - 1;
        return new String(buf, prevAt, 64, StandardCharsets.US_ASCII);
    }

    /**
     * Copies this record's stored hash (64 hex bytes) into {@code out}.
     *
     * @param out at least 64 bytes
     */
    public void copyHash(byte[] out) {
        System.arraycopy(buf, end - 64 - 2, out, 0, 64);
    }

    /** @return why the last parse failed, or null */
    public String error() {
        return error;
    }

    /** @return the format version read, or -1 if none could be read */
    public int version() {
        return version;
    }

    /** @return the seq */
    public long seq() {
        return seq;
    }

    /** @return the chain id */
    public String chain() {
        return new String(buf, chainAt, chainLen, StandardCharsets.US_ASCII);
    }

    /**
     * Tells whether the chain member equals the given id.
     *
     * @param chainBytes the expected chain id in ASCII
     * @return true if equal
     */
    public boolean chainEquals(byte[] chainBytes) {
        if (chainBytes.length != chainLen) {
            return false;
        }
        for (int i = 0; i < chainLen; i++) {
            if (buf[chainAt + i] != chainBytes[i]) {
                return false;
            }
        }
        return true;
    }

    /** @return the type code */
    public String type() {
        // Consecutive records mostly share their type: reuse the string rather than decode and
        // allocate one per record.
        if (typeLen != lastTypeLen || !sameBytes(buf, typeAt, lastTypeBytes, typeLen)) {
            lastType = new String(buf, typeAt, typeLen, StandardCharsets.UTF_8);
            System.arraycopy(buf, typeAt, lastTypeBytes, 0, typeLen);
            lastTypeLen = typeLen;
        }
        return lastType;
    }

    private static boolean sameBytes(byte[] a, int offset, byte[] b, int length) {
        for (int i = 0; i < length; i++) {
            if (a[offset + i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Copies the 27 timestamp bytes into {@code out}.
     *
     * @param out at least 27 bytes
     */
    public void copyTs(byte[] out) {
        System.arraycopy(buf, tsAt, out, 0, Timestamps.LENGTH);
    }

    /**
     * Compares this record's timestamp with a stored one as strings, which for the fixed format
     * is chronological order.
     *
     * @param other 27 timestamp bytes
     * @return negative, zero or positive
     */
    public int compareTs(byte[] other) {
        // Big-endian words compared unsigned order like their bytes: 0..7, 8..15, 16..23, then
        // 19..26, whose first five bytes are equal by then.
        for (int w = 0; w < TS_WORDS.length; w++) {
            int c = Long.compareUnsigned((long) BIG_ENDIAN_LONGS.get(buf, tsAt + TS_WORDS[w]),
                    (long) BIG_ENDIAN_LONGS.get(other, TS_WORDS[w]));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** @return the timestamp */
    public Instant ts() {
        return Timestamps.parse(new String(buf, tsAt, Timestamps.LENGTH, StandardCharsets.US_ASCII));
    }
}
