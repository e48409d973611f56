package io.govaudit.internal.query;

import java.time.Instant;

/** The order of records across chains: time, then chain id, then seq. */
final class Keys {

    private Keys() {
    }

    static int compare(Instant ts, String chain, long seq, Instant otherTs, String otherChain, long otherSeq) {
        int c = ts.compareTo(otherTs);
        if (c != 0) {
            return c;
        }
        c = chain.compareTo(otherChain);
        return c != 0 ? c : Long.compare(seq, otherSeq);
    }
}
