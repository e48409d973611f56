package io.govaudit.internal.store;

import io.govaudit.internal.format.RecordView;
import java.security.MessageDigest;

/**
 * Decides whether the last complete line of a segment is a record the writer really wrote, for
 * tail recovery (STYLE.md S27). A line is complete and valid when it parses, names the chain and
 * its stored hash is the SHA-256 of its bytes (docs/format.md): a torn or half-overwritten line
 * cannot pass that. A keyed record's mac is checked too when it was sealed with the epoch key the
 * writer still holds; records of earlier epochs keep only the public hash check (the verifier,
 * which has the seed, checks their MACs). Keyed records of format version 1, whose hash is the
 * MAC, are judged by structure alone when their epoch is an earlier one.
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
