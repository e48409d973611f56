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
 * start and {@code prev, mac, hash} at fixed offsets from the end. This keeps verification at
 * hash speed (docs/format.md section 9). Versions 1 and 2 are read; only version 2 has a {@code mac}.
 *
 * <p>Not thread-safe: a reader reuses one view for every line.
 */
public final class RecordView {

    private static final byte[] V_OPEN = "{\"v\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHAIN_OPEN = ",\"chain\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEQ_OPEN = "\",\"seq\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TS_OPEN = ",\"ts\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TYPE_OPEN = "\",\"type\":\"".getBytes(StandardCharsets.US_ASCII);

    /** The literals as little-endian words: first and last eight (or four) bytes, overlapping. */
    private static final long CHAIN_OPEN_FIRST = word(CHAIN_OPEN, 0);
    private static final long CHAIN_OPEN_LAST = word(CHAIN_OPEN, CHAIN_OPEN.length - 8);
    private static final long SEQ_OPEN_WORD = word(SEQ_OPEN, 0);
    private static final long TYPE_OPEN_FIRST = word(TYPE_OPEN, 0);
    private static final long TYPE_OPEN_LAST = word(TYPE_OPEN, TYPE_OPEN.length - 8);
    private static final int V_OPEN_FIRST = quarter(V_OPEN, 0);
    private static final int V_OPEN_LAST = quarter(V_OPEN, V_OPEN.length - 4);
    private static final int TS_OPEN_FIRST = quarter(TS_OPEN, 0);
    private static final int TS_OPEN_LAST = quarter(TS_OPEN, TS_OPEN.length - 4);
    private static final long HASH_OPEN_FIRST = word(RecordFormat.HASH_OPEN, 0);
    private static final long HASH_OPEN_LAST = word(RecordFormat.HASH_OPEN, RecordFormat.HASH_OPEN.length - 8);
    private static final long PREV_OPEN_FIRST = word(RecordFormat.PREV_OPEN, 0);
    private static final long PREV_OPEN_LAST = word(RecordFormat.PREV_OPEN, RecordFormat.PREV_OPEN.length - 8);
    private static final long MAC_OPEN_WORD = word(RecordFormat.MAC_OPEN, 0);

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

