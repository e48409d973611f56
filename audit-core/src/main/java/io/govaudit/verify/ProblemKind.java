package io.govaudit.verify;

/**
 * What the verifier found wrong with a chain. The names are stable codes: scripts and
 * integrations may switch on them (STYLE.md S15-S16). Each kind is either an integrity problem
 * (the log is not as its writer left it, or cannot be shown to be) or a warning.
 *
 * @since 0.1.0
 */
public enum ProblemKind {
    /**
     * A record's stored hash is not the hash of its bytes: the record was altered. The hash is
     * SHA-256 in every mode (format version 2), so this is found without any key; only keyed
     * records of format version 1 (hash = HMAC) need the seed.
     */
    HASH_MISMATCH(true),
    /**
     * A keyed record's {@code mac} is not the HMAC-SHA256 of its bytes under the key of the epoch
     * it names (found only with the seed): the record was changed and its public hash recomputed,
     * or it was sealed with another epoch's key (docs/format.md).
     */
    MAC_MISMATCH(true),
    /** A record's {@code prev} is not the hash of the record before it. */
    BROKEN_LINK(true),
    /** Records are missing: the seq jumps forward. */
    SEQ_GAP(true),
    /** A seq appears again (a duplicated or replayed record). */
    SEQ_REPEAT(true),
    /** A record appears after records that follow it in the chain (lines or segments moved). */
    SEQ_ORDER(true),
    /** A line is not a record of the supported format. */
    UNPARSEABLE(true),
    /** A record declares a format version this verifier does not read. */
    UNKNOWN_VERSION(true),
    /** A record names another chain than the directory it is stored in. */
    WRONG_CHAIN(true),
    /** A segment's first record does not have the seq its file name says. */
    SEGMENT_MISPLACED(true),
    /**
     * A database column that copies a member of the record (seq, time, type, actor, ...) does not
     * hold what the record's text says: the row was changed beside the record (JDBC stores).
     */
    COLUMN_MISMATCH(true),
    /**
     * The chain does not start at seq 1 and no {@code RETENTION_PURGE} record attests exactly
     * the missing prefix (its last seq and the hash of its last record).
     */
    UNATTESTED_GAP(true),
    /** A gzipped segment holds bytes after its gzip member: something was appended to it. */
    TRAILING_DATA(true),
    /** A checkpoint or key rotation signature does not verify, or names a key not trusted for it. */
    BAD_SIGNATURE(true),
    /**
     * The chain's head is behind what is known of it: its newest anchor, the writer's head mark,
     * the store's state, or the auditor's expected head ({@link AuditVerifier#expectHead}).
     * Records were cut from the end.
     */
    TRUNCATED(true),
    /**
     * A chain holds no record although something says it exists: its directory or state files,
     * segment rows in a database, its anchors, or the auditor's expectation
     * ({@link AuditVerifier#expectChain}). A verdict about nothing is never "intact".
     */
    NO_RECORDS(true),
    /**
     * The chain's writer continued it after records were lost (deleted, or the store restored
     * from an older copy), as an operator allowed: its {@code RECORDS_LOST} record names the
     * missing range. Always a problem: the missing records cannot be checked.
     */
    RECORDS_LOST(true),
    /** A checkpoint differs from the anchor published for it: the log was rewritten. */
    ANCHOR_MISMATCH(true),
    /** A keyed record names an earlier epoch than the record before it (a re-sealed record). */
    EPOCH_REGRESSION(true),
    /** A plain (unkeyed) record in a keyed chain: a segment was replaced without the key. */
    UNKEYED_RECORD(true),
    /** A closed segment of a signed chain does not end with its closing checkpoint. */
    MISSING_CHECKPOINT(true),
    /** A segment or the store could not be read. */
    IO_ERROR(true),
    /**
     * The newest segment ends in an incomplete line: its writer stopped mid-write (a crash or
     * power loss). The bytes were never acknowledged; reopening the chain quarantines them.
     */
    TORN_TAIL(false),
    /** A record's time is earlier than the time of the record before it. */
    TIME_REGRESSION(false),
    /**
     * The trail was stopped (store full or failing) and says how many events it did not record
     * and when: an attested recording gap under the capacity policy, not tampering.
     */
    RECORDING_GAP(false),
    /**
     * A keyed chain holding format version 1 records was verified without its seed: their links
     * were checked, their hashes (HMACs) were not.
     */
    HASHES_NOT_CHECKED(false),
    /**
     * A keyed chain was verified without its seed: hashes, links and (where a key or anchors were
     * given) signatures and anchors were checked; the epoch MACs, which add forward security for
     * records written before a compromise of the host, were not.
     */
    MACS_NOT_CHECKED(false),
    /** A signed chain was verified without a trusted public key: signatures were not checked. */
    SIGNATURES_NOT_CHECKED(false),
    /** Checkpoints of a signed chain are further apart than the configured gap. */
    CHECKPOINT_GAP(false),
    /**
     * A reader chain ({@code audit-cli-<host>}: the {@code AUDIT_LOG_READ} records audit-cli
     * writes into the store it reads) holds no keyed record or no checkpoint in a store verified
     * with the seed or a trusted key: audit-cli writes it without the application's keys. Its
     * records' hashes and links were checked. Any other chain without them is
     * {@link #UNKEYED_RECORD} or {@link #MISSING_CHECKPOINT}.
     *
     * @since 0.1.0
     */
    READER_CHAIN_UNSEALED(false);

    private final boolean integrityProblem;

    ProblemKind(boolean integrityProblem) {
        this.integrityProblem = integrityProblem;
    }

    /**
     * Tells whether this kind means the chain's integrity is not shown (exit status 1 of
     * {@code audit-cli verify}) rather than a warning.
     *
     * @return true for integrity problems
     */
    public boolean isIntegrityProblem() {
        return integrityProblem;
    }
}
