package io.govaudit.internal.format;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;

/**
 * Gives encoded bodies their place in the chain: {@code chain}, {@code seq}, {@code ts},
 * {@code prev}, in keyed mode {@code ep} and {@code mac}, and {@code hash} (docs/format.md).
 *
 * <p>Hashing: in keyed mode the mac is the HMAC of the line up to prev (M) and is written before
 * the hash; the hash is the SHA-256 of everything before the hash member (P), in every mode, so
 * it covers the mac and anyone can check it. One HMAC and one SHA-256 per keyed record, over
 * the batch buffer in place (no copy of the line).
 *
 * <p>Ordering: seq, ts, prev and hash are decided here, on the writer thread, in the order the
 * bytes are written (STYLE.md S19), so the order in the file is the order of the chain.
 *
 * <p>Not thread-safe: owned by the single writer of one chain.
 */
public final class ChainEncoder {

    private static final byte[] TS_OPEN = ",\"ts\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TS_CLOSE = "\",".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LINE_END = "\"}\n".getBytes(StandardCharsets.US_ASCII);

    private final byte[] chainPrefix;
    private final RecordHasher hasher;
    private final Timestamps timestamps = new Timestamps();
    private final byte[] prevHex = new byte[64];
    private long lastSeq;

    /**
     * Creates an encoder that continues a chain.
     *
     * @param chainId  the chain id (already validated)
     * @param lastSeq  the seq of the last record on disk, 0 for a new chain
     * @param lastHash the hex hash of that record, or {@link RecordFormat#GENESIS_PREV}
     */
    public ChainEncoder(String chainId, long lastSeq, String lastHash) {
        this(chainId, lastSeq, lastHash, RecordHasher.plain());
    }

    /**
     * Creates an encoder that continues a chain with the given hash mode.
     *
     * @param chainId  the chain id (already validated)
     * @param lastSeq  the seq of the last record on disk, 0 for a new chain
     * @param lastHash the hex hash of that record, or {@link RecordFormat#GENESIS_PREV}
     * @param hasher   plain, or keyed (which adds the {@code ep} and {@code mac} members)
     */
    public ChainEncoder(String chainId, long lastSeq, String lastHash, RecordHasher hasher) {
        this.hasher = hasher;
        this.chainPrefix = ("{\"v\":" + RecordFormat.FORMAT_VERSION + ",\"chain\":\"" + chainId
                + "\",\"seq\":").getBytes(StandardCharsets.US_ASCII);
        reset(lastSeq, lastHash);
    }

    /**
     * Moves the chain back to a record already on disk, after records encoded past it could not
     * be made durable and were cut.
     *
     * @param lastSeq  the seq of the last durable record, 0 for none
     * @param lastHash its hex hash, or {@link RecordFormat#GENESIS_PREV}
     */
    public void reset(long lastSeq, String lastHash) {
        byte[] hex = lastHash.getBytes(StandardCharsets.US_ASCII);
        if (hex.length != 64 || !Hex.isLowerHex(hex, 0, 64)) {
            throw new IllegalArgumentException("last hash must be 64 lowercase hex characters");
        }
        this.lastSeq = lastSeq;
        System.arraycopy(hex, 0, prevHex, 0, 64);
    }

    /**
     * Appends the next record of the chain to {@code out}.
     *
     * @param out  the batch buffer
     * @param body the encoded body from {@link BodyEncoder}
     * @param ts   the record's time
     * @return the seq given to the record
     */
    public long append(LineBuffer out, byte[] body, Instant ts) {
        long seq = lastSeq + 1;
        int start = out.size();
        out.put(chainPrefix);
        out.putLong(seq);
        out.put(TS_OPEN);
        int tsAt = out.size();
        out.skip(Timestamps.LENGTH);
        timestamps.format(ts, out.data(), tsAt);
        out.put(TS_CLOSE);
        out.put(body);
        long epoch = hasher.epoch();
        if (epoch >= 0) {
            out.put(RecordFormat.EP_OPEN);
            out.putLong(epoch);
        }
        out.put(RecordFormat.PREV_OPEN);
        out.put(prevHex);
        out.put((byte) '"');
        if (epoch >= 0) {
            byte[] mac = hasher.mac(out.data(), start, out.size() - start);
            out.put(RecordFormat.MAC_OPEN);
            int macAt = out.size();
            out.skip(64);
            Hex.encode(mac, out.data(), macAt);
            out.put((byte) '"');
        }
        byte[] hash = hasher.hash(out.data(), start, out.size() - start);
        out.put(RecordFormat.HASH_OPEN);
        int hashAt = out.size();
        out.skip(64);
        Hex.encode(hash, out.data(), hashAt);
        System.arraycopy(out.data(), hashAt, prevHex, 0, 64);
        out.put(LINE_END);
        lastSeq = seq;
        return seq;
    }

    /** @return the seq of the last record encoded (or on disk when nothing was encoded yet) */
    public long lastSeq() {
        return lastSeq;
    }

    /** @return the hex hash of the last record */
    public String lastHash() {
        return new String(prevHex, StandardCharsets.US_ASCII);
    }
}