    /** Little-endian {@code int} view of a byte array. */
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /** Used by the literal constants, which are initialised before {@link #LONGS} and {@link #INTS}. */
    private static long word(byte[] bytes, int at) {
        return (long) MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN).get(bytes, at);
    }

    private static int quarter(byte[] bytes, int at) {
        return (int) MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN).get(bytes, at);
    }

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
    /** The chain id of the last line that had one (-1: none yet), to recognise it without a scan. */
    private final byte[] lastChainBytes = new byte[64];
    private int lastChainLen = -1;
    /** Whether the last parse left the hex of prev and hash unchecked ({@link #parseDeferringHex}). */
    private boolean hexPending;
    /** Whether this line's type is known to be {@link #lastType}, and its chain the last one compared. */
    private boolean typeIsLast;
    private boolean chainIsLast;
    /** The last argument of {@link #chainEquals} and the answer for the chain of {@link #lastChainBytes}. */
    private byte[] lastChainArg;
    private boolean lastChainAnswer;
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
    /** Where the prev value starts, and where the mac member starts (-1: none). */
    private int prevAt;
    private int macOpen;
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
        return parse(buffer, offset, length, false);
    }

    /**
     * Like {@link #parse(byte[], int, int)}, but leaves the test that prev and hash are lowercase
     * hex to {@link #hexValid}: a hash that matches its computed digest, and a prev that equals a
     * hash already accepted, are lowercase hex without looking at them again. A structure error
     * found by this parse is the one {@code parse} would report.
     *
     * @param buffer the bytes
     * @param offset the start of the line
     * @param length the length of the line
     * @return true if the line has the record structure, hex of prev and hash aside
     */
    public boolean parseDeferringHex(byte[] buffer, int offset, int length) {
        return parse(buffer, offset, length, true);
    }

    /**
     * Completes {@link #parseDeferringHex}: tells whether prev and hash are lowercase hex, and if
     * not, sets {@link #error()} to what {@code parse} would have said.
     *
     * @param hashMatched true if the stored hash is known to equal a computed digest's hex
     * @param prevMatched true if the stored prev is known to equal a lowercase hex hash
     * @return true if both are lowercase hex
     */
    public boolean hexValid(boolean hashMatched, boolean prevMatched) {
        if (!hexPending) {
            return true;
        }
        hexPending = false;
        if ((!prevMatched && !Hex.isLowerHex(buf, prevAt, 64))
                || (!hashMatched && !Hex.isLowerHex(buf, end - 64 - 2, 64))) {
            return fail(HEX_ERROR);
        }
        return true;
    }

    private static final String HEX_ERROR = "prev or hash is not 64 lowercase hex characters";

    private boolean parse(byte[] buffer, int offset, int length, boolean deferHex) {
        this.hexPending = false;
        this.typeIsLast = false;
        this.chainIsLast = false;
        this.buf = buffer;
        this.start = offset;
        this.end = offset + length;
        this.error = null;
        this.version = -1;
        this.ep = -1;
        this.macOpen = -1;
        int at = start;
        if (at + V_OPEN.length > end || (int) INTS.get(buf, at) != V_OPEN_FIRST
                || (int) INTS.get(buf, at + V_OPEN.length - 4) != V_OPEN_LAST) {
            return fail("does not start with {\"v\":");
        }
        at += V_OPEN.length;
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
        if (!RecordFormat.readable(v)) {
            return fail("format version " + v + " is not supported (this verifier reads versions "
                    + RecordFormat.OLDEST_READABLE_VERSION + " to " + RecordFormat.FORMAT_VERSION + ")");
        }
        if (at + CHAIN_OPEN.length > end || (long) LONGS.get(buf, at) != CHAIN_OPEN_FIRST
                || (long) LONGS.get(buf, at + CHAIN_OPEN.length - 8) != CHAIN_OPEN_LAST) {
            return fail("member chain missing after v");
        }
        at += CHAIN_OPEN.length;
        chainAt = at;
        // Lines of a chain name their chain: recognise the last id without scanning for its end
        // (its bytes hold no quote, so the quote after them is the first).
        if (lastChainLen > 0 && at + lastChainLen < end && buf[at + lastChainLen] == '"'
                && sameBytes(buf, at, lastChainBytes, lastChainLen)) {
            at += lastChainLen;
            chainIsLast = true;
        } else {
            lastChainArg = null;
            while (at < end && buf[at] != '"') {
                at++;
            }
            if (at - chainAt >= 1 && at - chainAt <= 64) {
                System.arraycopy(buf, chainAt, lastChainBytes, 0, at - chainAt);
                lastChainLen = at - chainAt;
            }
        }
        chainLen = at - chainAt;
        if (chainLen < 1 || chainLen > 64) {
            return fail("member chain is empty or too long");
        }
        if (at + SEQ_OPEN.length > end || (long) LONGS.get(buf, at) != SEQ_OPEN_WORD) {
            return fail("member seq missing after chain");
        }
        at += SEQ_OPEN.length;
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
        if (at + TS_OPEN.length > end || (int) INTS.get(buf, at) != TS_OPEN_FIRST
                || (int) INTS.get(buf, at + TS_OPEN.length - 4) != TS_OPEN_LAST) {
            return fail("member ts missing after seq");
        }
        at += TS_OPEN.length;
        tsAt = at;
        at += Timestamps.LENGTH;
        if (at > end || !validTs()) {
            return fail("member ts is not a valid UTC time yyyy-MM-ddTHH:mm:ss.SSSSSSZ");
        }
        if (at + TYPE_OPEN.length > end || (long) LONGS.get(buf, at) != TYPE_OPEN_FIRST
                || (long) LONGS.get(buf, at + TYPE_OPEN.length - 8) != TYPE_OPEN_LAST) {
            return fail("member type missing after ts");
        }
        at += TYPE_OPEN.length;
        typeAt = at;
        // As for the chain: consecutive records mostly share their type.
        if (lastTypeLen > 0 && at + lastTypeLen < end && buf[at + lastTypeLen] == '"'
                && sameBytes(buf, at, lastTypeBytes, lastTypeLen)) {
            at += lastTypeLen;
            typeIsLast = lastType != null;
        } else {
            while (at < end && buf[at] != '"') {
                at++;
            }
        }
        typeLen = at - typeAt;
        if (typeLen < 1 || typeLen > 64) {
            return fail("member type is empty or too long");
        }
        return checkSuffix(at, deferHex);
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

    private boolean checkSuffix(int bodyAt, boolean deferHex) {
        int hashOpen = end - RecordFormat.HASH_SUFFIX_LENGTH;
        macOpen = findMac(bodyAt, hashOpen);
        int prevClose = macOpen >= 0 ? macOpen : hashOpen;
        int prevOpen = prevClose - RecordFormat.PREV_SUFFIX_LENGTH;
        prevAt = prevOpen + 9;
        if (prevOpen <= bodyAt) {
            return fail("line too short for prev and hash");
        }
        // both literals are nine bytes: two overlapping words each (prevOpen > start, so in range)
        if ((long) LONGS.get(buf, hashOpen) != HASH_OPEN_FIRST || (long) LONGS.get(buf, hashOpen + 1) != HASH_OPEN_LAST
                || buf[end - 2] != '"' || buf[end - 1] != '}') {
            return fail("line does not end with ,\"hash\":\"<64 hex>\"}");
        }
        if ((long) LONGS.get(buf, prevOpen) != PREV_OPEN_FIRST || (long) LONGS.get(buf, prevOpen + 1) != PREV_OPEN_LAST
                || buf[prevClose - 1] != '"') {
            return fail(version == 1 ? "member prev does not precede hash" : "member prev does not precede mac or hash");
        }
        if (macOpen >= 0 && !Hex.isLowerHex(buf, macOpen + 8, 64)) {
            return fail("member mac is not 64 lowercase hex characters");
        }
        if (!deferHex) {
            if (!Hex.isLowerHex(buf, prevOpen + 9, 64) || !Hex.isLowerHex(buf, hashOpen + 9, 64)) {
                return fail(HEX_ERROR);
            }
            return parseEpoch(bodyAt, prevOpen);
        }
        if (!parseEpoch(bodyAt, prevOpen)) {
            // parse checks hex first: report what it would have
            if (!Hex.isLowerHex(buf, prevOpen + 9, 64) || !Hex.isLowerHex(buf, hashOpen + 9, 64)) {
                error = HEX_ERROR;
            }
            return false;
        }
        hexPending = true;
        return true;
    }

    /**
     * Finds a version 2 record's {@code mac} member, which ends just before the hash member: the
     * literal {@code ,"mac":"} there cannot be part of a prev member (whose value has no comma
     * and whose literal has a quote at that place), so the test is unambiguous.
     *
     * @return where {@code ,"mac":"} starts, or -1
     */
    private int findMac(int bodyAt, int hashOpen) {
        int open = hashOpen - RecordFormat.MAC_SUFFIX_LENGTH;
        if (version < 2 || open <= bodyAt || (long) LONGS.get(buf, open) != MAC_OPEN_WORD || buf[hashOpen - 1] != '"') {
            return -1;
        }
        return open;
    }

    /**
     * Reads the optional {@code ep} member just before {@code prev} (keyed mode, docs/format.md sections 3-5).
     * In version 2, {@code ep} and {@code mac} appear together or not at all.
     */
    private boolean parseEpoch(int bodyAt, int prevOpen) {
        if (!readEpoch(bodyAt, prevOpen)) {
            return false;
        }
        if (version >= 2 && (ep >= 0) != (macOpen >= 0)) {
            return fail(ep >= 0 ? "member ep without mac: a keyed record has both, a plain record neither"
                    : "member mac without ep: a keyed record has both, a plain record neither");
        }
        return true;
    }

    private boolean readEpoch(int bodyAt, int prevOpen) {
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

    /** @return true if this record has a {@code mac} member (a keyed record of version 2) */
    public boolean hasMac() {
        return macOpen >= 0;
    }

    /**
     * Tells whether this record's stored hash is the SHA-256 of P, which anyone can check: every
     * record of version 2, and plain records of version 1. A keyed record of version 1 has an
     * HMAC as its hash ({@link #macValid}).
     *
     * @return true if {@link #hashValid} decides whether the hash is right
     */
    public boolean hashIsPublic() {
        return version >= 2 || ep < 0;
    }

    /**
     * Checks a keyed record's epoch MAC under the given key: in version 2 the {@code mac} member,
     * the HMAC-SHA256 of M (the line up to and including prev's closing quote); in version 1 the
     * stored hash, the HMAC-SHA256 of P.
     *
     * @param mac a MAC initialised with the key of this record's epoch
     * @return true if the MAC is valid
     * @throws IllegalStateException if the record is not keyed
     */
    public boolean macValid(javax.crypto.Mac mac) {
        if (ep < 0) {
            throw new IllegalStateException("a plain record has no MAC");
        }
        if (version == 1) {
            mac.update(buf, start, end - start - RecordFormat.HASH_SUFFIX_LENGTH);
            return Hex.matches(mac.doFinal(), buf, end - 64 - 2);
        }
        mac.update(buf, start, macOpen - start);
        return Hex.matches(mac.doFinal(), buf, macOpen + 8);
    }

    private boolean fail(String message) {
        error = message;
        return false;
    }

    /**
     * Tells whether the stored hash is SHA-256 of P, the line without its hash member.
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
        return hashMatches(digest);
    }

    /**
     * Tells whether the stored hash is the given SHA-256 of P, computed elsewhere over this
     * line's bytes ({@code io.govaudit.verify.HashAhead}).
     *
     * @param sha256OfP the 32-byte SHA-256 of this line without its hash suffix
     * @return true if the hash is valid
     */
    public boolean hashMatches(byte[] sha256OfP) {
        return Hex.matches(sha256OfP, buf, end - 64 - 2);
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
        // Four words per step, one branch: lines are hundreds of bytes long. The step's test is
        // the zero-byte test without its "& ~x": exact for ASCII text, it also fires on bytes
        // with bit 7 set (UTF-8), and then the exact test of newlines() decides.
        for (; i <= to - 4 * Long.BYTES; i += 4 * Long.BYTES) {
            long a = ((long) LONGS.get(bytes, i) ^ NEWLINES) - LOW_BITS;
            long b = ((long) LONGS.get(bytes, i + Long.BYTES) ^ NEWLINES) - LOW_BITS;
            long c = ((long) LONGS.get(bytes, i + 2 * Long.BYTES) ^ NEWLINES) - LOW_BITS;
            long d = ((long) LONGS.get(bytes, i + 3 * Long.BYTES) ^ NEWLINES) - LOW_BITS;
            if (((a | b | c | d) & HIGH_BITS) != 0) {
                for (int k = 0; k < 4; k++) {
                    long found = newlines((long) LONGS.get(bytes, i + k * Long.BYTES));
                    if (found != 0) {
                        return i + k * Long.BYTES + (Long.numberOfTrailingZeros(found) >>> 3);
                    }
                }
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
        long diff = 0;
        for (int i = 0; i < 64; i += Long.BYTES) {
            diff |= (long) LONGS.get(buf, prevAt + i) ^ (long) LONGS.get(hashHex, i);
        }
        return diff == 0;
    }

    /** @return this record's {@code prev}, as stored (64 lowercase hex characters) */
    public String prev() {
        return new String(buf, prevAt, 64, StandardCharsets.US_ASCII);
    }

    /**
     * Copies this record's stored hash (64 hex bytes) into {@code out}.
     *
     * @param out at least 64 bytes
     */
    public void copyHash(byte[] out) {
        // eight words rather than a call of the arraycopy stub, once per record
        int hashAt = end - 64 - 2;
        for (int i = 0; i < 64; i += Long.BYTES) {
            LONGS.set(out, i, (long) LONGS.get(buf, hashAt + i));
        }
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
     * @param chainBytes the expected chain id in ASCII; the answer for the chain id of the line
     *                   before is remembered per array, so the array must not change between calls
     * @return true if equal
     */
    public boolean chainEquals(byte[] chainBytes) {
        if (chainIsLast && chainBytes == lastChainArg) {
            return lastChainAnswer; // the same chain id as the line before, compared with the same bytes
        }
        boolean equal = chainBytes.length == chainLen && sameBytes(buf, chainAt, chainBytes, chainLen);
        if (chainIsLast) {
            lastChainArg = chainBytes;
            lastChainAnswer = equal;
        }
        return equal;
    }

    /** @return the type code */
    public String type() {
        // Consecutive records mostly share their type: reuse the string rather than decode and
        // allocate one per record.
        if (typeIsLast) {
            return lastType; // parse recognised it
        }
        if (lastType == null || typeLen != lastTypeLen || !sameBytes(buf, typeAt, lastTypeBytes, typeLen)) {
            lastType = new String(buf, typeAt, typeLen, StandardCharsets.UTF_8);
            System.arraycopy(buf, typeAt, lastTypeBytes, 0, typeLen);
            lastTypeLen = typeLen;
        }
        typeIsLast = true;
        return lastType;
    }

    private static boolean sameBytes(byte[] a, int offset, byte[] b, int length) {
        if (length >= Long.BYTES) {
            // whole words, the last one overlapping
            long diff = 0;
            int i = 0;
            for (; i < length - Long.BYTES; i += Long.BYTES) {
                diff |= (long) LONGS.get(a, offset + i) ^ (long) LONGS.get(b, i);
            }
            diff |= (long) LONGS.get(a, offset + length - Long.BYTES) ^ (long) LONGS.get(b, length - Long.BYTES);
            return diff == 0;
        }
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
        // the four (overlapping) words of TS_WORDS rather than a call of the arraycopy stub
        for (int w = 0; w < TS_WORDS.length; w++) {
            LONGS.set(out, TS_WORDS[w], (long) LONGS.get(buf, tsAt + TS_WORDS[w]));
        }
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
