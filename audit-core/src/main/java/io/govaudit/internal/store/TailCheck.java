package io.govaudit.internal.store;

import io.govaudit.internal.format.RecordView;
import java.security.MessageDigest;

/**
 * Decides whether the last complete line of a segment is a record the writer really wrote, for
 * tail recovery (STYLE.md S27). Plain records are checked by their SHA-256. A keyed record can be
 * checked only if it was sealed with the epoch key the writer still holds; records of earlier
 * epochs are judged by structure alone (the verifier, which has the seed, checks them fully).
 */
@FunctionalInterface
public interface TailCheck {

    /** Plain chains: the stored hash must be the SHA-256 of the line. */
    TailCheck PLAIN = (view, sha256) -> view.ep() < 0 && view.hashValid(sha256);

    /**
     * Tells whether a parsed line is an intact record.
     *
     * @param view   the parsed line
     * @param sha256 a digest to use
     * @return true if intact
     */
    boolean valid(RecordView view, MessageDigest sha256);
}
