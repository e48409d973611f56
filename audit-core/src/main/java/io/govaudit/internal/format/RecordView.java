package io.govaudit.internal.format;

import java.nio.charset.StandardCharsets;
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

    private byte[] buf;
    private final byte[] checkedDate = new byte[10];
    private int start;
    private int end;
    private int version;
    private int chainAt;
    private int chainLen;
    private long seq;
    private int tsAt;
    private int typeAt;
    private int typeLen;
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
        for (int i = 0; i < Timestamps.LENGTH; i++) {
            byte b = buf[tsAt + i];
            byte shape = TS_SHAPE[i];
            if (shape == '9' ? b < '0' || b > '9' : b != shape) {
                return false;
            }
        }
        if (number(11, 2) > 23 || number(14, 2) > 59 || number(17, 2) > 59) {
            return false;
        }
        if (java.util.Arrays.equals(buf, tsAt, tsAt + 10, checkedDate, 0, 10)) {
            return true;
        }
        try {
            java.time.LocalDate.of(number(0, 4), number(5, 2), number(8, 2));
        } catch (java.time.DateTimeException e) {
            return false;
        }
        System.arraycopy(buf, tsAt, checkedDate, 0, 10);
        return true;
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
        return true;
    }

    private int expect(int at, byte[] literal, String message) {
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
        return Hex.matches(sha256.digest(), buf, end - 64 - 2);
    }

    /**
     * Tells whether this record's prev equals the given hash, as stored hex.
     *
     * @param hashHex 64 hex bytes
     * @return true if equal
     */
    public boolean prevEquals(byte[] hashHex) {
        int prevAt = end - RecordFormat.HASH_SUFFIX_LENGTH - 64 - 1;
        for (int i = 0; i < 64; i++) {
            if (buf[prevAt + i] != hashHex[i]) {
                return false;
            }
        }
        return true;
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
        return new String(buf, typeAt, typeLen, StandardCharsets.UTF_8);
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
        return java.util.Arrays.compare(buf, tsAt, tsAt + Timestamps.LENGTH, other, 0, Timestamps.LENGTH);
    }

    /** @return the timestamp */
    public Instant ts() {
        return Timestamps.parse(new String(buf, tsAt, Timestamps.LENGTH, StandardCharsets.US_ASCII));
    }
}
