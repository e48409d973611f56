package io.govaudit.spi;

import java.util.Objects;

/**
 * One published checkpoint (docs/format.md sections 3-5): enough for a verifier to tell, later, that the
 * log once reached {@code seq} with exactly this history.
 *
 * @param chain  the chain id
 * @param seq    the seq of the {@code CHECKPOINT} record itself
 * @param atSeq  the seq of the record it covers (the one before it)
 * @param atHash that record's hash
 * @param ts     the {@code ts} of the {@code CHECKPOINT} record, as stored
 * @param key    the id of the key that signed it
 * @param sig    the signature, base64url without padding
 * @since 0.1.0
 */
public record Anchor(String chain, long seq, long atSeq, String atHash, String ts, String key, String sig) {

    /**
     * Creates an anchor.
     *
     * @throws NullPointerException if a text member is null
     */
    public Anchor {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(atHash, "atHash");
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(sig, "sig");
    }
}
